/**
 * Telegram, posting into a channel, group or chat with the Bot API
 * (https://core.telegram.org/bots/api; {@code https://api.telegram.org/bot{token}/{method}}, the
 * base overridable with {@code OCTOPOST_NETWORKS_TELEGRAM_BASE_URL}; server source at
 * https://github.com/tdlib/telegram-bot-api): {@code sendMessage}, {@code sendPhoto},
 * {@code sendVideo} and {@code sendMediaGroup} for albums, {@code deleteMessage}. Auth is the bot
 * token from @BotFather in the URL path, so URLs built here are never logged or put in messages;
 * it never expires, and the bot must be a member of the target chat (an administrator allowed to
 * post, in a channel). Connecting ({@code bot_token}, {@code chat_id} as {@code @username} or a
 * numeric id) calls {@code getMe}, {@code getChat} and {@code getChatMember}, and stores the
 * chat's numeric id, which survives a username change. A text message holds 1–4096 characters and
 * a media caption 0–1024, both counted after entity parsing in UTF-16 code units (Octopost sends
 * plain text, no {@code parse_mode}, so the whole text counts); so the text rules switch to the
 * caption's when media is attached. Photos are up to 10 MB, other uploads (video, MP4) up to 50
 * MB, uploaded as multipart; one file goes with {@code sendPhoto}/{@code sendVideo}, several as an
 * album of 2–10 photos and videos ({@code attach://} parts, the caption on the first item; more
 * than 10 is refused before any call). Telegram has no alt text. Segments are messages replying to
 * the previous one ({@code reply_parameters}). The post id is the {@code message_id} (an album's
 * first; the others are kept in the refs), the chat id is kept in the refs, and the link is
 * {@code t.me/{username}/{id}}, or {@code t.me/c/{id without -100}/{id}} for a private channel or
 * supergroup (basic groups and private chats have none). Errors come as
 * {@code {"ok":false,"error_code","description","parameters"}}: 401 and 404 mean the token is
 * wrong or revoked (reconnect), 429 carries {@code parameters.retry_after}, a group upgraded to a
 * supergroup ({@code migrate_to_chat_id}) needs reconnecting with the new id, other 4xx are
 * refusals with Telegram's description, 5xx are transient. Nothing is processed asynchronously,
 * there is no idempotency key, and {@code deleteMessage} works only on messages less than 48 hours
 * old (only an album's first message is deleted, since only its id is the post id).
 */
package ink.octopost.networks.telegram;

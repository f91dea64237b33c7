/**
 * Telegram, posting into a channel, group or chat with the Bot API
 * ({@code https://api.telegram.org/bot{token}/{method}}; server source at
 * https://github.com/tdlib/telegram-bot-api): {@code sendMessage}, {@code sendPhoto},
 * {@code sendVideo} and {@code sendMediaGroup} for albums. Auth is the bot token from @BotFather in
 * the URL path; it never expires, and the bot must be a member (or admin) of the target chat. A text
 * message holds 1–4096 characters and a media caption 0–1024, both counted after entity parsing in
 * UTF-16 code units (Octopost sends plain text, so the whole text counts); so the text rules switch
 * to the caption's when media is attached. Photos are up to 10 MB, other uploads (video, MP4) up to
 * 50 MB; an album holds up to 10 photos and videos, mixed (the capability model checks images and
 * the video separately, not the album's total). Telegram has no alt text. Segments are follow-up
 * messages replying to the previous one ({@code reply_parameters}). Nothing is processed
 * asynchronously, there is no idempotency key, and {@code deleteMessage} works only on messages less
 * than 48 hours old.
 */
package ink.octopost.networks.telegram;

/**
 * Discord, posting messages into a channel through a webhook
 * (https://discord.com/api/v10; webhooks at
 * https://github.com/discord/discord-api-docs/blob/main/developers/resources/webhook.mdx, messages and
 * limits at https://github.com/discord/discord-api-docs/blob/main/developers/resources/message.mdx,
 * errors at https://github.com/discord/discord-api-docs/blob/main/developers/topics/opcodes-and-status-codes.mdx,
 * rate limits at https://github.com/discord/discord-api-docs/blob/main/developers/topics/rate-limits.mdx).
 * Auth is the webhook URL itself: its token is the credential, it never expires, and it dies only
 * when someone deletes the webhook. Connecting reads the webhook ({@code GET}) for its name,
 * channel and guild; only URLs under the configured base ({@code OCTOPOST_NETWORKS_DISCORD_BASE_URL},
 * default {@code https://discord.com/api}, plus Discord's own older hosts when it is the default)
 * are accepted, and only the webhook's id and token are stored, so every call goes to that base and
 * a pasted URL can never point Octopost at another host; URLs carry the token, so none is logged or
 * put in a message. Messages are sent with {@code POST .../webhooks/{id}/{token}?wait=true} (without
 * {@code wait} Discord answers 204 and no message id). {@code content} is limited to 2000
 * characters, counted here as UTF-16 code units (embeds have their own limits, 6000 characters in
 * all, and are not sent). Files go as multipart {@code files[n]} parts next to
 * {@code payload_json}, whose {@code attachments} give each file's {@code description}: its alt text,
 * up to 1024 characters. Any mix of images and videos, 10 MiB per file without boosts, 25 MiB per
 * request (checked before the call); 10 attachments per message is assumed (not confirmed). A
 * message may be files alone. Webhooks cannot reply ({@code message_reference} is for bots), so
 * segments are follow-up messages in the same channel, in order. The post id is the message id; the
 * link is {@code https://discord.com/channels/{guild}/{channel}/{message}}. Errors are
 * {@code {"message","code","errors"}}: 401 (50027 Invalid Webhook Token) and 404 (10015 Unknown
 * Webhook) mean the webhook is gone, so the account needs reconnecting and is not retried (repeated
 * 404s on a webhook get an IP banned); 429 waits for the body's {@code retry_after} (seconds, with
 * decimals), else {@code X-RateLimit-Reset-After} or {@code Retry-After}; 400 (50035 Invalid Form
 * Body, reported field by field), 403 and 413 are refusals; 5xx are transient. Nothing is processed
 * asynchronously, there is no idempotency key for webhooks, and messages are deleted with
 * {@code DELETE .../messages/{id}} (one already gone, 10008 Unknown Message, counts as deleted).
 */
package ink.octopost.networks.discord;

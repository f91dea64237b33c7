/**
 * Discord, posting messages into a channel through a webhook or a bot
 * (https://discord.com/api/v10; webhooks at
 * https://github.com/discord/discord-api-docs/blob/main/developers/resources/webhook.mdx, messages and
 * limits at https://github.com/discord/discord-api-docs/blob/main/developers/resources/message.mdx).
 * Auth is the webhook URL itself (its token is the credential) or a bot token
 * ({@code Authorization: Bot ...}); neither expires. {@code content} is limited to 2000 characters,
 * counted here as UTF-16 code units (embeds have their own limits, 6000 characters in all). Files go
 * as multipart {@code files[n]} parts next to {@code payload_json}: any mix of images and videos, 10
 * MiB per file without boosts, 25 MiB per request; 10 attachments per message is assumed (not
 * confirmed); an attachment's {@code description} is its alt text, up to 1024 characters. A message
 * may be files alone. Segments are follow-up messages in the same channel or thread (a bot can also
 * reply with {@code message_reference}); a webhook only returns the message with {@code ?wait=true}.
 * Nothing is processed asynchronously, there is no idempotency key for webhooks, and messages are
 * deleted with {@code DELETE .../messages/{id}}.
 */
package ink.octopost.networks.discord;

/**
 * Mastodon, any instance of the federated network, through its REST API
 * (https://docs.joinmastodon.org, {@code POST /api/v1/statuses} at
 * https://docs.joinmastodon.org/methods/statuses/, media at
 * https://docs.joinmastodon.org/methods/media/). Auth is OAuth 2.0 with PKCE against the user's own
 * instance (an app is registered per instance with {@code POST /api/v1/apps}; scopes
 * {@code write:statuses write:media}, and {@code read:accounts} to learn whose token it is); tokens
 * never expire and there is no refresh. Text is counted
 * like upstream {@code StatusLengthValidator}: extended grapheme clusters, where every
 * {@code http(s)://} URL counts as 23 ({@code characters_reserved_per_url}) and a mention
 * {@code @user@domain} counts only as {@code @user}; the limit is the instance's
 * {@code configuration.statuses.max_characters}, 500 by default, and the content warning
 * ({@code spoiler_text}) counts with the text. A status may be media only. By default it carries
 * up to 4 attachments, images up to 16 MiB or one video up to 99 MiB, never images and a video
 * together, and alt text ({@code description}) up to 1500 characters. Each account gets its own
 * instance's limits ({@code InstanceLimits}): read from
 * {@code GET /api/v2/instance}, else {@code /api/v1/instance} (older Mastodon, and Pleroma and
 * Akkoma with {@code max_toot_chars}, {@code upload_limit}, {@code description_limit}), else the
 * defaults, at connect time and about daily after. Per-post options through
 * {@code overrides.mastodon}: {@code visibility} ({@code public}, {@code unlisted},
 * {@code private}, {@code direct}; {@code public} when unset), {@code spoiler_text} and
 * {@code sensitive}, sent with every status of a thread. Video uploads answer 202 and are polled
 * until processed. A thread is a chain of replies ({@code in_reply_to_id}). Publishing is idempotent: the
 * {@code Idempotency-Key} header makes the instance return the first status for a retry within an
 * hour. Statuses are deleted with {@code DELETE /api/v1/statuses/{id}}.
 */
package ink.octopost.networks.mastodon;

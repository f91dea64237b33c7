/**
 * Bluesky, an AT Protocol network: a post is an {@code app.bsky.feed.post} record written with
 * {@code com.atproto.repo.createRecord} on the user's PDS, through XRPC ({@code /xrpc/{NSID}},
 * procedures POST JSON, errors {@code {"error", "message"}}). Docs: posts
 * https://docs.bsky.app/docs/advanced-guides/posts, rich text
 * https://docs.bsky.app/docs/advanced-guides/post-richtext, rate limits
 * https://docs.bsky.app/docs/advanced-guides/rate-limits, XRPC https://atproto.com/specs/xrpc, record
 * keys https://atproto.com/specs/tid, lexicons in https://github.com/bluesky-social/atproto/tree/main/lexicons.
 *
 * <p>Auth: an app-password session. {@code POST /v1/accounts} takes {@code identifier} (handle),
 * {@code app_password} and optionally {@code service_url} (the PDS or the bsky.social entryway,
 * which serves every call here; {@code OCTOPOST_NETWORKS_BLUESKY_BASE_URL} by default) and calls
 * {@code createSession}; the account stores both JWTs, the DID, the handle and the app password,
 * and the service URL as its instance URL. createSession is limited to 30 per 5 minutes and 300 a
 * day per account, so publishing reuses the access JWT (about 2 h; its {@code exp} is read, not
 * assumed). {@code ExpiredToken} (a 400) means refresh: {@code refreshSession} with the refresh JWT
 * as bearer rotates both JWTs; when the refresh JWT is itself expired or invalid (90 days, or
 * revoked) a new session is made from the stored app password, and only when that is refused does
 * the account need reconnecting. atproto OAuth (PAR, PKCE, DPoP) is not used.
 *
 * <p>Quirks: text is limited twice (300 extended grapheme clusters and 3000 UTF-8 bytes), links
 * count at full length; links, mentions and hashtags are only rich text when the client sends
 * facets, whose ranges are UTF-8 byte offsets ({@code Facets},
 * detected like the Bluesky app does; a mention is resolved with {@code resolveHandle} and stays
 * plain text when it does not resolve). Media goes up with {@code uploadBlob} and the blob object
 * it answers goes into the embed unchanged (the PDS types a blob by its bytes, not by the declared
 * Content-Type): up to 4 images ({@code image/*}, 1,000,000 bytes) with alt text and
 * {@code aspectRatio} read from the file's header, or one MP4 video with its title as alt text,
 * never both. Videos go through Bluesky's video service ({@code BlueskyVideo}:
 * getUploadLimits, getServiceAuth for the account's PDS (its DID document's endpoint, else
 * describeServer), uploadVideo, getJobStatus
 * polling; {@code OCTOPOST_NETWORKS_BLUESKY_VIDEO_*}), or straight to the PDS when no service is
 * configured or, if so configured, when the service cannot take them. Without media, the first link gets a card
 * ({@code app.bsky.embed.external}) from the page's Open Graph tags, or none if the page fails. A
 * thread is a chain of replies whose {@code reply.root} and {@code reply.parent} are strong refs
 * ({@code uri} and {@code cid}; the cid is kept in {@code Published.refs}). Publishing is
 * idempotent because the connector chooses the record key: a TID derived from the idempotency key,
 * so a retry writes the same {@code at://} URI. A taken key has no error of its own (the reference
 * PDS answers 500 InternalServerError, others 409 or 400), so a refused create is checked with
 * {@code getRecord} and an existing record is the answer. Errors: {@code ExpiredToken} is
 * credentials expired; {@code InvalidToken}, {@code AuthenticationRequired}, {@code AuthMissing},
 * {@code AccountTakedown} and any 401 need reconnecting (a revoked app password is seen late: the
 * reference PDS keeps honouring access JWTs issued before, answers the refresh with
 * {@code ExpiredToken "Token has been revoked"}, and createSession with 401); a refresh JWT used
 * twice within 2 hours gets the same answer; 429 retries at {@code RateLimit-Reset}
 * (epoch seconds); {@code InvalidRequest} and other 4xx are refusals; 5xx except 501 are
 * transient. The post's id is its AT URI, its URL {@code https://bsky.app/profile/{handle}/post/{rkey}};
 * posts are deleted with {@code deleteRecord}, which is idempotent.
 */
package ink.octopost.networks.bluesky;

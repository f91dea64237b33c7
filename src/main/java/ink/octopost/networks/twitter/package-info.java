/**
 * X (formerly Twitter), publishing through API v2 ({@code POST /2/tweets},
 * https://docs.x.com/x-api/posts/manage-tweets/integrate; OpenAPI at https://api.x.com/2/openapi.json)
 * and the v2 chunked media upload (https://docs.x.com/x-api/media/quickstart/media-upload-chunked).
 * Auth is a user-context OAuth 2.0 Authorization Code + PKCE token (scopes {@code tweet.read
 * tweet.write users.read media.write offline.access}; 2-hour access tokens, a refresh token only
 * with {@code offline.access}) or OAuth 1.0a; app-only tokens cannot post. Text is counted by
 * twitter-text v3 (https://docs.x.com/fundamentals/counting-characters): 280 weighted characters
 * after NFC normalisation, Latin and general punctuation weigh 1, CJK and most other scripts 2, any
 * emoji sequence (ZWJ, skin tone, flag) 2, every URL 23; media add nothing. A post carries up to 4
 * images (JPEG, PNG, GIF, WEBP, 5 MB each) or one video (MP4, 512 MB, 0.5–140 s), never both; an
 * animated GIF (up to 15 MB) must be alone, which the capabilities cannot express. Alt text is up to
 * 1000 characters ({@code POST /2/media/metadata}). A thread is a chain of replies; since Feb 2026
 * self-serve tiers only allow "summoned" replies, so a self-thread may be refused with 403. Video
 * must be polled until processed; there is no idempotency key (duplicate content is refused with
 * 403, so a retried publish is never blindly repeated); posts are deleted with {@code DELETE
 * /2/tweets/{id}}. Refresh tokens are single use and rotate on every refresh; Octopost refreshes
 * five minutes before the two-hour expiry and on a 401, which X sends alike for an expired and a
 * revoked token (a refused refresh is what tells them apart). Base URL: {@code
 * OCTOPOST_NETWORKS_TWITTER_BASE_URL} (the API and token endpoint; the consent page moves with it).
 */
package ink.octopost.networks.twitter;

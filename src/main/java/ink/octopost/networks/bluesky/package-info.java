/**
 * Bluesky, an AT Protocol network: a post is an {@code app.bsky.feed.post} record written with
 * {@code com.atproto.repo.createRecord} on the user's PDS (https://docs.bsky.app/docs/advanced-guides/posts,
 * https://docs.bsky.app/docs/advanced-guides/api-directory, lexicons in
 * https://github.com/bluesky-social/bsky-docs). Auth is an app-password session
 * ({@code createSession}, access JWT about 2 h, refresh JWT about 90 days via {@code refreshSession};
 * sessions must be cached, createSession is limited to 30 per 5 min) or atproto OAuth with PKCE, PAR
 * and DPoP. Text is limited twice (lexicon {@code maxGraphemes: 300}, {@code maxLength: 3000}): 300
 * extended grapheme clusters and 3000 UTF-8 bytes, so long emoji ZWJ sequences can hit the byte limit
 * first; links count at full length and links, mentions and hashtags are only rich text when the
 * client sends facets with UTF-8 byte offsets. A post embeds up to 4 images ({@code image/*},
 * 1,000,000 bytes each) or one MP4 video (100,000,000 bytes, uploaded through video.bsky.app and
 * polled with {@code getJobStatus}), never both; image alt text is limited to 2000 by the Bluesky app
 * (video alt 1000 graphemes). A thread is a chain of replies whose {@code reply.root} and
 * {@code reply.parent} carry uri and cid. Publishing is idempotent because the connector chooses the
 * record key ({@code rkey}): a retried create with the same key cannot make a second post. Posts are
 * deleted with {@code deleteRecord}.
 */
package ink.octopost.networks.bluesky;

/**
 * Facebook Pages, publishing as a Page through the Graph API
 * (https://developers.facebook.com/docs/pages-api/posts, photos at
 * https://developers.facebook.com/docs/graph-api/reference/page/photos, video at
 * https://developers.facebook.com/docs/video-api/guides/publishing). Auth is Facebook Login
 * ({@code pages_show_list, pages_read_engagement, pages_manage_posts, pages_manage_engagement,
 * publish_video}): the code becomes a short-lived user token, then a long-lived one, then one Page
 * token per Page from {@code /me/accounts}; a Page token got that way does not expire but dies on a
 * password change or app removal; there is no refresh, error 190 means reconnect. Text and links go to
 * {@code POST /{page-id}/feed} ({@code message}, {@code link}); the limit of 63,206 characters is a
 * widely used constant, not confirmed by Meta, counted here as UTF-16 code units. Photos (one to ten,
 * JPEG or PNG, 4 MB recommended) are pulled by Meta from Octopost's signed URLs as unpublished photos
 * and attached to one feed post with {@code attached_media}; a video is its own post, uploaded in
 * resumable phases on the graph-video host and then watched ({@code fields=status}) without holding a
 * thread. The Pages posts documentation names no alt-text field for these uploads, so Octopost sends
 * none and drops it. There are no threads (a first comment is an option), no idempotency key (error 506
 * refuses a duplicate), and posts are deleted with {@code DELETE /{post-id}}.
 */
package ink.octopost.networks.facebook;

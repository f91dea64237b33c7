/**
 * Facebook Pages, publishing as a Page through the Graph API
 * (https://developers.facebook.com/docs/pages-api/posts, photos at
 * https://developers.facebook.com/docs/graph-api/reference/page/photos, video at
 * https://developers.facebook.com/docs/video-api/guides/publishing). Auth is Facebook Login
 * ({@code pages_manage_posts, pages_read_engagement, pages_show_list}, plus {@code publish_video});
 * a long-lived (60-day) user token yields a Page token that does not expire but dies on a password
 * change or app removal; there is no refresh, error 190 means re-authorize. Text goes to
 * {@code POST /{page-id}/feed} ({@code message}); the limit of 63,206 characters is a widely used
 * constant, not confirmed by Meta, counted here as UTF-16 code units. Several photos are uploaded
 * unpublished and attached with {@code attached_media} (JPEG or PNG, 4 MB recommended); the number
 * per post is not documented, 10 is assumed; a video is its own post on the graph-video host
 * ({@code POST /{page-id}/videos}, 10 GB assumed) and cannot be combined with photos; its processing
 * can be watched ({@code fields=status}) but nothing must be polled before the post exists. The Pages
 * posts documentation names no alt-text field for these uploads, so Octopost sends none and drops it.
 * There are no threads (a follow-up would be a comment), no idempotency key (error 506 refuses a
 * duplicate), and posts are deleted with {@code DELETE /{post-id}}.
 */
package ink.octopost.networks.facebook;

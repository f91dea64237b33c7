/**
 * TikTok, publishing videos and photo posts through the Content Posting API
 * (https://open.tiktokapis.com/v2; https://developers.tiktok.com/doc/content-posting-api-get-started/,
 * https://developers.tiktok.com/doc/content-posting-api-reference-direct-post,
 * https://developers.tiktok.com/doc/content-posting-api-reference-photo-post). Auth is OAuth 2.0 with
 * a {@code client_key} (scopes {@code user.info.basic,video.publish,video.upload}); access tokens
 * live 2 hours (24 h in older docs) and refresh tokens rotate on every refresh; apps that have not
 * passed TikTok's audit can only post privately ({@code SELF_ONLY}), and {@code creator_info/query}
 * must be read before posting. Every post needs media: one video (MP4, WebM or MOV, up to 4 GB,
 * uploaded in chunks with {@code Content-Range}) or up to 35 photos (JPEG or WEBP, 20 MB, pulled from
 * a verified URL), never both. The text is the video caption ({@code post_info.title}), 2200 UTF-16
 * code units by third-party documentation; a photo post's title is limited to 90 and its description
 * to 4000, and the same 2200 is applied to photo posts (the text goes to the description). TikTok has
 * no alt text. Publishing is asynchronous ({@code status/fetch} until {@code PUBLISH_COMPLETE}, and
 * the public post id appears only after moderation); there are no threads, no idempotency key, and no
 * delete endpoint.
 */
package ink.octopost.networks.tiktok;

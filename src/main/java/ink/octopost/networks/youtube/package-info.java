/**
 * YouTube, uploading videos with the Data API v3 {@code videos.insert}
 * (https://developers.google.com/youtube/v3/docs/videos/insert) over Google's resumable upload
 * protocol (https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol: a
 * session URI in {@code Location}, chunks answered with 308 until the video resource). Auth is Google
 * OAuth 2.0 (scope {@code https://www.googleapis.com/auth/youtube.upload}, {@code youtube} to delete;
 * 1-hour access tokens, refresh tokens that die after 7 days while the consent screen is in
 * "Testing"); videos from unaudited API projects are forced private, and {@code videos.insert} has its
 * own daily quota. Every post is exactly one video (any {@code video/*} type, up to 256 GB) and no
 * images; alt text does not exist. The post's text is the description: 5000 characters, counted as
 * UTF-16 code units, and also at most 5000 UTF-8 bytes because the Data API documents the limit in
 * bytes; the video title is required and limited to 100 characters; neither may contain {@code <} or
 * {@code >}, which the capability model cannot check. Processing after upload is asynchronous. There
 * are no threads and no idempotency key; videos are deleted with {@code DELETE /youtube/v3/videos}.
 */
package ink.octopost.networks.youtube;

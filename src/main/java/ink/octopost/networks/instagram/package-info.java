/**
 * Instagram, publishing to professional (Business or Creator) accounts through the Instagram Graph
 * API's content publishing (https://developers.facebook.com/docs/instagram-platform/content-publishing/,
 * https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media).
 * Auth is Instagram Login ({@code graph.instagram.com}, scopes
 * {@code instagram_business_basic,instagram_business_content_publish}; a 1-hour token exchanged for
 * 60 days and refreshed with {@code ig_refresh_token}) or Facebook Login with a Page-linked account.
 * Publishing is a container ({@code POST /{ig-user-id}/media}; Meta fetches media from a public URL)
 * polled until {@code FINISHED}, then {@code media_publish}; single videos become reels; the daily
 * publishing quota must be read at run time. Every post needs media: one image (JPEG only, 8 MB),
 * one reel (MP4 or MOV, 300 MB) or a carousel of up to 10 images and videos, mixed (the image and
 * video counts are checked separately, so 10 images plus a video passes the check although a carousel
 * holds 10 items). The caption is limited to 2200 characters, counted as UTF-16 code units; Instagram
 * also refuses more than 30 hashtags and 20 @-tags, which the capability model cannot express as a
 * second text rule, so they are not checked here. Image alt text ({@code alt_text}, since 2025) has no
 * published limit; 1000 is assumed. There are no threads (a follow-up would be a comment), no
 * idempotency key, and no delete through the API.
 */
package ink.octopost.networks.instagram;

/**
 * LinkedIn, publishing member or organization posts through the versioned Posts API
 * ({@code POST /rest/posts},
 * https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api)
 * with the Images and Videos APIs for media
 * (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api,
 * https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/videos-api).
 * Auth is the OAuth 2.0 authorization code flow with a client secret (scopes {@code openid profile
 * w_member_social}, plus {@code w_organization_social rw_organization_admin} for pages when enabled):
 * one login offers the member ({@code urn:li:person:{sub}} from {@code /v2/userinfo}) and each page it
 * administers ({@code /rest/organizationAcls}), each its own account; access tokens live 60 days and
 * refresh tokens (365 days) exist only for approved partners, so most users re-authorize every 60
 * days; every call sends {@code LinkedIn-Version: YYYYMM} and {@code X-Restli-Protocol-Version: 2.0.0}.
 * The {@code commentary} is limited to 3000 characters (a widely used value, not confirmed in
 * LinkedIn's pages), counted here as UTF-16 code units; it uses the "little" text format, in which
 * {@code \ | { } @ [ ] ( ) < > # * _ ~} must be backslash-escaped or the post is silently cut, and
 * whether the escapes count is not documented. A post carries one video (MP4, up to about 500 MB) or
 * images (2 to 20 in a multi-image post, JPEG, PNG or GIF), never both; media alt text is up to 4086
 * characters. Uploaded media is processed asynchronously and must be {@code AVAILABLE} before the
 * post is created. There are no threads (a follow-up would be a comment) and no idempotency key; the
 * post URN comes back in the {@code x-restli-id} header and the post is deleted with
 * {@code DELETE /rest/posts/{urn}}.
 */
package ink.octopost.networks.linkedin;

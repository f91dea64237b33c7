/**
 * Connected network accounts: several per platform, one default per platform, a status ({@code
 * active}, {@code needs_reconnect}, {@code disconnected}) and credentials sealed with AES-256-GCM
 * (bound to the account id). Reconnecting the same network identity keeps the account's id and
 * never drops a refresh token it already had. Beside the sealed credentials an account keeps what
 * its network said about its own limits (a Mastodon instance's), not secret, read at connect time
 * and again on a publish once a day old; {@code AccountService#capabilities} turns them into what
 * validation, scheduling and publishing check. Disconnecting destroys the credentials and keeps
 * the row, so posts keep their history. Test keys see only built-in sandbox accounts. OAuth
 * networks connect through {@code GET /v1/accounts/connect-url} and the unauthenticated callback
 * {@code /oauth/callback/{platform}}: a single-use state (stored as a hash, bound to the workspace
 * and user, 10 minutes), a PKCE S256 verifier sealed beside it, and per-instance OAuth apps
 * (Mastodon) remembered with their secrets sealed. A login that grants several accounts (Facebook
 * Pages) keeps them as a pending connection (30 minutes, single use, credentials sealed) that the
 * user chooses from on a small server-rendered page ({@code /connect/pending/{id}}) or through
 * {@code /v1/accounts/pending/{id}}.
 */
package ink.octopost.accounts;

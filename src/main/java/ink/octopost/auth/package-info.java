/**
 * API keys and the request principal. A key ({@code oct_live_...} or {@code oct_test_...}) is
 * stored only as its SHA-256 hash, is checked on every request (so revocation takes effect at
 * once), and carries scopes that {@link ink.octopost.auth.RequiresScope} enforces per endpoint.
 * Also the first-start bootstrap of a workspace, its owner and a key.
 */
package ink.octopost.auth;

package ink.octopost.accounts;

import ink.octopost.networks.AccountLimits;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.Platform;
import java.time.Instant;
import java.util.Map;

/**
 * A verified network identity and its credentials, as a connection flow hands it over.
 *
 * @param instanceUrl the Mastodon instance or Bluesky PDS, or null
 * @param credentials the secrets (tokens, passwords, webhook URLs); sealed before they are stored
 * @param tokenExpiresAt when the access token expires, or null
 * @param limits the account's own limits, where the network has them (not secret), or null
 */
public record Connection(
    String workspaceId,
    boolean sandbox,
    Platform platform,
    String platformUserId,
    String username,
    String displayName,
    String avatarUrl,
    String instanceUrl,
    Map<String, String> credentials,
    Instant tokenExpiresAt,
    AccountLimits limits) {

  public Connection(String workspaceId, boolean sandbox, Platform platform, String platformUserId, String username,
      String displayName, String avatarUrl, String instanceUrl, Map<String, String> credentials, Instant tokenExpiresAt) {
    this(workspaceId, sandbox, platform, platformUserId, username, displayName, avatarUrl, instanceUrl, credentials,
        tokenExpiresAt, null);
  }

  /** What a connector verified, for this workspace. */
  static Connection of(String workspaceId, boolean sandbox, Platform platform, NetworkConnector.Identity identity) {
    return new Connection(workspaceId, sandbox, platform, identity.platformUserId(),
        username(identity.username(), identity.platformUserId()),
        identity.displayName(), identity.avatarUrl(), identity.instanceUrl(), identity.credentials(),
        identity.tokenExpiresAt(), identity.limits());
  }

  /**
   * An account always has a username; one without a handle on its network (a Facebook Page
   * without a username) goes by its id there.
   */
  static String username(String username, String platformUserId) {
    return username == null || username.isBlank() ? platformUserId : username;
  }
}

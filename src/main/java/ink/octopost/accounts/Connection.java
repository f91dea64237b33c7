package ink.octopost.accounts;

import ink.octopost.networks.Platform;
import java.time.Instant;
import java.util.Map;

/**
 * A verified network identity and its credentials, as a connection flow hands it over.
 *
 * @param instanceUrl the Mastodon instance or Bluesky PDS, or null
 * @param credentials the secrets (tokens, passwords, webhook URLs); sealed before they are stored
 * @param tokenExpiresAt when the access token expires, or null
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
    Instant tokenExpiresAt) {}

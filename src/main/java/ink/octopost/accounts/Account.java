package ink.octopost.accounts;

import ink.octopost.networks.Platform;
import java.time.Instant;

/** A connected account, without its credentials. */
public record Account(
    String id,
    String workspaceId,
    boolean sandbox,
    Platform platform,
    String platformUserId,
    String username,
    String displayName,
    String avatarUrl,
    String instanceUrl,
    AccountStatus status,
    String statusReason,
    boolean isDefault,
    Instant tokenExpiresAt,
    Instant connectedAt,
    Instant lastUsedAt) {

  public boolean active() {
    return status == AccountStatus.ACTIVE;
  }
}

package ink.octopost.accounts;

import ink.octopost.networks.AccountLimits;
import ink.octopost.networks.Platform;
import java.time.Instant;

/**
 * A connected account, without its credentials.
 *
 * @param limits the account's own limits as the network reported them, or null (the network's defaults)
 * @param limitsCheckedAt when they were last asked for, or null
 */
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
    Instant lastUsedAt,
    AccountLimits limits,
    Instant limitsCheckedAt) {

  public boolean active() {
    return status == AccountStatus.ACTIVE;
  }
}

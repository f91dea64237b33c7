package ink.octopost.accounts;

import java.time.Instant;

/** An account as the API shows it (and as account events carry it). Never any credential. */
record AccountView(
    String id,
    String platform,
    String platformUserId,
    String username,
    String displayName,
    String avatarUrl,
    String instanceUrl,
    boolean isActive,
    String status,
    boolean isDefault,
    Instant connectedAt,
    Instant lastUsedAt) {

  static AccountView of(Account a) {
    return new AccountView(
        a.id(), a.platform().id(), a.platformUserId(), a.username(), a.displayName(), a.avatarUrl(),
        a.instanceUrl(), a.active(), a.status().wire(), a.isDefault(), a.connectedAt(), a.lastUsedAt());
  }
}

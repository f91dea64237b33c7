package ink.octopost.accounts;

import ink.octopost.networks.Platform;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.annotation.Nullable;
import java.time.Instant;

/** An account as the API shows it (and as account events carry it). Never any credential. */
record AccountView(
    @Schema(example = "acc_7QpZk2Lm9XwR4tVb") String id,
    @Schema(implementation = Platform.class) String platform,
    @Schema(description = "The account's id on the network") String platformUserId,
    String username,
    @Nullable String displayName,
    @Nullable String avatarUrl,
    @Nullable @Schema(description = "The server of a self-hosted network (Mastodon, a Bluesky PDS)") String instanceUrl,
    @Schema(description = "false once the token expired or was revoked") boolean isActive,
    @Schema(implementation = AccountStatus.class) String status,
    @Schema(description = "The account a platform id resolves to") boolean isDefault,
    Instant connectedAt,
    @Nullable Instant lastUsedAt) {

  static AccountView of(Account a) {
    return new AccountView(
        a.id(), a.platform().id(), a.platformUserId(), a.username(), a.displayName(), a.avatarUrl(),
        a.instanceUrl(), a.active(), a.status().wire(), a.isDefault(), a.connectedAt(), a.lastUsedAt());
  }
}

package ink.octopost.auth;

import java.time.Instant;
import java.util.List;

/** A stored key, without its secret. An empty {@code scopes} list means full access. */
public record ApiKey(
    String id,
    String workspaceId,
    String userId,
    String name,
    KeyMode mode,
    List<Scope> scopes,
    String hint,
    Instant createdAt,
    Instant lastUsedAt,
    Instant revokedAt) {

  public boolean fullAccess() {
    return scopes.isEmpty();
  }
}

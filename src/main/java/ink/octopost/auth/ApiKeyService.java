package ink.octopost.auth;

import ink.octopost.shared.ApiException;
import ink.octopost.shared.Cursor;
import ink.octopost.shared.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;

/** Creating, listing, revoking and checking API keys: the public face of keys. */
@Service
public class ApiKeyService {

  /** last_used_at is kept to the minute: one write a minute per key, not one per request. */
  private static final Duration TOUCH_INTERVAL = Duration.ofSeconds(60);

  private final ApiKeyRepository keys;
  private final Clock clock;
  private final RecentKeys recent = new RecentKeys();

  ApiKeyService(ApiKeyRepository keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  /** A new key and its secret, which is never available again. */
  public record CreatedKey(ApiKey key, String secret) {}

  public CreatedKey create(
      String workspaceId, String userId, String name, KeyMode mode, Set<Scope> scopes) {
    return insert(workspaceId, userId, name, ApiKeys.generate(mode), scopes);
  }

  CreatedKey insert(String workspaceId, String userId, String name, String secret, Set<Scope> scopes) {
    var key =
        new ApiKey(
            Ids.newId("key"),
            workspaceId,
            userId,
            name,
            ApiKeys.modeOf(secret),
            List.copyOf(scopes.isEmpty() ? Set.of() : EnumSet.copyOf(scopes)),
            ApiKeys.hint(secret),
            now(),
            null,
            null);
    keys.insert(key, ApiKeys.hash(secret));
    return new CreatedKey(key, secret);
  }

  public Optional<ApiKey> find(String workspaceId, String id) {
    return keys.find(workspaceId, id);
  }

  /** One page, newest first; a test key sees only test keys. */
  public List<ApiKey> page(ApiKeyPrincipal caller, Cursor after, int limit) {
    Set<KeyMode> modes = caller.sandbox() ? EnumSet.of(KeyMode.TEST) : EnumSet.allOf(KeyMode.class);
    return keys.page(caller.workspaceId(), modes, after, limit);
  }

  public void revoke(ApiKeyPrincipal caller, String id) {
    var key = keys.find(caller.workspaceId(), id)
        .filter(k -> !caller.sandbox() || k.mode() == KeyMode.TEST)
        .orElseThrow(() -> ApiException.notFound("API key"));
    keys.revoke(caller.workspaceId(), key.id(), now());
    recent.revoked(key.id());
  }

  /**
   * The principal behind a presented key, or empty for an unknown, malformed or revoked key. A key
   * that authenticated within the last {@link RecentKeys#TTL} is answered from memory; a
   * revocation on this node takes effect on the very next request, one on another node within
   * that time.
   */
  public Optional<ApiKeyPrincipal> authenticate(String presented) {
    if (!ApiKeys.wellFormed(presented)) {
      return Optional.empty();
    }
    byte[] hash = ApiKeys.hash(presented);
    var cached = recent.get(hash);
    if (cached != null) {
      touchIfDue(cached.principal.keyId(), cached);
      return Optional.of(cached.principal);
    }
    long revocations = recent.revocationCount();
    return keys.findBySecretHash(hash)
        .filter(found -> found.key().revokedAt() == null)
        .map(
            found -> {
              var key = found.key();
              Set<Scope> scopes =
                  key.fullAccess() ? EnumSet.allOf(Scope.class) : EnumSet.copyOf(key.scopes());
              var principal = new ApiKeyPrincipal(
                  key.id(), key.workspaceId(), key.userId(), key.mode(), Set.copyOf(scopes), found.planTier(), found.names());
              var entry = new RecentKeys.Entry(principal, key.lastUsedAt());
              touchIfDue(key.id(), entry);
              recent.put(hash, entry, revocations);
              return principal;
            });
  }

  private void touchIfDue(String keyId, RecentKeys.Entry entry) {
    Instant now = now();
    Instant last = entry.lastUsedAt;
    if (last == null || last.plus(TOUCH_INTERVAL).isBefore(now)) {
      entry.lastUsedAt = now;
      keys.touch(keyId, now);
    }
  }

  /** Makes sure this exact key exists with full access (for OCTOPOST_BOOTSTRAP_API_KEY). */
  boolean ensureFullAccess(String secret, String workspaceId, String userId) {
    var existing = keys.findBySecretHash(ApiKeys.hash(secret));
    if (existing.isPresent()) {
      keys.restoreFullAccess(existing.get().key().id());
      recent.clear();
      return false;
    }
    insert(workspaceId, userId, "Bootstrap key (OCTOPOST_BOOTSTRAP_API_KEY)", secret, Set.of());
    return true;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}

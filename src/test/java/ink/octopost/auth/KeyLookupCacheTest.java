package ink.octopost.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.testing.Nodes;
import ink.octopost.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Key lookups answered from memory for a moment, and revocations that still take effect. */
class KeyLookupCacheTest {

  /** Counts lookups; answers one known key (live, full access) until it is revoked. */
  static final class CountingKeys extends ApiKeyRepository {
    final AtomicInteger lookups = new AtomicInteger();
    volatile Instant revokedAt;
    final String secret = ApiKeys.generate(KeyMode.LIVE);
    final ApiKey key = new ApiKey("key_1", "ws_1", "usr_1", "k", KeyMode.LIVE, java.util.List.of(), "hint",
        Instant.parse("2026-01-01T00:00:00Z"), null, null);

    CountingKeys() {
      super(null);
    }

    @Override
    Optional<Authenticated> findBySecretHash(byte[] hash) {
      lookups.incrementAndGet();
      if (!java.util.Arrays.equals(hash, ApiKeys.hash(secret))) {
        return Optional.empty();
      }
      var k = new ApiKey(key.id(), key.workspaceId(), key.userId(), key.name(), key.mode(), key.scopes(),
          key.hint(), key.createdAt(), key.lastUsedAt(), revokedAt);
      return Optional.of(new Authenticated(k, "pro", new ApiKeyPrincipal.Names("owner@example.test", "Owner", "Cache")));
    }

    @Override
    Optional<ApiKey> find(String workspaceId, String id) {
      return Optional.of(key);
    }

    @Override
    void revoke(String workspaceId, String id, Instant at) {
      revokedAt = at;
    }

    @Override
    void touch(String id, Instant at) {}
  }

  @Test
  void aBurstOnOneKey_looksItUpOnce_andARevocationHereIsImmediate() {
    var repo = new CountingKeys();
    var service = new ApiKeyService(repo, Clock.systemUTC());
    String secret = repo.secret;

    for (int i = 0; i < 100; i++) {
      assertThat(service.authenticate(secret)).isPresent();
    }
    assertThat(repo.lookups.get()).as("database lookups for 100 requests").isEqualTo(1);

    var caller = service.authenticate(secret).orElseThrow();
    service.revoke(caller, "key_1");
    assertThat(service.authenticate(secret)).as("the very next request after a revocation").isEmpty();
    assertThat(repo.lookups.get()).isEqualTo(2);

    String unknown = ApiKeys.generate(KeyMode.LIVE);
    assertThat(service.authenticate(unknown)).isEmpty();
    assertThat(service.authenticate(unknown)).isEmpty();
    assertThat(repo.lookups.get()).as("unknown keys are looked up every time, never kept").isEqualTo(4);
  }

  @Test
  void aRevocationOnAnotherNode_takesEffectWithinTheCacheTime() throws Exception {
    String db = TestDatabase.newDatabase("keycache");
    try (var a = Nodes.start(db, Map.of()); var b = Nodes.start(db, Map.of())) {
      String admin = a.tenantKey("keycache");
      var created = a.api().post("/v1/api-keys", admin, "{\"name\": \"doomed\"}").json();
      String doomed = created.path("secret").asString();
      assertThat(b.api().get("/v1/me", doomed).status()).isEqualTo(200);

      long revokedAt = System.nanoTime();
      assertThat(a.api().delete("/v1/api-keys/" + created.path("id").asString(), admin).status()).isEqualTo(204);
      assertThat(a.api().get("/v1/me", doomed).status()).as("on the node that revoked it").isEqualTo(401);

      int status;
      do {
        status = b.api().get("/v1/me", doomed).status();
        Thread.sleep(50);
      } while (status == 200 && System.nanoTime() - revokedAt < Duration.ofSeconds(30).toNanos());
      long tookMs = (System.nanoTime() - revokedAt) / 1_000_000;
      assertThat(status).as("on the other node, after %d ms", tookMs).isEqualTo(401);
      // The bound is the cache time; the margin is for a machine busy enough to stall a request.
      assertThat(tookMs).isLessThan(RecentKeys.TTL.toMillis() + 8_000);
    }
  }
}

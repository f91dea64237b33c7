package ink.octopost.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.auth.ApiKeyService;
import ink.octopost.auth.KeyMode;
import ink.octopost.testing.Nodes;
import ink.octopost.workspaces.WorkspaceService;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/** With the embedded database one process owns the data: the buckets need no database at all. */
class EmbeddedRateLimitTest {

  @TempDir Path dataDir;

  @Test
  void limitsHoldExactly_withTheBucketTableGone() {
    // 5 a minute: one token every 12 s, so refills cannot blur the count during the test.
    Map<String, Object> embedded = Map.of(
        "octopost.database.url", "",
        "octopost.secret-key", "",
        "octopost.data-dir", dataDir.toString(),
        "octopost.rate-limits.tiers.tiny.requests-per-minute", "5",
        "octopost.rate-limits.tiers.tiny.publishes-per-hour", "1");
    try (var node = Nodes.start(null, embedded)) {
      var workspaces = node.bean(WorkspaceService.class);
      var ws = workspaces.create("embedded", "tiny");
      var owner = workspaces.createOwner(ws.id(), "embedded@example.test", "Owner", "password");
      var keys = node.bean(ApiKeyService.class);
      String key = keys.create(ws.id(), owner.id(), "k", KeyMode.LIVE, Set.of()).secret();
      String other = keys.create(ws.id(), owner.id(), "k2", KeyMode.LIVE, Set.of()).secret();

      // Any statement on the bucket table would now fail, and the request with it.
      node.bean(JdbcClient.class).sql("ALTER TABLE rate_limit_buckets RENAME TO rate_limit_buckets_gone").update();

      for (int remaining = 4; remaining >= 0; remaining--) {
        var r = node.api().get("/v1/me", key);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.header("X-RateLimit-Limit")).isEqualTo("5");
        assertThat(r.header("X-RateLimit-Remaining")).isEqualTo(String.valueOf(remaining));
      }
      var limited = node.api().get("/v1/me", key);
      assertThat(limited.status()).isEqualTo(429);
      assertThat(limited.json().path("code").asString()).isEqualTo("rate_limited");
      assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
      assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 12L);
      assertThat(limited.json().path("details").path("limit").asInt()).isEqualTo(5);

      assertThat(node.api().get("/v1/me", other).header("X-RateLimit-Remaining"))
          .as("another key has its own bucket").isEqualTo("4");
      var principal = keys.authenticate(key).orElseThrow();
      node.bean(RateLimits.class).consumePublish(principal);
      assertThat(org.assertj.core.api.Assertions.catchThrowable(
              () -> node.bean(RateLimits.class).consumePublish(principal)))
          .as("the hourly publish bucket is in memory too")
          .hasMessageContaining("Publish limit exceeded");
    }
  }
}

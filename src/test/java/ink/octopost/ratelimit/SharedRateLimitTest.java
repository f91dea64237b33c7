package ink.octopost.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.auth.ApiKeyService;
import ink.octopost.auth.KeyMode;
import ink.octopost.testing.Nodes;
import ink.octopost.testing.TestDatabase;
import ink.octopost.workspaces.WorkspaceService;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Two servers on one database draw from the same bucket. */
class SharedRateLimitTest {

  @Test
  void twoNodes_shareOneBucketPerKey() {
    String db = TestDatabase.newDatabase("twonodes");
    // 5 a minute: one token every 12 s, so refills cannot blur the count during the test.
    Map<String, Object> tiny = Map.of("octopost.rate-limits.tiers.tiny.requests-per-minute", "5",
        "octopost.rate-limits.tiers.tiny.publishes-per-hour", "1");
    try (var a = Nodes.start(db, tiny); var b = Nodes.start(db, tiny)) {
      var workspaces = a.bean(WorkspaceService.class);
      var ws = workspaces.create("shared", "tiny");
      var owner = workspaces.createOwner(ws.id(), "shared@example.test", "Owner", "password");
      String key = a.bean(ApiKeyService.class).create(ws.id(), owner.id(), "k", KeyMode.LIVE, Set.of()).secret();

      assertThat(a.api().get("/v1/me", key).header("X-RateLimit-Remaining")).isEqualTo("4");
      assertThat(b.api().get("/v1/me", key).header("X-RateLimit-Remaining")).isEqualTo("3");
      assertThat(a.api().get("/v1/me", key).header("X-RateLimit-Remaining")).isEqualTo("2");
      assertThat(b.api().get("/v1/me", key).header("X-RateLimit-Remaining")).isEqualTo("1");
      assertThat(a.api().get("/v1/me", key).header("X-RateLimit-Remaining")).isEqualTo("0");

      assertThat(b.api().get("/v1/me", key).status()).isEqualTo(429);
      assertThat(a.api().get("/v1/me", key).status()).isEqualTo(429);
    }
  }
}

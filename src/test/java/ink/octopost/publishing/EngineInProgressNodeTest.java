package ink.octopost.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.accounts.AccountService;
import ink.octopost.accounts.Connection;
import ink.octopost.auth.ApiKeyService;
import ink.octopost.auth.KeyMode;
import ink.octopost.networks.Platform;
import ink.octopost.testing.Nodes;
import ink.octopost.testing.ScriptedNetwork;
import ink.octopost.testing.ScriptedNetwork.Processing;
import ink.octopost.testing.ScriptedNetwork.Seen;
import ink.octopost.testing.TestDatabase;
import ink.octopost.workspaces.WorkspaceService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * On a node that runs two targets at a time, thirty targets the network keeps processing for an
 * hour all get their first call at once and all finish: a runner that waited (slept, polled) in
 * its thread would hold both slots and the others would never be called.
 */
class EngineInProgressNodeTest {

  @Test
  void manyTargetsInProgress_onANodeWithTwoSlots_allGetTheirTurn_andAllComplete() {
    String db = TestDatabase.newDatabase("waits");
    try (var node = Nodes.start(db, Map.of("octopost.engine.global-concurrency", "2"))) {
      var workspaces = node.bean(WorkspaceService.class);
      var ws = workspaces.create("waits", "pro");
      var owner = workspaces.createOwner(ws.id(), "waits@example.test", "Owner", "password");
      String key = node.bean(ApiKeyService.class).create(ws.id(), owner.id(), "k", KeyMode.LIVE, Set.of()).secret();
      String x = node.bean(AccountService.class).connect(new Connection(ws.id(), false, Platform.TWITTER, "waits-x",
          "waits_x", "waits", null, null, Map.of("access_token", "t"), null)).id();
      var steps = new ScriptedNetwork.Step[30];
      Arrays.fill(steps, new Processing(null, Instant.now().plus(Duration.ofHours(1))));
      ScriptedNetwork.script(x, steps);

      var posts = new ArrayList<String>();
      for (int i = 0; i < 30; i++) {
        String id = node.api().post("/v1/posts", key, "{\"content\": \"wait " + i + "\", \"platforms\": [\"twitter\"]}")
            .json().path("id").asString();
        posts.add(id);
        assertThat(node.api().post("/v1/posts/" + id + "/publish", key, "{}").status()).isEqualTo(202);
      }
      var jdbc = node.bean(JdbcClient.class);
      String[] ids = posts.toArray(String[]::new);
      await(() -> jdbc.sql("SELECT count(*) FROM post_targets WHERE post_id = ANY(?) AND error_code = 'in_progress'"
          + " AND status = 'pending'").param(ids).query(Integer.class).single() == 30, "all 30 waiting");

      // The hour passes (for these targets).
      jdbc.sql("UPDATE post_targets SET due_at = now() WHERE post_id = ANY(?) AND status = 'pending'").param(ids).update();
      await(() -> jdbc.sql("SELECT count(*) FROM posts WHERE id = ANY(?) AND status = 'published'").param(ids)
          .query(Integer.class).single() == 30, "all 30 published");
      assertThat(jdbc.sql("SELECT count(*) FROM post_targets WHERE post_id = ANY(?) AND attempts = 1 AND progress IS NULL")
          .param(ids).query(Integer.class).single()).isEqualTo(30);
      var byKey = ScriptedNetwork.seen(x).stream().collect(Collectors.groupingBy(Seen::idempotencyKey));
      assertThat(byKey).hasSize(30);
      byKey.forEach((k, calls) -> assertThat(calls).extracting(Seen::progress)
          .containsExactly(Map.of(), Map.of("container", "c-" + k)));
    }
  }

  private static void await(java.util.function.BooleanSupplier done, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}

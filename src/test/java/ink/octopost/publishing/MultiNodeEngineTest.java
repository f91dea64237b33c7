package ink.octopost.publishing;

import static ink.octopost.testing.ScriptedNetwork.calls;
import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.accounts.AccountService;
import ink.octopost.accounts.Connection;
import ink.octopost.auth.ApiKeyService;
import ink.octopost.auth.KeyMode;
import ink.octopost.networks.Platform;
import ink.octopost.testing.Nodes;
import ink.octopost.testing.ScriptedNetwork;
import ink.octopost.testing.ScriptedNetwork.Crash;
import ink.octopost.testing.ScriptedNetwork.Delay;
import ink.octopost.testing.TestDatabase;
import ink.octopost.workspaces.WorkspaceService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Several server processes on one database: each target is published once, and none is lost. */
class MultiNodeEngineTest {

  record Tenant(String key, List<String> accounts) {}

  private static Tenant tenant(Nodes.Node node, String name) {
    var workspaces = node.bean(WorkspaceService.class);
    var ws = workspaces.create(name, "pro");
    var owner = workspaces.createOwner(ws.id(), name + "@example.test", "Owner", "password");
    String key = node.bean(ApiKeyService.class).create(ws.id(), owner.id(), "k", KeyMode.LIVE, Set.of()).secret();
    var accounts = new ArrayList<String>();
    for (var p : List.of(Platform.TWITTER, Platform.BLUESKY, Platform.MASTODON)) {
      accounts.add(node.bean(AccountService.class).connect(new Connection(ws.id(), false, p, name + "-" + p.id(),
          name + "_" + p.id(), name, null, null, Map.of("access_token", "t"), null)).id());
    }
    return new Tenant(key, accounts);
  }

  private static void awaitFinished(JdbcClient jdbc, List<String> posts, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      int open = jdbc.sql("SELECT count(*) FROM posts WHERE id = ANY(?) AND status NOT IN ('published', 'failed')")
          .param(posts.toArray(String[]::new)).query(Integer.class).single();
      if (open == 0) {
        return;
      }
      assertThat(System.nanoTime()).as("%d posts still publishing", open).isLessThan(deadline);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void twoEnginesRacingOverTheSameTargets_publishEachOnce() {
    String db = TestDatabase.newDatabase("race");
    try (var a = Nodes.start(db, Map.of()); var b = Nodes.start(db, Map.of())) {
      var t = tenant(a, "race");
      t.accounts().forEach(acc -> ScriptedNetwork.otherwise(acc, new Delay(5)));
      var posts = new ArrayList<String>();
      for (int i = 0; i < 60; i++) {
        var node = i % 2 == 0 ? a : b;
        String id = node.api().post("/v1/posts", t.key(), "{\"content\": \"race " + i + "\", \"platforms\": [\"twitter\", \"bluesky\", \"mastodon\"]}")
            .json().path("id").asString();
        posts.add(id);
        assertThat((i % 3 == 0 ? b : a).api().post("/v1/posts/" + id + "/publish", t.key(), "{}").status()).isEqualTo(202);
      }
      awaitFinished(a.bean(JdbcClient.class), posts, Duration.ofSeconds(60));

      var all = t.accounts().stream().flatMap(acc -> calls(acc).stream()).toList();
      assertThat(all).hasSize(180);
      var perKey = all.stream().collect(Collectors.groupingBy(ScriptedNetwork.Call::idempotencyKey, Collectors.counting()));
      assertThat(perKey.values()).allMatch(n -> n == 1);
      assertThat(a.bean(JdbcClient.class).sql("SELECT count(*) FROM posts WHERE id = ANY(?) AND status = 'published'")
          .param(posts.toArray(String[]::new)).query(Integer.class).single()).isEqualTo(60);
    }
  }

  @Test
  void perAccountLimits_holdAcrossNodes_andOtherAccountsRunInParallel() {
    String db = TestDatabase.newDatabase("limits");
    Map<String, Object> limits = Map.of("octopost.engine.account-concurrency.twitter", "1");
    try (var a = Nodes.start(db, limits); var b = Nodes.start(db, limits)) {
      var t = tenant(a, "limits");
      String x = t.accounts().get(0);
      String bsky = t.accounts().get(1);
      ScriptedNetwork.otherwise(x, new Delay(40));
      ScriptedNetwork.otherwise(bsky, new Delay(250)); // long enough to overlap however slow the publish requests are
      var posts = new ArrayList<String>();
      for (int i = 0; i < 20; i++) {
        String id = a.api().post("/v1/posts", t.key(), "{\"content\": \"limit " + i + "\", \"platforms\": [\"twitter\", \"bluesky\"]}")
            .json().path("id").asString();
        posts.add(id);
        (i % 2 == 0 ? a : b).api().post("/v1/posts/" + id + "/publish", t.key(), "{}");
      }
      awaitFinished(a.bean(JdbcClient.class), posts, Duration.ofSeconds(60));
      assertThat(calls(x)).hasSize(20);
      assertThat(ScriptedNetwork.peakConcurrency(x)).as("one X call at a time for this account, across both nodes").isEqualTo(1);
      assertThat(ScriptedNetwork.peakConcurrency(bsky)).as("Bluesky has no such limit").isGreaterThan(1);
    }
  }

  @Test
  void aLiveNodesLongCall_isNeverTakenFromIt_evenPastItsLease() {
    String db = TestDatabase.newDatabase("longcall");
    // Beats every 200 ms, presumed dead after 1 s of silence, and a lease far shorter than the call.
    Map<String, Object> quick = Map.of("octopost.engine.heartbeat-interval", "PT0.2S", "octopost.engine.node-timeout", "PT1S",
        "octopost.engine.lease", "PT1S");
    try (var a = Nodes.start(db, quick); var b = Nodes.start(db, quick)) {
      var t = tenant(a, "longcall");
      String x = t.accounts().get(0);
      ScriptedNetwork.script(x, new Delay(4_000)); // a video upload, say: longer than the lease and the node timeout
      String post = a.api().post("/v1/posts", t.key(), "{\"content\": \"slow\", \"platforms\": [\"twitter\"]}")
          .json().path("id").asString();
      a.api().post("/v1/posts/" + post + "/publish", t.key(), "{}");
      awaitFinished(a.bean(JdbcClient.class), List.of(post), Duration.ofSeconds(30));

      var json = a.api().get("/v1/posts/" + post, t.key()).json();
      // Taken over mid-call, the post would have been settled as failed (unconfirmed) before the answer came.
      assertThat(json.path("status").asString()).isEqualTo("published");
      var target = json.path("targets").get(0);
      assertThat(target.path("status").asString()).isEqualTo("published");
      assertThat(calls(x)).hasSize(1);
      assertThat(target.path("attempts").asInt()).isEqualTo(1);
      assertThat(target.path("attempt_history").size()).isEqualTo(1);
    }
  }

  @Test
  void aNodeThatDiesMidPublish_leavesNothingLost_andNothingDoubled() {
    String db = TestDatabase.newDatabase("failover");
    Map<String, Object> shortLease = Map.of("octopost.engine.lease", "PT2S");
    Tenant t;
    String post;
    try (var dying = Nodes.start(db, shortLease)) {
      t = tenant(dying, "failover");
      String x = t.accounts().get(0);
      String bsky = t.accounts().get(1);
      String masto = t.accounts().get(2);
      ScriptedNetwork.script(x, new Crash());
      ScriptedNetwork.script(masto, new Crash());
      ScriptedNetwork.script(bsky, new Delay(10_000)); // still in flight when the node goes
      post = dying.api().post("/v1/posts", t.key(), "{\"content\": \"survive\", \"platforms\": [\"twitter\", \"bluesky\", \"mastodon\"]}")
          .json().path("id").asString();
      dying.api().post("/v1/posts/" + post + "/publish", t.key(), "{}");
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while ((calls(x).isEmpty() || calls(masto).isEmpty() || calls(bsky).isEmpty()) && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(calls(x)).hasSize(1);
    } // the node is gone; its three targets are left "publishing" under its lease

    try (var survivor = Nodes.start(db, shortLease)) {
      var jdbc = survivor.bean(JdbcClient.class);
      awaitFinished(jdbc, List.of(post), Duration.ofSeconds(30));
      var statuses = jdbc.sql("SELECT platform || '=' || status FROM post_targets WHERE post_id = ? ORDER BY platform")
          .param(post).query(String.class).list();
      // Bluesky and Mastodon are safe to run again (a chosen record key, an Idempotency-Key); X is not.
      assertThat(statuses).containsExactly("bluesky=published", "mastodon=published", "twitter=unconfirmed");
      var bsky = calls(t.accounts().get(1));
      assertThat(bsky.stream().map(ScriptedNetwork.Call::idempotencyKey).distinct()).hasSize(1);
      assertThat(calls(t.accounts().get(0))).as("X: never called twice").hasSize(1);
      var masto = calls(t.accounts().get(2));
      assertThat(masto).as("Mastodon: finished with the same idempotency key").hasSize(2);
      assertThat(masto.get(1).idempotencyKey()).isEqualTo(masto.get(0).idempotencyKey());
      assertThat(jdbc.sql("SELECT status FROM posts WHERE id = ?").param(post).query(String.class).single()).isEqualTo("published");

      // The API shows each attempt: which node made it, how it ended, who took it over.
      var targets = survivor.api().get("/v1/posts/" + post, t.key()).json().path("targets");
      var mastodon = targets.valueStream().filter(x -> x.path("platform").asString().equals("mastodon")).findFirst().orElseThrow();
      assertThat(mastodon.path("attempts").asInt()).isEqualTo(2);
      var history = mastodon.path("attempt_history");
      assertThat(history.size()).isEqualTo(2);
      assertThat(history.get(0).path("number").asInt()).isEqualTo(1);
      assertThat(history.get(0).path("outcome").asString()).isEqualTo("interrupted");
      assertThat(history.get(0).path("error_code").asString()).isEqualTo("outcome_unknown");
      assertThat(history.get(0).path("note").asString()).contains("took this target over");
      assertThat(history.get(1).path("number").asInt()).isEqualTo(2);
      assertThat(history.get(1).path("outcome").asString()).isEqualTo("published");
      assertThat(history.get(1).path("node").asString()).isNotEqualTo(history.get(0).path("node").asString());
      assertThat(history.get(1).path("finished_at").isNull()).isFalse();
      var x = targets.valueStream().filter(y -> y.path("platform").asString().equals("twitter")).findFirst().orElseThrow();
      assertThat(x.path("attempt_history").size()).isEqualTo(1);
      assertThat(x.path("attempt_history").get(0).path("outcome").asString()).isEqualTo("unconfirmed");
    }
  }
}

package ink.octopost.publishing;

import static ink.octopost.testing.ScriptedNetwork.calls;
import static ink.octopost.testing.ScriptedNetwork.script;
import static ink.octopost.testing.ScriptedNetwork.seen;
import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.Platform;
import ink.octopost.testing.ScriptedNetwork.Crash;
import ink.octopost.testing.ScriptedNetwork.CrashBeforeSending;
import ink.octopost.testing.ScriptedNetwork.Fail;
import ink.octopost.testing.ScriptedNetwork.Processing;
import ink.octopost.testing.ScriptedNetwork.Seen;
import ink.octopost.testing.ScriptedNetwork.Succeed;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A network still working on a post (NetworkFailure.InProgress): the target waits, holding no
 * thread and spending no attempt, and the connector gets its progress back, end to end.
 */
class EngineInProgressTest extends EngineTestBase {

  private static final Map<String, String> FIRST = Map.of("container", "17890", "since", "2026-01-01T00:00:00Z");
  private static final Map<String, String> SECOND = Map.of("container", "17890", "since", "2026-01-01T00:00:00Z", "polls", "2");

  /** Runs passes until the account's connector was called {@code calls} times and the target is settled between runs. */
  private JsonNode awaitCalls(String id, String account, int calls, String platform) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      var t = target(get(id), platform);
      if (seen(account).size() >= calls && !t.path("status").asString().equals("publishing")) {
        return t;
      }
      assertThat(System.nanoTime()).as("waiting for call %d: %s", calls, t).isLessThan(deadline);
      engine.pass();
      sleep(10);
    }
  }

  private Map<String, Object> stored(String postId) {
    return jdbc.sql("SELECT progress::text AS progress, progress_segment, progress_since, sending_at, attempts FROM post_targets"
            + " WHERE post_id = ?")
        .param(postId).query().singleRow();
  }

  @Test
  void inProgressTwice_thenPublished_withOneAttempt_andTheConnectorsOwnProgressBack() {
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    clock.freezeAt(t0);
    String x = tenants.account(tenant, Platform.TWITTER, "ig_like");
    script(x, new Processing(FIRST, t0.plusSeconds(30)), new Processing(SECOND, t0.plusSeconds(60)), new Succeed());
    String id = create("{\"content\": \"a reel\", \"platforms\": [\"twitter\"]}");
    publish(id);

    var waiting = awaitCalls(id, x, 1, "twitter");
    assertThat(waiting.path("status").asString()).isEqualTo("pending");
    assertThat(waiting.path("error_code").asString()).isEqualTo("in_progress");
    assertThat(waiting.path("error").asString()).contains("Container still processing");
    assertThat(Instant.parse(waiting.path("next_attempt_at").asString())).isEqualTo(t0.plusSeconds(30));
    assertThat(waiting.path("attempts").asInt()).as("waiting is no attempt").isZero();
    assertThat(get(id).path("status").asString()).isEqualTo("publishing");

    clock.advance(Duration.ofSeconds(29));
    engine.pass();
    sleep(50);
    assertThat(seen(x)).as("not before the connector's checkAt").hasSize(1);

    clock.advance(Duration.ofSeconds(1));
    waiting = awaitCalls(id, x, 2, "twitter");
    assertThat(Instant.parse(waiting.path("next_attempt_at").asString())).isEqualTo(t0.plusSeconds(60));
    assertThat(waiting.path("error_code").asString()).isEqualTo("in_progress");

    clock.advance(Duration.ofSeconds(30));
    var post = awaitStatus(id, "published");
    var t = target(post, "twitter");
    assertThat(t.path("attempts").asInt()).isEqualTo(1);
    assertThat(t.path("error").isNull()).isTrue();
    assertThat(t.path("attempt_history")).hasSize(1);
    assertThat(seen(x)).extracting(Seen::progress).containsExactly(Map.of(), FIRST, SECOND);
    assertThat(calls(x)).as("one publishing request").hasSize(1);
    assertThat(stored(id).get("progress")).as("a published target forgets its progress").isNull();
  }

  /**
   * A connector may answer InProgress after the gate opened (the post exists; the progress says
   * how to finish it): the sending marker committed, yet the wait spends no attempt and a node
   * dying while the target waits leaves nothing "maybe sent".
   */
  @Test
  void inProgressAfterTheGateOpened_isNotMaybeSent_andSpendsNoAttempt() {
    clock.freeze();
    String x = tenants.account(tenant, Platform.TWITTER, "li_like");
    script(x, new Processing(FIRST, clock.instant().plusSeconds(10), true), new Succeed());
    String id = create("{\"content\": \"a video\", \"platforms\": [\"twitter\"]}");
    publish(id);
    var waiting = awaitCalls(id, x, 1, "twitter");
    assertThat(waiting.path("status").asString()).isEqualTo("pending");
    assertThat(waiting.path("attempts").asInt()).isZero();
    assertThat(waiting.path("attempt_history")).as("the attempt goes on in the next run").isEmpty();
    assertThat(stored(id).get("sending_at")).isNull();

    clock.advance(Duration.ofMinutes(3)); // past any lease: a takeover would find nothing to settle
    var post = awaitStatus(id, "published", "failed");
    assertThat(target(post, "twitter").path("status").asString()).isEqualTo("published");
    assertThat(target(post, "twitter").path("attempts").asInt()).isEqualTo(1);
    assertThat(seen(x)).extracting(Seen::progress).containsExactly(Map.of(), FIRST);
  }

  /** The wait holds no thread: dozens of targets wait at once, none left "publishing" meanwhile. */
  @Test
  void manyTargetsWaitAtOnce_eachWithItsOwnProgress_andHoldNothing() {
    clock.freeze();
    String x = tenants.account(tenant, Platform.TWITTER, "many");
    var steps = new ink.octopost.testing.ScriptedNetwork.Step[40];
    java.util.Arrays.fill(steps, new Processing(null, clock.instant().plus(Duration.ofHours(1))));
    script(x, steps);
    var ids = new java.util.ArrayList<String>();
    for (int i = 0; i < 40; i++) {
      ids.add(create("{\"content\": \"many " + i + "\", \"platforms\": [\"twitter\"]}"));
    }
    ids.forEach(this::publish);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (waitingCount(ids) < 40) {
      assertThat(System.nanoTime()).as("%d of 40 waiting", waitingCount(ids)).isLessThan(deadline);
      engine.pass();
      sleep(10);
    }
    assertThat(jdbc.sql("SELECT count(*) FROM post_targets WHERE post_id = ANY(?) AND status = 'publishing'")
        .param(ids.toArray(String[]::new)).query(Integer.class).single()).as("no thread holds a waiting target").isZero();

    clock.advance(Duration.ofHours(1));
    for (String id : ids) {
      assertThat(target(awaitStatus(id, "published"), "twitter").path("attempts").asInt()).isEqualTo(1);
    }
    var byKey = seen(x).stream().collect(java.util.stream.Collectors.groupingBy(Seen::idempotencyKey));
    assertThat(byKey).hasSize(40);
    byKey.forEach((key, calls) -> assertThat(calls).extracting(Seen::progress)
        .as("target %s", key).containsExactly(Map.of(), Map.of("container", "c-" + key)));
  }

  private int waitingCount(java.util.List<String> ids) {
    return jdbc.sql("SELECT count(*) FROM post_targets WHERE post_id = ANY(?) AND status = 'pending' AND error_code = 'in_progress'")
        .param(ids.toArray(String[]::new)).query(Integer.class).single();
  }

  /** The progress belongs to one part of a thread: the reply in progress gets it, the next reply starts afresh. */
  @Test
  void aThreadsReplyInProgress_getsItsProgress_andTheNextReplyStartsWithNone() {
    clock.freeze();
    String x = tenants.account(tenant, Platform.TWITTER, "threads_like");
    Map<String, String> one = Map.of("container", "reply-1");
    Map<String, String> two = Map.of("container", "reply-2");
    script(x, new Succeed(), new Processing(one, clock.instant().plusSeconds(5)), new Succeed(),
        new Processing(two, clock.instant().plusSeconds(5)), new Succeed());
    String id = create("""
        {"content": "1/ the post", "platforms": ["twitter"],
         "segments": [{"content": "2/ first reply"}, {"content": "3/ second reply"}]}""");
    publish(id);
    var waiting = awaitCalls(id, x, 2, "twitter");
    assertThat(waiting.path("error_code").asString()).isEqualTo("in_progress");
    assertThat(waiting.path("error").asString()).startsWith("Reply segment 1 of 2: ");
    assertThat(stored(id).get("progress_segment")).isEqualTo(1);

    clock.advance(Duration.ofSeconds(5));
    awaitCalls(id, x, 4, "twitter");
    assertThat(stored(id).get("progress_segment")).isEqualTo(2);
    clock.advance(Duration.ofSeconds(5));
    var post = awaitStatus(id, "published");
    assertThat(target(post, "twitter").path("attempts").asInt()).isEqualTo(1);
    assertThat(seen(x)).extracting(Seen::text)
        .containsExactly("1/ the post", "2/ first reply", "2/ first reply", "3/ second reply", "3/ second reply");
    assertThat(seen(x)).extracting(Seen::progress).containsExactly(Map.of(), Map.of(), one, Map.of(), two);
    assertThat(calls(x)).extracting(c -> c.text()).as("each part published once")
        .containsExactly("1/ the post", "2/ first reply", "3/ second reply");
  }

  /** A node dying while the connector only checks (before its gate) costs nothing: the wait resumes. */
  @Test
  void aCrashWhileChecking_resumesFromTheStoredProgress_notUnconfirmed() {
    clock.freeze();
    String x = tenants.account(tenant, Platform.TWITTER, "crash_check");
    script(x, new Processing(FIRST, clock.instant().plusSeconds(10)), new CrashBeforeSending(), new Succeed());
    String id = create("{\"content\": \"x\", \"platforms\": [\"twitter\"]}");
    publish(id);
    awaitCalls(id, x, 1, "twitter");
    clock.advance(Duration.ofSeconds(10));
    for (int i = 0; seen(x).size() < 2 && i < 500; i++) {
      engine.pass();
      sleep(10);
    }
    sleep(100);
    assertThat(target(get(id), "twitter").path("status").asString()).isEqualTo("publishing");

    clock.advance(Duration.ofMinutes(3)); // past the lease: the run is presumed dead
    var post = awaitStatus(id, "published", "failed");
    assertThat(target(post, "twitter").path("status").asString()).isEqualTo("published");
    assertThat(target(post, "twitter").path("attempts").asInt()).isEqualTo(1);
    assertThat(seen(x)).extracting(Seen::progress).containsExactly(Map.of(), FIRST, FIRST);
  }

  /**
   * Another node claimed the waiting target and died without a word: the takeover gives it back
   * with its progress, and this node finishes it from there.
   */
  @Test
  void aTargetHeldByADeadNode_resumesOnAnotherNode_withItsProgress() {
    clock.freeze();
    String x = tenants.account(tenant, Platform.TWITTER, "dead_node");
    script(x, new Processing(FIRST, clock.instant().plus(Duration.ofHours(1))), new Succeed());
    String id = create("{\"content\": \"x\", \"platforms\": [\"twitter\"]}");
    publish(id);
    awaitCalls(id, x, 1, "twitter");
    String dead = "node-dead-" + id;
    jdbc.sql("INSERT INTO engine_nodes (node_id, started_at, last_beat) VALUES (?, now() - interval '1 hour', now() - interval '1 hour')")
        .param(dead).update();
    // As that node's claim left it: publishing, leased for long, never marked as sending.
    jdbc.sql("UPDATE post_targets SET status = 'publishing', lease_owner = ?, lease_until = now() + interval '1 day' WHERE post_id = ?")
        .params(dead, id).update();

    var post = awaitStatus(id, "published", "failed"); // the heartbeat's takeover finds the silent node
    assertThat(target(post, "twitter").path("status").asString()).isEqualTo("published");
    assertThat(target(post, "twitter").path("attempts").asInt()).isEqualTo(1);
    assertThat(seen(x)).extracting(Seen::progress).containsExactly(Map.of(), FIRST);
  }

  /** A crash after the gate opened in the resumed run keeps today's rule: unconfirmed, progress gone. */
  @Test
  void aCrashAfterTheGateOpened_onANetworkWithoutIdempotency_isUnconfirmed() {
    clock.freeze();
    String x = tenants.account(tenant, Platform.TWITTER, "crash_sent");
    script(x, new Processing(FIRST, clock.instant().plusSeconds(10)), new Crash());
    String id = create("{\"content\": \"x\", \"platforms\": [\"twitter\"]}");
    publish(id);
    awaitCalls(id, x, 1, "twitter");
    clock.advance(Duration.ofSeconds(10));
    for (int i = 0; calls(x).isEmpty() && i < 500; i++) {
      engine.pass();
      sleep(10);
    }
    clock.advance(Duration.ofMinutes(3));
    var post = awaitStatus(id, "failed");
    assertThat(target(post, "twitter").path("status").asString()).isEqualTo("unconfirmed");
    assertThat(stored(id).get("progress")).isNull();
    clock.advance(Duration.ofHours(1));
    engine.pass();
    assertThat(seen(x)).hasSize(2);
  }

  /** The same crash on an idempotent network: re-run with the same key and the stored progress. */
  @Test
  void aCrashAfterTheGateOpened_onAnIdempotentNetwork_isRerunWithItsProgress() {
    clock.freeze();
    String m = tenants.account(tenant, Platform.MASTODON, "crash_masto");
    script(m, new Processing(FIRST, clock.instant().plusSeconds(10)), new Crash(), new Succeed());
    String id = create("{\"content\": \"x\", \"platforms\": [\"mastodon\"]}");
    publish(id);
    awaitCalls(id, m, 1, "mastodon");
    clock.advance(Duration.ofSeconds(10));
    for (int i = 0; calls(m).isEmpty() && i < 500; i++) {
      engine.pass();
      sleep(10);
    }
    clock.advance(Duration.ofMinutes(3));
    awaitStatus(id, "published");
    assertThat(seen(m)).extracting(Seen::progress).containsExactly(Map.of(), FIRST, FIRST);
    assertThat(calls(m).get(1).idempotencyKey()).isEqualTo(calls(m).get(0).idempotencyKey());
  }

  /** A retry starts the part afresh: the progress of the failed run is gone. */
  @Test
  void aFailedWait_isForgotten_andARetryStartsAfresh() {
    clock.freeze();
    String x = tenants.account(tenant, Platform.TWITTER, "retry_wait");
    script(x, new Processing(FIRST, clock.instant().plusSeconds(10)),
        new Fail(new NetworkFailure.Rejected("media_rejected", "Container expired")));
    String id = create("{\"content\": \"x\", \"platforms\": [\"twitter\"]}");
    publish(id);
    awaitCalls(id, x, 1, "twitter");
    assertThat(stored(id).get("progress")).isNotNull();
    clock.advance(Duration.ofSeconds(10));
    var post = awaitStatus(id, "failed");
    assertThat(target(post, "twitter").path("error_code").asString()).isEqualTo("media_rejected");
    assertThat(stored(id).get("progress")).isNull();

    script(x, new Succeed());
    assertThat(api.post("/v1/posts/" + id + "/retry", tenant.key(), "{}").status()).isEqualTo(202);
    awaitStatus(id, "published");
    assertThat(seen(x)).extracting(Seen::progress).containsExactly(Map.of(), FIRST, Map.of());
  }

  /**
   * A connector that never stops answering InProgress: checkAt is kept within an hour, and past
   * max-in-progress (two hours by default) of waiting the target fails with a clear reason.
   */
  @Test
  void aWaitThatNeverEnds_failsAtTheEnginesCap() {
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    clock.freezeAt(t0);
    String x = tenants.account(tenant, Platform.TWITTER, "forever");
    ink.octopost.testing.ScriptedNetwork.otherwise(x, new Processing(FIRST, t0.plus(Duration.ofDays(3))));
    String id = create("{\"content\": \"x\", \"platforms\": [\"twitter\"]}");
    publish(id);
    var waiting = awaitCalls(id, x, 1, "twitter");
    assertThat(Instant.parse(waiting.path("next_attempt_at").asString())).as("at most an hour away").isEqualTo(t0.plus(Duration.ofHours(1)));

    clock.advance(Duration.ofHours(1));
    waiting = awaitCalls(id, x, 2, "twitter");
    assertThat(waiting.path("status").asString()).isEqualTo("pending");
    clock.advance(Duration.ofHours(1));
    var post = awaitStatus(id, "failed");
    var t = target(post, "twitter");
    assertThat(t.path("error_code").asString()).isEqualTo("in_progress_timeout");
    assertThat(t.path("error").asString()).contains("still processing after 120 minutes").contains("OCTOPOST_ENGINE_MAX_IN_PROGRESS");
    assertThat(seen(x)).hasSize(3);
    assertThat(stored(id).get("progress")).isNull();
  }
}

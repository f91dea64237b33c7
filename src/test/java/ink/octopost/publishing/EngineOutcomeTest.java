package ink.octopost.publishing;

import static ink.octopost.testing.ScriptedNetwork.calls;
import static ink.octopost.testing.ScriptedNetwork.script;
import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.Platform;
import ink.octopost.testing.ScriptedNetwork.Crash;
import ink.octopost.testing.ScriptedNetwork.CrashBeforeSending;
import ink.octopost.testing.ScriptedNetwork.Fail;
import ink.octopost.testing.ScriptedNetwork.FailBeforeSending;
import ink.octopost.testing.ScriptedNetwork.Succeed;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every failure class and what the engine makes of it, end to end. */
class EngineOutcomeTest extends EngineTestBase {

  @Autowired ink.octopost.accounts.AccountService accounts;
  String x;
  String bsky;
  String masto;

  @BeforeEach
  void accounts() {
    x = tenants.account(tenant, Platform.TWITTER, "x_user");
    bsky = tenants.account(tenant, Platform.BLUESKY, "b_user");
    masto = tenants.account(tenant, Platform.MASTODON, "m_user");
  }

  @Test
  void allTargetsPublish_postIsPublished_withResultsAndEvents() {
    script(x);
    script(bsky);
    String id = create("{\"content\": \"hello\", \"platforms\": [\"twitter\", \"bluesky\"]}");
    publish(id);
    var post = awaitStatus(id, "published");

    assertThat(post.path("published_at").isNull()).isFalse();
    var x1 = post.path("platform_results").path("twitter");
    assertThat(x1.path("success").asBoolean()).isTrue();
    assertThat(x1.path("post_id").asString()).isNotBlank();
    assertThat(x1.path("post_url").asString()).startsWith("https://twitter.example/");
    assertThat(target(post, "bluesky").path("attempts").asInt()).isEqualTo(1);
    assertThat(calls(x)).hasSize(1);
    assertThat(calls(bsky)).hasSize(1);
    assertThat(eventTypes()).containsSubsequence("post.created", "post.published").doesNotContain("post.partially_failed");
  }

  @Test
  void partialSuccess_isPublished_andSaysWhichFailed() {
    script(x, new Fail(new NetworkFailure.Rejected("duplicate_content", "Status is a duplicate")));
    script(bsky);
    String id = create("{\"content\": \"hello\", \"platforms\": [\"twitter\", \"bluesky\"]}");
    publish(id);
    var post = awaitStatus(id, "published", "failed");

    assertThat(post.path("status").asString()).isEqualTo("published");
    var failed = target(post, "twitter");
    assertThat(failed.path("status").asString()).isEqualTo("failed");
    assertThat(failed.path("error_code").asString()).isEqualTo("duplicate_content");
    assertThat(failed.path("error").asString()).contains("Status is a duplicate");
    assertThat(post.path("platform_results").path("twitter").path("success").asBoolean()).isFalse();
    assertThat(calls(x)).as("rejected content is not retried").hasSize(1);
    assertThat(eventTypes()).contains("post.published", "post.partially_failed");
  }

  @Test
  void allFail_postIsFailed() {
    script(x, new Fail(new NetworkFailure.Rejected("media_rejected", "bad media")));
    String id = create("{\"content\": \"x\", \"platforms\": [\"twitter\"]}");
    publish(id);
    assertThat(awaitStatus(id, "published", "failed").path("status").asString()).isEqualTo("failed");
    assertThat(eventTypes()).contains("post.failed").doesNotContain("post.published");
  }

  @Test
  void rateLimited_retriesExactlyAtTheNetworksResetTime() {
    clock.freeze();
    Instant reset = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(90);
    script(x, new Fail(new NetworkFailure.RateLimited("429 Too Many Requests", reset)));
    String id = create("{\"content\": \"x\", \"platforms\": [\"twitter\"]}");
    publish(id);
    var waiting = awaitTarget(id, "twitter", "pending");
    for (int i = 0; (waiting.path("attempts").asInt() == 0 || !waiting.path("status").asString().equals("pending")) && i < 500; i++) {
      engine.pass();
      waiting = target(get(id), "twitter");
    }
    assertThat(waiting.path("error_code").asString()).isEqualTo("rate_limited");
    assertThat(Instant.parse(waiting.path("next_attempt_at").asString())).isEqualTo(reset);

    clock.advance(Duration.ofSeconds(89));
    engine.pass();
    assertThat(calls(x)).as("not before the reset").hasSize(1);
    clock.advance(Duration.ofSeconds(1));
    var post = awaitStatus(id, "published");
    assertThat(target(post, "twitter").path("attempts").asInt()).isEqualTo(2);
    assertThat(target(post, "twitter").path("error").isNull()).isTrue();
  }

  @Test
  void transientFailures_backOff_thenGiveUp() {
    clock.freeze();
    var down = new Fail(new NetworkFailure.Unavailable("503 Service Unavailable"));
    script(x, down, down, down, down, down);
    String id = create("{\"content\": \"x\", \"platforms\": [\"twitter\"]}");
    publish(id);
    Instant previous = clock.instant();
    for (int attempt = 1; attempt <= 4; attempt++) {
      final int expected = attempt;
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (calls(x).size() < expected || target(get(id), "twitter").path("status").asString().equals("publishing")) {
        engine.pass();
        sleep(10);
        assertThat(System.nanoTime()).isLessThan(deadline);
      }
      var t = target(get(id), "twitter");
      assertThat(t.path("status").asString()).isEqualTo("pending");
      Instant next = Instant.parse(t.path("next_attempt_at").asString());
      long expectedMillis = 5000L << (attempt - 1);
      assertThat(Duration.between(clock.instant(), next).toMillis())
          .as("attempt %d backs off about %d ms", attempt, expectedMillis)
          .isBetween((long) (expectedMillis * 0.75) - 1000, (long) (expectedMillis * 1.25)); // the API shows whole seconds
      assertThat(next).isAfter(previous);
      previous = next;
      clock.advance(Duration.ofMinutes(10));
    }
    var post = awaitStatus(id, "failed");
    assertThat(calls(x)).hasSize(5);
    assertThat(target(post, "twitter").path("error_code").asString()).isEqualTo("network_unavailable");
    assertThat(target(post, "twitter").path("error").asString()).contains("gave up after 5 attempts");
  }

  @Test
  void expiredCredentials_areRefreshedOnce_andStoredAtomically() {
    script(x, new Fail(new NetworkFailure.CredentialsExpired("401 token expired")), new Succeed());
    ink.octopost.testing.ScriptedNetwork.refreshes(x, Optional.of(new NetworkConnector.RefreshedCredentials(
        Map.of("access_token", "fresh-access", "refresh_token", "rotated-refresh"), Instant.parse("2030-01-01T00:00:00Z"))));
    String id = create("{\"content\": \"x\", \"platforms\": [\"twitter\"]}");
    publish(id);
    awaitStatus(id, "published");

    assertThat(calls(x)).hasSize(2);
    assertThat(calls(x).get(1).credentials()).containsEntry("access_token", "fresh-access");
    assertThat(accounts.currentCredentials(x).orElseThrow().values()).containsEntry("refresh_token", "rotated-refresh");
  }

  @Test
  void aRefreshThatFailsForAWhile_retriesTheTarget_andKeepsTheAccount() throws Exception {
    clock.freeze();
    var expired = new Fail(new NetworkFailure.CredentialsExpired("401 token expired"));
    script(x, expired, expired, new Succeed());
    ink.octopost.testing.ScriptedNetwork.refreshFails(x, new NetworkFailure.Unavailable("token endpoint answered 503"));
    ink.octopost.testing.ScriptedNetwork.refreshes(x, Optional.of(new NetworkConnector.RefreshedCredentials(
        Map.of("access_token", "later-access", "refresh_token", "later-refresh"), Instant.parse("2030-01-01T00:00:00Z"))));
    String id = create("{\"content\": \"x\", \"platforms\": [\"twitter\"]}");
    publish(id);
    var waiting = awaitTarget(id, "twitter", "pending");
    for (int i = 0; (waiting.path("attempts").asInt() == 0 || !waiting.path("status").asString().equals("pending")) && i < 500; i++) {
      engine.pass();
      sleep(10);
      waiting = target(get(id), "twitter");
    }
    assertThat(waiting.path("error_code").asString()).isEqualTo("network_unavailable");
    assertThat(api.get("/v1/accounts/" + x, tenant.key()).json().path("status").asString()).isEqualTo("active");

    clock.advance(Duration.ofMinutes(10));
    awaitStatus(id, "published");
    assertThat(calls(x).getLast().credentials()).containsEntry("access_token", "later-access");
  }

  @Test
  void aFailedRefresh_orRevokedAccess_needsReconnect() {
    script(x, new Fail(new NetworkFailure.CredentialsExpired("401 token expired")));
    ink.octopost.testing.ScriptedNetwork.refreshes(x, Optional.empty());
    script(bsky, new Fail(new NetworkFailure.AccessRevoked("InvalidToken: revoked")));
    String id = create("{\"content\": \"x\", \"platforms\": [\"twitter\", \"bluesky\"]}");
    publish(id);
    var post = awaitStatus(id, "failed");

    for (String p : new String[] {"twitter", "bluesky"}) {
      assertThat(target(post, p).path("error_code").asString()).isEqualTo("account_needs_reconnect");
    }
    var account = api.get("/v1/accounts/" + x, tenant.key()).json();
    assertThat(account.path("status").asString()).isEqualTo("needs_reconnect");
    assertThat(account.path("is_active").asBoolean()).isFalse();
    assertThat(eventTypes()).contains("account.needs_reconnect");
    assertThat(calls(x)).as("one call, one refresh, no second call").hasSize(1);
  }

  @Test
  void lostAnswerBeforeTheGate_onANetworkWithoutIdempotency_isRetried_notUnconfirmed() {
    clock.freeze();
    script(x, new FailBeforeSending(new NetworkFailure.OutcomeUnknown("media upload: connection reset")), new Succeed());
    String id = create("{\"content\": \"x\", \"platforms\": [\"twitter\"]}");
    publish(id);
    for (int i = 0; !target(get(id), "twitter").path("error_code").asString().equals("network_unavailable") && i < 200; i++) {
      engine.pass();
      sleep(10);
    }
    var t = target(get(id), "twitter");
    assertThat(t.path("status").asString()).as("no post request left: nothing to confirm").isEqualTo("pending");
    assertThat(t.path("error").asString()).contains("before the post itself was sent");
    assertThat(calls(x)).isEmpty();

    clock.advance(Duration.ofMinutes(1)); // past the backoff
    assertThat(awaitStatus(id, "published").path("status").asString()).isEqualTo("published");
    assertThat(calls(x)).as("one publishing request in all").hasSize(1);
  }

  @Test
  void droppedConnection_onANetworkWithoutIdempotency_isUnconfirmed_andNotRetried() {
    clock.freeze();
    script(x, new Fail(new NetworkFailure.OutcomeUnknown("connection reset after the request was sent")));
    String id = create("{\"content\": \"x\", \"platforms\": [\"twitter\"]}");
    publish(id);
    var post = awaitStatus(id, "failed");
    var t = target(post, "twitter");
    assertThat(t.path("status").asString()).isEqualTo("unconfirmed");
    assertThat(t.path("error").asString()).contains("may or may not be there");
    clock.advance(Duration.ofHours(1));
    engine.pass();
    assertThat(calls(x)).hasSize(1);

    assertThat(api.post("/v1/posts/" + id + "/retry", tenant.key(), "{}").status()).isEqualTo(202);
    assertThat(awaitStatus(id, "published").path("status").asString()).isEqualTo("published");
    assertThat(calls(x)).as("the user asked for the second call").hasSize(2);
  }

  @Test
  void droppedConnection_onAnIdempotentNetwork_isRetriedWithTheSameKey() {
    clock.freeze();
    script(masto, new Fail(new NetworkFailure.OutcomeUnknown("read timed out")), new Succeed());
    String id = create("{\"content\": \"x\", \"platforms\": [\"mastodon\"]}");
    publish(id);
    for (int i = 0; calls(masto).isEmpty() && i < 200; i++) {
      engine.pass();
      sleep(10);
    }
    awaitTarget(id, "mastodon", "pending");
    clock.advance(Duration.ofMinutes(1));
    awaitStatus(id, "published");
    assertThat(calls(masto)).hasSize(2);
    assertThat(calls(masto).get(1).idempotencyKey()).isEqualTo(calls(masto).get(0).idempotencyKey());
  }

  @Test
  void crashBetweenTheCallAndTheCommit_isUnconfirmed_withNoSecondCall() {
    clock.freeze();
    script(x, new Crash());
    String id = create("{\"content\": \"x\", \"platforms\": [\"twitter\"]}");
    publish(id);
    for (int i = 0; calls(x).isEmpty() && i < 200; i++) {
      engine.pass();
      sleep(10);
    }
    sleep(100);
    assertThat(target(get(id), "twitter").path("status").asString()).isEqualTo("publishing");

    clock.advance(Duration.ofMinutes(3)); // past the lease: the node is presumed dead
    var post = awaitStatus(id, "failed");
    assertThat(target(post, "twitter").path("status").asString()).isEqualTo("unconfirmed");
    clock.advance(Duration.ofHours(1));
    engine.pass();
    assertThat(calls(x)).hasSize(1);
  }

  /**
   * Fetching and uploading media creates no post: a node that dies there, before the connector
   * opens its send gate, leaves nothing to check by hand even on a network without idempotency.
   */
  @Test
  void crashDuringTheConnectorsPreparation_beforeTheRequest_runsAgain_andIsNotUnconfirmed() {
    clock.freeze();
    script(x, new CrashBeforeSending(), new Succeed());
    String id = create("{\"content\": \"x\", \"platforms\": [\"twitter\"]}");
    publish(id);
    for (int i = 0; target(get(id), "twitter").path("status").asString().equals("pending") && i < 200; i++) {
      engine.pass();
      sleep(10);
    }
    sleep(100);
    assertThat(target(get(id), "twitter").path("status").asString()).isEqualTo("publishing");
    assertThat(calls(x)).isEmpty();

    clock.advance(Duration.ofMinutes(3)); // past the lease: the node is presumed dead
    var post = awaitStatus(id, "published");
    assertThat(target(post, "twitter").path("status").asString()).isEqualTo("published");
    assertThat(calls(x)).hasSize(1);
  }

  @Test
  void crashOnAnIdempotentNetwork_isFinishedByTheNextRun_withTheSameKey() {
    clock.freeze();
    script(masto, new Crash(), new Succeed());
    String id = create("{\"content\": \"x\", \"platforms\": [\"mastodon\"]}");
    publish(id);
    for (int i = 0; calls(masto).isEmpty() && i < 200; i++) {
      engine.pass();
      sleep(10);
    }
    clock.advance(Duration.ofMinutes(3));
    awaitStatus(id, "published");
    assertThat(calls(masto)).hasSize(2);
    assertThat(calls(masto).get(1).idempotencyKey()).isEqualTo(calls(masto).get(0).idempotencyKey());
  }
}

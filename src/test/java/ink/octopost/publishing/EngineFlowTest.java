package ink.octopost.publishing;

import static ink.octopost.testing.ScriptedNetwork.calls;
import static ink.octopost.testing.ScriptedNetwork.script;
import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.auth.KeyMode;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.Platform;
import ink.octopost.testing.ScriptedNetwork.Fail;
import ink.octopost.testing.ScriptedNetwork.Succeed;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** Threads, cross-links, schedules, the queue and the sandbox, end to end. */
class EngineFlowTest extends EngineTestBase {

  @Test
  void thread_publishesInOrder_asReplies_andStopsAtAFailedSegment() {
    String x = tenants.account(tenant, Platform.TWITTER, "threader");
    script(x, new Succeed(), new Succeed(), new Fail(new NetworkFailure.Rejected("rejected", "reply not allowed")));
    String id = create("""
        {"content": "1/ the post", "platforms": ["twitter"],
         "segments": [{"content": "2/ first reply"}, {"content": "3/ second reply"}, {"content": "4/ never"}]}""");
    publish(id);
    var post = awaitStatus(id, "failed", "published");

    var sent = calls(x);
    assertThat(sent).extracting(c -> c.text()).containsExactly("1/ the post", "2/ first reply", "3/ second reply");
    assertThat(sent.get(0).replyTo()).isNull();
    assertThat(sent.get(1).replyTo()).isNotNull();
    assertThat(sent.get(2).replyTo()).isNotEqualTo(sent.get(1).replyTo());
    var t = target(post, "twitter");
    assertThat(t.path("status").asString()).isEqualTo("failed");
    assertThat(t.path("error").asString()).startsWith("Reply segment 2 of 3 failed").contains("reply not allowed");
    assertThat(t.path("post_url").asString()).as("the published head of the thread is linked").isNotBlank();

    script(x, new Succeed(), new Succeed());
    api.post("/v1/posts/" + id + "/retry", tenant.key(), "{}");
    awaitStatus(id, "published");
    assertThat(calls(x)).extracting(c -> c.text())
        .as("a retry continues the thread, it does not post it again")
        .containsExactly("1/ the post", "2/ first reply", "3/ second reply", "3/ second reply", "4/ never");
  }

  @Test
  void crossLinkedPreset_publishesThePrimaryFirst_andLinksIt() {
    String x = tenants.account(tenant, Platform.TWITTER, "x");
    String b = tenants.account(tenant, Platform.BLUESKY, "b");
    String m = tenants.account(tenant, Platform.MASTODON, "m");
    script(x, new ink.octopost.testing.ScriptedNetwork.Delay(50));
    script(b, new ink.octopost.testing.ScriptedNetwork.Delay(300));
    script(m);
    String preset = api.post("/v1/presets", tenant.key(), """
        {"name": "Bluesky first", "platforms": ["twitter", "bluesky", "mastodon"], "primary_platform": "bluesky",
         "cross_link_enabled": true, "cross_link_template": "Discuss on {platform}: {link}"}""").json().path("id").asString();
    String id = create("{\"content\": \"Big news\", \"preset_id\": \"" + preset + "\"}");
    publish(id);
    var post = awaitStatus(id, "published");

    String primaryUrl = target(post, "bluesky").path("post_url").asString();
    assertThat(calls(x).getFirst().text()).isEqualTo("Big news\n\nDiscuss on Bluesky: " + primaryUrl);
    assertThat(calls(m).getFirst().text()).contains(primaryUrl);
    assertThat(calls(b).getFirst().text()).isEqualTo("Big news");
  }

  @Test
  void crossLink_whenThePrimaryFails_theOthersPublishWithoutIt_andSaySo() {
    String x = tenants.account(tenant, Platform.TWITTER, "x");
    String b = tenants.account(tenant, Platform.BLUESKY, "b");
    script(x);
    script(b, new Fail(new NetworkFailure.Rejected("rejected", "no")));
    String preset = api.post("/v1/presets", tenant.key(), """
        {"name": "P", "platforms": ["twitter", "bluesky"], "primary_platform": "bluesky", "cross_link_enabled": true}""")
        .json().path("id").asString();
    String id = create("{\"content\": \"hello\", \"preset_id\": \"" + preset + "\"}");
    publish(id);
    var post = awaitStatus(id, "published");
    assertThat(calls(x).getFirst().text()).isEqualTo("hello");
    assertThat(target(post, "twitter").path("note").asString()).contains("without the cross-link");
  }

  @Test
  void scheduledPost_startsAtItsInstant_notOnAMinuteTick() {
    String x = tenants.account(tenant, Platform.TWITTER, "on_time");
    script(x);
    Instant at = clock.instant().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
    String id = create("{\"content\": \"on time\", \"platforms\": [\"twitter\"], \"scheduled_for\": \"" + at + "\"}");

    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (calls(x).isEmpty() && System.nanoTime() < deadline) {
      sleep(20); // the background loop alone: no test-driven passes here
    }
    Instant started = jdbc.sql("SELECT publish_started_at FROM posts WHERE id = ?").param(id).query(java.sql.Timestamp.class).single().toInstant();
    assertThat(Duration.between(at, started)).as("lateness").isBetween(Duration.ZERO, Duration.ofMillis(1200));
    awaitStatus(id, "published");
  }

  @Test
  void reschedulingOrCancellingBeforeTheTime_takesEffect() {
    String x = tenants.account(tenant, Platform.TWITTER, "moved");
    script(x);
    clock.freeze();
    String moved = create("{\"content\": \"moved\", \"platforms\": [\"twitter\"], \"scheduled_for\": \"" + clock.instant().plusSeconds(60) + "\"}");
    String cancelled = create("{\"content\": \"cancelled\", \"platforms\": [\"twitter\"], \"scheduled_for\": \"" + clock.instant().plusSeconds(60) + "\"}");
    String unscheduled = create("{\"content\": \"unscheduled\", \"platforms\": [\"twitter\"], \"scheduled_for\": \"" + clock.instant().plusSeconds(60) + "\"}");
    api.request("PATCH", "/v1/posts/" + moved).key(tenant.key()).json("{\"scheduled_for\": \"" + clock.instant().plusSeconds(3600) + "\"}").send();
    api.delete("/v1/posts/" + cancelled, tenant.key());
    api.request("PATCH", "/v1/posts/" + unscheduled).key(tenant.key()).json("{\"scheduled_for\": null}").send();

    clock.advance(Duration.ofSeconds(61));
    for (int i = 0; i < 5; i++) {
      engine.pass();
    }
    assertThat(calls(x)).isEmpty();
    assertThat(get(moved).path("status").asString()).isEqualTo("scheduled");
    assertThat(get(unscheduled).path("status").asString()).isEqualTo("draft");

    clock.advance(Duration.ofHours(1));
    awaitStatus(moved, "published");
    assertThat(calls(x)).hasSize(1);
  }

  @Test
  void aPostWhoseTimePassedWhileNoNodeRan_isPublished_andSaysHowLate() {
    String x = tenants.account(tenant, Platform.TWITTER, "late");
    script(x);
    clock.freeze();
    String id = create("{\"content\": \"late\", \"platforms\": [\"twitter\"], \"scheduled_for\": \"" + clock.instant().plusSeconds(60) + "\"}");
    clock.advance(Duration.ofHours(3)); // as if every node was down from now until 3 h later
    var post = awaitStatus(id, "published");
    assertThat(target(post, "twitter").path("note").asString()).matches("Started 2 h 5[89] min after its scheduled time.*");
  }

  @Test
  void queuedPosts_takeTheNextSlots_oldestFirst_andPendingWaitsForApproval() {
    String x = tenants.account(tenant, Platform.TWITTER, "queued");
    script(x);
    clock.freezeAt(Instant.parse("2026-03-07T13:30:00Z")); // 08:30 EST
    api.request("PUT", "/v1/queue").key(tenant.key()).json("""
        {"timezone": "America/New_York", "active_hours": {"start": "09:00", "end": "17:00"}, "interval_minutes": 60,
         "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}""").send();
    clock.freezeAt(Instant.parse("2026-03-07T13:30:00Z")); // 08:30 EST
    String pending = create("{\"content\": \"needs approval\", \"platforms\": [\"twitter\"], \"queue_status\": \"pending\"}");
    clock.advance(Duration.ofSeconds(1));
    String first = create("{\"content\": \"first\", \"platforms\": [\"twitter\"], \"queue_status\": \"queued\"}");
    clock.advance(Duration.ofSeconds(1));
    String second = create("{\"content\": \"second\", \"platforms\": [\"twitter\"], \"queue_status\": \"queued\"}");

    engine.pass();
    assertThat(calls(x)).as("no slot before 09:00").isEmpty();

    clock.freezeAt(Instant.parse("2026-03-07T14:00:00Z")); // 09:00 EST
    awaitStatus(first, "published");
    assertThat(get(first).path("scheduled_for").asString()).isEqualTo("2026-03-07T14:00:00Z");
    assertThat(get(second).path("status").asString()).isEqualTo("draft");

    api.post("/v1/posts/" + pending + "/approve", tenant.key(), "{}");
    clock.freezeAt(Instant.parse("2026-03-07T15:00:00Z")); // 10:00 EST
    awaitStatus(pending, "published");
    assertThat(get(second).path("status").asString()).as("the approved post kept its older place").isEqualTo("draft");

    clock.freezeAt(Instant.parse("2026-03-07T16:00:00Z"));
    awaitStatus(second, "published");
    assertThat(calls(x)).extracting(c -> c.text()).containsExactly("first", "needs approval", "second");
  }

  @Test
  void sandboxPosts_publishThroughTheSandbox_withRealValidation_andNoNetworkCall() {
    String test = tenants.key(tenant, KeyMode.TEST);
    var created = api.post("/v1/posts", test, "{\"content\": \"try me\", \"platforms\": [\"twitter\", \"bluesky\"]}").json();
    String id = created.path("id").asString();
    var post = publishWithTestKey(id, test);
    assertThat(post.path("status").asString()).isEqualTo("published");
    assertThat(post.path("platform_results").path("twitter").path("post_url").asString())
        .startsWith("https://sandbox.octopost.invalid/twitter/");
    assertThat(post.path("platform_results").path("bluesky").path("post_id").asString()).startsWith("at://did:plc:sandbox/app.bsky.feed.post/");
    assertThat(calls()).noneMatch(c -> c.accountId().equals(created.path("account_ids").get(0).asString()));
  }

  @Test
  void sandboxResults_linkToTheReservedSandboxDomain_neverToARealSite() {
    String test = tenants.key(tenant, KeyMode.TEST);
    var textPlatforms = java.util.List.of("twitter", "bluesky", "mastodon", "linkedin", "threads", "facebook", "discord",
        "slack", "telegram");
    var created = api.post("/v1/posts", test, "{\"content\": \"sandbox links\", \"platforms\": "
        + textPlatforms.stream().map(p -> "\"" + p + "\"").toList() + "}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().path("id").asString();
    var post = publishWithTestKey(id, test);
    var results = post.path("platform_results");
    assertThat(results.propertyNames()).containsExactlyInAnyOrderElementsOf(textPlatforms);
    for (String p : textPlatforms) {
      assertThat(java.net.URI.create(results.path(p).path("post_url").asString()).getHost()).as(p)
          .isEqualTo("sandbox.octopost.invalid");
    }
  }

  /** Publishes with a test key and runs engine passes until the post is published (15 s at most). */
  private tools.jackson.databind.JsonNode publishWithTestKey(String id, String test) {
    api.post("/v1/posts/" + id + "/publish", test, "{}");
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    var post = api.get("/v1/posts/" + id, test).json();
    while (!post.path("status").asString().equals("published") && System.nanoTime() < deadline) {
      engine.pass();
      sleep(20);
      post = api.get("/v1/posts/" + id, test).json();
    }
    return post;
  }
}

package ink.octopost.posts;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.networks.Platform;
import ink.octopost.testing.Api;
import ink.octopost.testing.ApiTestBase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class PostLifecycleTest extends ApiTestBase {

  @Autowired JdbcClient jdbc;
  String twitter;
  String bluesky;

  @BeforeEach
  void accounts() {
    twitter = tenants.account(tenant, Platform.TWITTER, "octo_x");
    bluesky = tenants.account(tenant, Platform.BLUESKY, "octo.bsky.social");
  }

  private Api.Response create(String json) {
    return api.post("/v1/posts", tenant.key(), json);
  }

  private String future(Duration d) {
    return clock.instant().plus(d).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  @Test
  void create_draft_returnsTheFullPostObject() {
    var r = create("{\"content\": \"Hello from the Octopost API!\", \"platforms\": [\"twitter\", \"bluesky\"]}");

    assertThat(r.status()).isEqualTo(201);
    var p = r.json();
    assertThat(p.path("id").asString()).startsWith("post_");
    assertThat(p.path("status").asString()).isEqualTo("draft");
    assertThat(p.path("content").asString()).isEqualTo("Hello from the Octopost API!");
    assertThat(p.path("platforms").toString()).isEqualTo("[\"twitter\",\"bluesky\"]");
    assertThat(p.path("account_ids").toString()).isEqualTo("[\"" + twitter + "\",\"" + bluesky + "\"]");
    assertThat(p.path("targets").size()).isEqualTo(2);
    assertThat(p.path("targets").get(0).path("status").asString()).isEqualTo("pending");
    assertThat(p.path("targets").get(0).path("attempts").asInt()).isZero();
    assertThat(p.path("platform_results").isObject()).isTrue();
    assertThat(p.path("platform_results").size()).isZero();
    assertThat(p.path("segments").isNull()).isTrue();
    assertThat(p.path("scheduled_for").isNull()).isTrue();
    assertThat(p.path("queue_status").isNull()).isTrue();
    assertThat(p.path("published_at").isNull()).isTrue();
    assertThat(p.path("media").path("images").isArray()).isTrue();
    assertThat(p.path("media").path("video").isNull()).isTrue();
    assertThat(p.path("media").propertyNames()).containsExactlyInAnyOrder("images", "video");
    assertThat(p.path("created_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

    var fetched = api.get("/v1/posts/" + p.path("id").asString(), tenant.key());
    assertThat(fetched.json()).isEqualTo(p);
  }

  @Test
  void create_withScheduledFor_isScheduled_andRecordsEvents() {
    String at = future(Duration.ofHours(2));
    var r = create("{\"content\": \"later\", \"platforms\": [\"twitter\"], \"scheduled_for\": \"" + at + "\"}");

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().path("status").asString()).isEqualTo("scheduled");
    assertThat(r.json().path("scheduled_for").asString()).isEqualTo(at);
    var types = jdbc.sql("SELECT type FROM events WHERE workspace_id = ? ORDER BY seq").param(tenant.workspaceId())
        .query(String.class).list();
    assertThat(types).containsSubsequence("post.created", "post.scheduled");
  }

  @Test
  void scheduledFor_acceptsAnyOffset_andAnswersInUtc() {
    Instant at = clock.instant().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
    String withOffset = at.atOffset(java.time.ZoneOffset.ofHours(-5)).toString();
    var r = create("{\"content\": \"x\", \"platforms\": [\"twitter\"], \"scheduled_for\": \"" + withOffset + "\"}");
    assertThat(r.json().path("scheduled_for").asString()).isEqualTo(at.toString());
  }

  @Test
  void scheduledFor_inThePast_orWithoutOffset_is422() {
    assertError(create("{\"content\": \"x\", \"platforms\": [\"twitter\"], \"scheduled_for\": \"2020-01-01T00:00:00Z\"}"), 422, "validation_error");
    var r = assertError(create("{\"content\": \"x\", \"platforms\": [\"twitter\"], \"scheduled_for\": \"2099-01-01T10:00:00\"}"), 422, "validation_error");
    assertThat(r.json().path("details").path("fields").get(0).path("field").asString()).isEqualTo("scheduled_for");
  }

  @Test
  void platformWithoutAccount_is422_namingThePlatform() {
    var r = assertError(create("{\"content\": \"x\", \"platforms\": [\"twitter\", \"mastodon\"]}"), 422, "validation_error");
    assertThat(r.json().path("error").asString()).contains("mastodon");
    assertThat(r.json().path("details").path("fields").get(0).path("field").asString()).isEqualTo("platforms[1]");
  }

  @Test
  void unknownOrForeignIds_are404() {
    var other = tenants.create();
    String foreignAccount = tenants.account(other, Platform.TWITTER, "someone_else");
    assertError(create("{\"content\": \"x\", \"account_ids\": [\"" + foreignAccount + "\"]}"), 404, "not_found");
    assertError(create("{\"content\": \"x\", \"account_ids\": [\"acc_nope\"]}"), 404, "not_found");
    assertError(create("{\"content\": \"x\", \"preset_id\": \"preset_nope\"}"), 404, "not_found");

    String foreignPost = api.post("/v1/posts", other.key(), "{\"content\": \"theirs\", \"platforms\": [\"twitter\"]}").json().path("id").asString();
    assertError(api.get("/v1/posts/" + foreignPost, tenant.key()), 404, "not_found");
    assertError(api.request("PATCH", "/v1/posts/" + foreignPost).key(tenant.key()).json("{\"content\": \"mine\"}").send(), 404, "not_found");
    assertError(api.delete("/v1/posts/" + foreignPost, tenant.key()), 404, "not_found");
    assertError(api.post("/v1/posts/" + foreignPost + "/publish", tenant.key(), "{}"), 404, "not_found");
    assertThat(api.get("/v1/posts/" + foreignPost, other.key()).json().path("content").asString()).isEqualTo("theirs");
  }

  @Test
  void accountIds_andPlatforms_targetTheirUnion_eachOnce() {
    String second = tenants.account(tenant, Platform.TWITTER, "octo_x_two");
    var r = create("{\"content\": \"x\", \"platforms\": [\"twitter\"], \"account_ids\": [\"" + second + "\", \"" + twitter + "\"]}");
    assertThat(r.json().path("account_ids").toString()).isEqualTo("[\"" + twitter + "\",\"" + second + "\"]");
    assertThat(r.json().path("platforms").toString()).isEqualTo("[\"twitter\"]");
  }

  @Test
  void patch_changesOnlyWhatItNames_andNullUnschedules() {
    String at = future(Duration.ofHours(3));
    String id = create("{\"content\": \"v1\", \"platforms\": [\"twitter\"], \"scheduled_for\": \"" + at + "\","
        + " \"media\": {\"images\": [{\"url\": \"https://example.com/a.png\", \"alt_text\": \"A\"}]}}").json().path("id").asString();

    var patched = api.request("PATCH", "/v1/posts/" + id).key(tenant.key()).json("{\"content\": \"v2\"}").send().json();
    assertThat(patched.path("content").asString()).isEqualTo("v2");
    assertThat(patched.path("scheduled_for").asString()).isEqualTo(at);
    assertThat(patched.path("status").asString()).isEqualTo("scheduled");
    assertThat(patched.path("media").path("images").get(0).path("alt_text").asString()).isEqualTo("A");

    var unscheduled = api.request("PUT", "/v1/posts/" + id).key(tenant.key()).json("{\"scheduled_for\": null}").send().json();
    assertThat(unscheduled.path("status").asString()).isEqualTo("draft");
    assertThat(unscheduled.path("scheduled_for").isNull()).isTrue();
    assertThat(unscheduled.path("content").asString()).isEqualTo("v2");
  }

  @Test
  void publish_is202_thenEveryChangeIs409() {
    ink.octopost.testing.ScriptedNetwork.script(twitter, new ink.octopost.testing.ScriptedNetwork.Delay(1500));
    String id = create("{\"content\": \"go\", \"platforms\": [\"twitter\"]}").json().path("id").asString();

    var published = api.post("/v1/posts/" + id + "/publish", tenant.key(), "{}");
    assertThat(published.status()).isEqualTo(202);
    assertThat(published.json().path("status").asString()).isEqualTo("publishing");

    assertError(api.post("/v1/posts/" + id + "/publish", tenant.key(), "{}"), 409, "conflict");
    assertError(api.request("PATCH", "/v1/posts/" + id).key(tenant.key()).json("{\"content\": \"edit\"}").send(), 409, "conflict");
    assertError(api.delete("/v1/posts/" + id, tenant.key()), 409, "conflict");

    long deadline = System.nanoTime() + 15_000_000_000L;
    while (!api.get("/v1/posts/" + id, tenant.key()).json().path("status").asString().equals("published")) {
      assertThat(System.nanoTime()).as("published in time").isLessThan(deadline);
      sleep(50);
    }
    var r = assertError(api.request("PUT", "/v1/posts/" + id).key(tenant.key()).json("{\"content\": \"edit\"}").send(), 409, "conflict");
    assertThat(r.json().path("error").asString()).contains("already been published");
    assertError(api.post("/v1/posts/" + id + "/publish", tenant.key(), "{}"), 409, "conflict");
    assertThat(api.delete("/v1/posts/" + id, tenant.key()).status()).as("removed here only").isEqualTo(204);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void publish_refusesContentTheNetworkWouldReject_withPerTargetDetails() {
    String id = create("{\"content\": \"" + "a".repeat(281) + "\", \"platforms\": [\"twitter\", \"bluesky\"]}").json().path("id").asString();

    var r = assertError(api.post("/v1/posts/" + id + "/publish", tenant.key(), "{}"), 422, "validation_error");

    var targets = r.json().path("details").path("targets");
    assertThat(targets.size()).isEqualTo(1);
    assertThat(targets.get(0).path("platform").asString()).isEqualTo("twitter");
    var violation = targets.get(0).path("violations").get(0);
    assertThat(violation.path("code").asString()).isEqualTo("text_too_long");
    assertThat(violation.path("limit").asInt()).isEqualTo(280);
    assertThat(violation.path("actual").asInt()).isEqualTo(281);
    assertThat(api.get("/v1/posts/" + id, tenant.key()).json().path("status").asString()).isEqualTo("draft");
  }

  @Test
  void scheduling_refusesContentTheNetworkWouldReject() {
    assertError(create("{\"content\": \"" + "a".repeat(301) + "\", \"platforms\": [\"bluesky\"], \"scheduled_for\": \""
        + future(Duration.ofHours(1)) + "\"}"), 422, "validation_error");
    assertThat(create("{\"content\": \"" + "a".repeat(301) + "\", \"platforms\": [\"bluesky\"]}").status())
        .as("a draft may be over the limit until it is published").isEqualTo(201);
  }

  @Test
  void deleteScheduled_cancelsIt() {
    String id = create("{\"content\": \"x\", \"platforms\": [\"twitter\"], \"scheduled_for\": \"" + future(Duration.ofHours(1)) + "\"}")
        .json().path("id").asString();
    assertThat(api.delete("/v1/posts/" + id, tenant.key()).status()).isEqualTo(204);
    assertError(api.get("/v1/posts/" + id, tenant.key()), 404, "not_found");
    assertThat(jdbc.sql("SELECT count(*) FROM post_targets WHERE post_id = ?").param(id).query(Integer.class).single()).isZero();
  }

  @Test
  void queuedAndPending_approveKeepsThePlace() {
    var pending = create("{\"content\": \"wait for me\", \"platforms\": [\"twitter\"], \"queueStatus\": \"pending\"}").json();
    assertThat(pending.path("queue_status").asString()).isEqualTo("pending");
    String id = pending.path("id").asString();
    Instant placed = jdbc.sql("SELECT queued_at FROM posts WHERE id = ?").param(id).query(java.sql.Timestamp.class).single().toInstant();

    clock.advance(Duration.ofMinutes(5));
    var approved = api.post("/v1/posts/" + id + "/approve", tenant.key(), "{}");
    assertThat(approved.status()).isEqualTo(200);
    assertThat(approved.json().path("queue_status").asString()).isEqualTo("queued");
    assertThat(jdbc.sql("SELECT queued_at FROM posts WHERE id = ?").param(id).query(java.sql.Timestamp.class).single().toInstant())
        .isEqualTo(placed);
    assertError(api.post("/v1/posts/" + id + "/approve", tenant.key(), "{}"), 409, "conflict");

    assertError(create("{\"content\": \"x\", \"platforms\": [\"twitter\"], \"queue_status\": \"queued\", \"queueStatus\": \"pending\"}"), 422, "validation_error");
    assertError(create("{\"content\": \"x\", \"platforms\": [\"twitter\"], \"queue_status\": \"queued\", \"scheduled_for\": \""
        + future(Duration.ofHours(1)) + "\"}"), 422, "validation_error");
  }

  @Test
  void retry_runsOnlyFailedAndUnconfirmedTargets() {
    String id = create("{\"content\": \"x\", \"platforms\": [\"twitter\", \"bluesky\"]}").json().path("id").asString();
    assertError(api.post("/v1/posts/" + id + "/retry", tenant.key(), "{}"), 409, "conflict");

    jdbc.sql("UPDATE posts SET status = 'published' WHERE id = ?").param(id).update();
    jdbc.sql("UPDATE post_targets SET status = 'published', network_post_id = '1' WHERE post_id = ? AND platform = 'twitter'").param(id).update();
    jdbc.sql("UPDATE post_targets SET status = 'unconfirmed', error = 'timed out' WHERE post_id = ? AND platform = 'bluesky'").param(id).update();
    var before = api.get("/v1/posts/" + id, tenant.key()).json();
    assertThat(before.path("platform_results").path("twitter").path("success").asBoolean()).isTrue();
    assertThat(before.path("platform_results").path("bluesky").path("success").asBoolean()).isFalse();

    var r = api.post("/v1/posts/" + id + "/retry", tenant.key(), "{}");
    assertThat(r.status()).isEqualTo(202);
    var targets = jdbc.sql("SELECT platform || '=' || status FROM post_targets WHERE post_id = ? ORDER BY position").param(id)
        .query(String.class).list();
    assertThat(targets.getFirst()).isEqualTo("twitter=published");
  }

  @Test
  void mediaAndSegments_areValidated_andRoundTrip() {
    var ok = create("""
        {"content": "thread", "platforms": ["twitter"],
         "media": {"images": [{"url": "https://cdn.example.com/1.png", "alt_text": "one"}],
                   "video": null},
         "segments": [{"content": "second"}, {"content": "", "media": {"images": [{"url": "https://cdn.example.com/2.png"}]}}],
         "overrides": {"twitter": {"content": "short"}}}""");
    assertThat(ok.status()).isEqualTo(201);
    assertThat(ok.json().path("segments").size()).isEqualTo(2);
    assertThat(ok.json().path("overrides").path("twitter").path("content").asString()).isEqualTo("short");

    var segments = new StringBuilder("[");
    for (int i = 0; i < 25; i++) {
      segments.append(i == 0 ? "" : ",").append("{\"content\": \"s").append(i).append("\"}");
    }
    assertError(create("{\"content\": \"x\", \"platforms\": [\"twitter\"], \"segments\": " + segments + "]}"), 422, "validation_error");
    for (String url : new String[] {"http://127.0.0.1/a.png", "http://10.1.2.3/a.png", "http://169.254.169.254/latest", "http://[::1]/a",
        "file:///etc/passwd", "ftp://example.com/a", "http://localhost:8080/a", "not a url"}) {
      var r = assertError(create("{\"content\": \"x\", \"platforms\": [\"twitter\"], \"media\": {\"images\": [{\"url\": \"" + url + "\"}]}}"),
          422, "validation_error");
      assertThat(r.json().path("details").path("fields").get(0).path("field").asString()).isEqualTo("media.images[0].url");
    }
    assertError(create("{\"content\": \"x\", \"platforms\": [\"twitter\"], \"overrides\": {\"myspace\": {\"content\": \"y\"}}}"), 422, "validation_error");
    assertError(create("{\"content\": \"\", \"platforms\": [\"twitter\"]}"), 422, "validation_error");
    assertThat(create("{\"content\": \"\", \"platforms\": [\"twitter\"], \"media\": {\"images\": [{\"url\": \"https://e.com/i.png\"}]}}").status())
        .as("empty content is fine with media").isEqualTo(201);
  }

  @Test
  void publishQuota_isEnforcedOnPublish() {
    var free = tenants.create("free");
    tenants.account(free, Platform.TWITTER, "free_x");
    clock.freeze();
    for (int i = 0; i < 10; i++) {
      String id = api.post("/v1/posts", free.key(), "{\"content\": \"p" + i + "\", \"platforms\": [\"twitter\"]}").json().path("id").asString();
      assertThat(api.post("/v1/posts/" + id + "/publish", free.key(), "{}").status()).isEqualTo(202);
    }
    String id = api.post("/v1/posts", free.key(), "{\"content\": \"p11\", \"platforms\": [\"twitter\"]}").json().path("id").asString();
    var r = assertError(api.post("/v1/posts/" + id + "/publish", free.key(), "{}"), 429, "rate_limited");
    assertThat(r.header("Retry-After")).isEqualTo("360");
    assertThat(api.get("/v1/posts/" + id, free.key()).json().path("status").asString()).isEqualTo("draft");
  }
}

package ink.octopost.queue;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.auth.KeyMode;
import ink.octopost.testing.ApiTestBase;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A queued post shows its place in the queue and the slot it will take, and queued posts can be listed. */
class QueueVisibilityTest extends ApiTestBase {

  private String test;

  private String create(String queueStatus, String content) {
    var r = api.post("/v1/posts", test, "{\"content\": \"" + content + "\", \"platforms\": [\"twitter\"], \"queue_status\": \""
        + queueStatus + "\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    clock.advance(Duration.ofSeconds(1));
    return r.json().path("id").asString();
  }

  private JsonNode get(String id) {
    return api.get("/v1/posts/" + id, test).json();
  }

  private static String expectedAt(JsonNode post) {
    return post.path("expected_at").isNull() ? null : post.path("expected_at").asString();
  }

  @Test
  void queuedPosts_showTheirPlaceAndSlot_canBeFiltered_andStatusQueuedPointsToQueueStatus() {
    clock.freezeAt(Instant.parse("2026-03-07T13:30:00Z")); // Saturday 08:30 in New York, the day before DST starts
    var settings = api.request("PUT", "/v1/queue").key(tenant.key()).json("""
        {"timezone": "America/New_York", "active_hours": {"start": "09:00", "end": "17:00"}, "interval_minutes": 240,
         "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}""").send();
    assertThat(settings.status()).as(settings.toString()).isEqualTo(200);
    test = tenants.key(tenant, KeyMode.TEST);

    String pending = create("pending", "needs approval");
    var firstCreated = api.post("/v1/posts", test, "{\"content\": \"first\", \"platforms\": [\"twitter\"], \"queue_status\": \"queued\"}");
    assertThat(firstCreated.json().path("queue_position").asInt()).as("the create answer says it too").isEqualTo(1);
    String first = firstCreated.json().path("id").asString();
    clock.advance(Duration.ofSeconds(1));
    String second = create("queued", "second");
    String third = create("queued", "third");

    var one = get(first);
    assertThat(one.path("status").asString()).isEqualTo("draft");
    assertThat(one.path("queue_status").asString()).isEqualTo("queued");
    assertThat(one.path("queue_position").asInt()).isEqualTo(1);
    assertThat(expectedAt(one)).isEqualTo("2026-03-07T14:00:00Z"); // 09:00 EST
    assertThat(get(second).path("queue_position").asInt()).isEqualTo(2);
    assertThat(expectedAt(get(second))).isEqualTo("2026-03-07T18:00:00Z"); // 13:00 EST
    assertThat(get(third).path("queue_position").asInt()).isEqualTo(3);
    assertThat(expectedAt(get(third))).as("the next day's 09:00, in daylight time").isEqualTo("2026-03-08T13:00:00Z");
    var waiting = get(pending);
    assertThat(waiting.path("queue_position").isNull()).as("pending approval: no place yet").isTrue();
    assertThat(waiting.path("expected_at").isNull()).isTrue();

    var queued = api.get("/v1/posts?queue_status=queued", test);
    assertThat(queued.status()).as(queued.toString()).isEqualTo(200);
    assertThat(queued.json().path("posts").valueStream().map(p -> p.path("id").asString()))
        .containsExactly(third, second, first);
    assertThat(queued.json().path("posts").valueStream().map(p -> p.path("queue_position").asInt()))
        .as("lists show the places too").containsExactly(3, 2, 1);
    assertThat(api.get("/v1/posts?queue_status=pending", test).json().path("posts").valueStream()
        .map(p -> p.path("id").asString())).containsExactly(pending);

    var byStatus = assertError(api.get("/v1/posts?status=queued", test), 400, "bad_request");
    assertThat(byStatus.json().path("error").asString()).contains("?queue_status=queued");
    assertError(api.get("/v1/posts?queue_status=later", test), 400, "bad_request");

    api.post("/v1/posts/" + pending + "/approve", test, "{}");
    assertThat(get(pending).path("queue_position").asInt()).as("approved: it keeps its older place").isEqualTo(1);
    assertThat(expectedAt(get(pending))).isEqualTo("2026-03-07T14:00:00Z");
    assertThat(get(first).path("queue_position").asInt()).isEqualTo(2);
    assertThat(api.get("/v1/posts?queue_status=queued", tenant.key()).json().path("posts").size())
        .as("the live queue is another queue").isZero();
  }

  @Test
  void aSlotAlreadyDue_isExpectedNow() {
    clock.freezeAt(Instant.parse("2026-03-09T14:00:20Z")); // Monday 10:00:20 in New York
    api.request("PUT", "/v1/queue").key(tenant.key()).json("""
        {"timezone": "America/New_York", "active_hours": {"start": "09:00", "end": "17:00"}, "interval_minutes": 60}""").send();
    test = tenants.key(tenant, KeyMode.TEST);
    String first = create("queued", "due");
    String second = create("queued", "next");
    var due = get(first);
    if (due.path("queue_position").isNull()) { // the engine's background pass took it while it was read
      assertThat(get(first).path("status").asString()).isNotEqualTo("draft");
    } else {
      assertThat(due.path("queue_position").asInt()).isEqualTo(1);
      assertThat(expectedAt(due)).as("its slot has come: it goes at the next pass").isEqualTo("2026-03-09T14:00:22Z");
    }
    assertThat(expectedAt(get(second))).as("then the queue carries on at the next slot").isEqualTo("2026-03-09T15:00:00Z");
  }
}

package ink.octopost.queue;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.testing.ApiTestBase;
import org.junit.jupiter.api.Test;

class QueueApiTest extends ApiTestBase {

  @Test
  void defaults_thenChanges_areKept() {
    var d = api.get("/v1/queue", tenant.key()).json();
    assertThat(d.path("timezone").asString()).isEqualTo("UTC");
    assertThat(d.path("active_hours").path("start").asString()).isEqualTo("09:00");
    assertThat(d.path("days").size()).isEqualTo(7);

    var r = api.request("PUT", "/v1/queue").key(tenant.key()).json("""
        {"timezone": "America/New_York", "active_hours": {"start": "09:00", "end": "20:00"},
         "interval_minutes": 240, "days": ["mon", "wed", "fri"]}""").send();
    assertThat(r.status()).isEqualTo(200);
    var saved = api.get("/v1/queue", tenant.key()).json();
    assertThat(saved.path("timezone").asString()).isEqualTo("America/New_York");
    assertThat(saved.path("interval_minutes").asInt()).isEqualTo(240);
    assertThat(saved.path("days").toString()).isEqualTo("[\"mon\",\"wed\",\"fri\"]");

    var partial = api.request("PUT", "/v1/queue").key(tenant.key()).json("{\"interval_minutes\": 30}").send().json();
    assertThat(partial.path("timezone").asString()).isEqualTo("America/New_York");
    assertThat(partial.path("interval_minutes").asInt()).isEqualTo(30);
  }

  @Test
  void invalidSettings_are422_andChangeNothing() {
    String[] bodies = {
      "{\"timezone\": \"Mars/Olympus_Mons\"}",
      "{\"timezone\": \"+05:00\"}",
      "{\"active_hours\": {\"start\": \"20:00\", \"end\": \"09:00\"}}",
      "{\"active_hours\": {\"start\": \"9am\", \"end\": \"17:00\"}}",
      "{\"active_hours\": {\"start\": \"25:00\", \"end\": \"26:00\"}}",
      "{\"interval_minutes\": 0}",
      "{\"interval_minutes\": 100000}",
      "{\"interval_minutes\": \"60\"}",
      "{\"days\": []}",
      "{\"days\": [\"monday\"]}",
      "{\"days\": [\"mon\", \"mon\"]}"
    };
    for (String body : bodies) {
      var r = api.request("PUT", "/v1/queue").key(tenant.key()).json(body).send();
      assertThat(r.status()).as(body + " -> " + r).isEqualTo(422);
      assertThat(r.json().path("code").asString()).isEqualTo("validation_error");
    }
    assertThat(api.get("/v1/queue", tenant.key()).json().path("timezone").asString()).isEqualTo("UTC");
  }

  @Test
  void scopes_areWorkspaceReadAndWrite() {
    String readOnly = tenants.key(tenant, ink.octopost.auth.KeyMode.LIVE, ink.octopost.auth.Scope.WORKSPACE_READ);
    assertThat(api.get("/v1/queue", readOnly).status()).isEqualTo(200);
    assertError(api.request("PUT", "/v1/queue").key(readOnly).json("{\"interval_minutes\": 30}").send(), 403, "forbidden");
  }
}

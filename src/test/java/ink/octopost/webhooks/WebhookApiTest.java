package ink.octopost.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.auth.KeyMode;
import ink.octopost.auth.Scope;
import ink.octopost.testing.ApiTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The webhook endpoints on the shared server, where private networks are not allowed. */
class WebhookApiTest extends ApiTestBase {

  @org.springframework.beans.factory.annotation.Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

  private static final String ALL = "\"post.created\", \"post.published\", \"account.connected\"";

  private String body(String url) {
    return "{\"url\": \"" + url + "\", \"events\": [" + ALL + "], \"description\": \"mine\"}";
  }

  @Test
  void create_showsTheSecretOnce_thenCrudAndList() {
    var r = api.post("/v1/webhooks", tenant.key(), body("https://93.184.215.14/hooks/octopost"));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    var created = r.json();
    String id = created.path("id").asString();
    assertThat(id).startsWith("wh_");
    assertThat(created.path("secret").asString()).matches("whsec_[A-Za-z0-9+/]{43}=");
    assertThat(java.util.Base64.getDecoder().decode(created.path("secret").asString().substring(6))).hasSizeGreaterThanOrEqualTo(24);
    assertThat(created.path("is_active").asBoolean()).isTrue();
    assertThat(created.path("description").asString()).isEqualTo("mine");
    assertThat(created.path("events").size()).isEqualTo(3);

    var got = api.get("/v1/webhooks/" + id, tenant.key()).json();
    assertThat(got.has("secret")).isFalse();
    assertThat(got.path("url").asString()).isEqualTo("https://93.184.215.14/hooks/octopost");

    var put = api.request("PUT", "/v1/webhooks/" + id).key(tenant.key())
        .json("{\"events\": [\"post.failed\"], \"is_active\": false}").send();
    assertThat(put.status()).as(put.toString()).isEqualTo(200);
    assertThat(put.json().path("events").get(0).asString()).isEqualTo("post.failed");
    assertThat(put.json().path("is_active").asBoolean()).isFalse();
    assertThat(put.json().path("description").asString()).isEqualTo("mine");
    assertThat(put.json().has("secret")).isFalse();

    api.post("/v1/webhooks", tenant.key(), body("https://93.184.215.14/second"));
    var list = api.get("/v1/webhooks?limit=1", tenant.key()).json();
    assertThat(list.path("webhooks").size()).isEqualTo(1);
    assertThat(list.path("has_more").asBoolean()).isTrue();
    var next = api.get("/v1/webhooks?limit=1&cursor=" + list.path("next_cursor").asString(), tenant.key()).json();
    assertThat(next.path("webhooks").get(0).path("id").asString()).isEqualTo(id);
    assertThat(next.path("has_more").asBoolean()).isFalse();

    var rotated = api.post("/v1/webhooks/" + id + "/rotate-secret", tenant.key(), "{}");
    assertThat(rotated.status()).isEqualTo(200);
    assertThat(rotated.json().path("secret").asString()).startsWith("whsec_").isNotEqualTo(created.path("secret").asString());

    var log = api.get("/v1/webhooks/" + id + "/deliveries", tenant.key());
    assertThat(log.status()).isEqualTo(200);
    assertThat(log.json().path("deliveries").isArray()).isTrue();
    assertError(api.post("/v1/webhooks/" + id + "/deliveries/msg_nope/redeliver", tenant.key(), "{}"), 404, "not_found");

    assertThat(api.delete("/v1/webhooks/" + id, tenant.key()).status()).isEqualTo(204);
    assertError(api.get("/v1/webhooks/" + id, tenant.key()), 404, "not_found");
  }

  @Test
  void aDestinationThatTurnsInternalLater_isRefusedAtDelivery() {
    try (var receiver = new Receiver()) {
      var created = api.post("/v1/webhooks", tenant.key(), body("https://93.184.215.14/hook")).json();
      String id = created.path("id").asString();
      // As if its DNS name now resolved to loopback: every attempt checks the destination again.
      jdbc.sql("UPDATE webhooks SET url = ? WHERE id = ?").params(receiver.url("/internal"), id).update();
      tenants.account(tenant, ink.octopost.networks.Platform.TWITTER, "ssrf" + id.substring(3, 9));
      WebhookNode.until("a refused attempt", () -> api.get("/v1/webhooks/" + id + "/deliveries", tenant.key()).json()
          .path("deliveries").path(0).path("error").asString().startsWith("refused"), java.time.Duration.ofSeconds(20));
      assertThat(receiver.hits("/internal")).isEmpty();
      var d = api.get("/v1/webhooks/" + id + "/deliveries", tenant.key()).json().path("deliveries").get(0);
      assertThat(d.path("status").asString()).isEqualTo("pending");
      assertThat(d.path("response_status_code").isNull()).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://127.0.0.1/hook", "https://10.1.2.3/hook", "https://169.254.169.254/latest/meta-data",
      "https://[::1]/hook", "https://localhost/hook", "https://192.168.0.10/hook", "https://[fd00::1]/hook",
      "https://localtest.me/hook"})
  void internalDestinations_areRefusedAtCreation(String url) {
    var r = api.post("/v1/webhooks", tenant.key(), body(url));
    if (url.contains("localtest.me") && r.status() == 201) {
      return; // no DNS here: the name is checked again at every delivery
    }
    assertError(r, 422, "validation_error");
    assertThat(r.json().path("details").path("fields").get(0).path("field").asString()).isEqualTo("url");
  }

  @Test
  void plainHttp_andBadInput_are422() {
    assertError(api.post("/v1/webhooks", tenant.key(), body("http://93.184.215.14/hook")), 422, "validation_error");
    assertError(api.post("/v1/webhooks", tenant.key(), body("ftp://93.184.215.14/hook")), 422, "validation_error");
    assertError(api.post("/v1/webhooks", tenant.key(), "{\"url\": \"https://93.184.215.14/\", \"events\": [\"post.exploded\"]}"),
        422, "validation_error");
    assertError(api.post("/v1/webhooks", tenant.key(), "{\"url\": \"https://93.184.215.14/\", \"events\": []}"),
        422, "validation_error");
    assertError(api.post("/v1/webhooks", tenant.key(), "{\"events\": [\"post.created\"]}"), 422, "validation_error");
    assertError(api.post("/v1/webhooks", tenant.key(), "{\"url\": 5, \"events\": \"post.created\"}"), 422, "validation_error");
    assertError(api.post("/v1/webhooks", tenant.key(), "[1]"), 422, "validation_error");
    assertError(api.get("/v1/webhooks?cursor=garbage", tenant.key()), 400, "bad_request");
  }

  @Test
  void scopes_andTestKeysSeeOnlyTheirOwnWebhooks() {
    String readOnly = tenants.key(tenant, KeyMode.LIVE, Scope.WEBHOOKS_READ);
    assertError(api.post("/v1/webhooks", readOnly, body("https://93.184.215.14/x")), 403, "forbidden");
    assertThat(api.get("/v1/webhooks", readOnly).status()).isEqualTo(200);

    String id = api.post("/v1/webhooks", tenant.key(), body("https://93.184.215.14/live")).json().path("id").asString();
    String testKey = tenants.key(tenant, KeyMode.TEST);
    assertError(api.get("/v1/webhooks/" + id, testKey), 404, "not_found");
    assertThat(api.get("/v1/webhooks", testKey).json().path("webhooks").size()).isZero();
    var other = tenants.create();
    assertError(api.get("/v1/webhooks/" + id, other.key()), 404, "not_found");
    assertError(api.delete("/v1/webhooks/" + id, other.key()), 404, "not_found");
  }
}

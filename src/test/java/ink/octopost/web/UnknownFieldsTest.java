package ink.octopost.web;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.testing.Api;
import ink.octopost.networks.Platform;
import ink.octopost.testing.ApiTestBase;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A field the endpoint does not take, or one only the server sets, is a 422 naming it: never silently dropped. */
class UnknownFieldsTest extends ApiTestBase {

  static Stream<Arguments> createBodies() {
    return Stream.of(
        Arguments.of("/v1/posts", "{\"content\": \"x\", \"platforms\": [\"mastodon\"], \"foo\": 1}", "foo", "not a known field"),
        Arguments.of("/v1/posts", "{\"content\": \"x\", \"platforms\": [\"mastodon\"], \"id\": \"post_mine\"}", "id", "read-only"),
        Arguments.of("/v1/posts/validate", "{\"content\": \"x\", \"platforms\": [\"bluesky\"], \"foo\": true}", "foo", "not a known field"),
        Arguments.of("/v1/posts", "{\"content\": \"x\", \"platforms\": [\"mastodon\"], \"media\": {\"images\": [{\"url\": \"https://93.184.215.14/a.png\", \"alt\": \"a\"}]}}",
            "media.images[0].alt", "alt_text"),
        Arguments.of("/v1/posts", "{\"content\": \"x\", \"platforms\": [\"mastodon\"], \"segments\": [{\"content\": \"y\", \"sponsored\": true}]}",
            "segments[0].sponsored", "not a known field"),
        Arguments.of("/v1/presets", "{\"name\": \"p\", \"platforms\": [\"bluesky\"], \"colour\": \"red\"}", "colour", "not a known field"),
        Arguments.of("/v1/presets", "{\"name\": \"p\", \"platforms\": [\"bluesky\"], \"is_default\": true}", "is_default", "read-only"),
        Arguments.of("/v1/api-keys", "{\"name\": \"k\", \"scope\": [\"posts:read\"]}", "scope", "scopes"),
        Arguments.of("/v1/webhooks",
            "{\"url\": \"https://93.184.215.14/hook\", \"events\": [\"post.published\"], \"secret\": \"whsec_mine\"}", "secret", "read-only"),
        Arguments.of("/v1/accounts", "{\"platform\": \"telegram\", \"bot_token\": \"1:x\", \"chat_id\": \"1\", \"chat\": \"2\"}",
            "chat", "not a known field"));
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource
  void createBodies(String path, String body, String field, String says) {
    tenants.account(tenant, Platform.MASTODON, "octo");
    assertRejected(api.post(path, tenant.key(), body), field, says);
  }

  @Test
  void postNamedPlatform_suggestsPlatforms() {
    var r = assertRejected(api.post("/v1/posts", tenant.key(), "{\"content\": \"x\", \"platform\": [\"bluesky\"]}"),
        "platform", "did you mean 'platforms'");
    assertThat(r.json().path("error").asString()).startsWith("platform:");
  }

  @Test
  void postUpdate_withATypoOrAReadOnlyField_changesNothing() {
    tenants.account(tenant, Platform.MASTODON, "octo");
    String id = api.post("/v1/posts", tenant.key(), "{\"content\": \"draft\", \"platforms\": [\"mastodon\"]}").json().path("id").asString();

    assertRejected(patch("/v1/posts/" + id, "{\"contnt\": \"typo\"}"), "contnt", "did you mean 'content'");
    assertRejected(patch("/v1/posts/" + id, "{\"status\": \"published\"}"), "status", "read-only");
    assertRejected(api.request("PUT", "/v1/posts/" + id).key(tenant.key()).json("{\"content\": \"new\", \"created_at\": \"2020-01-01T00:00:00Z\"}").send(),
        "created_at", "read-only");

    var post = api.get("/v1/posts/" + id, tenant.key()).json();
    assertThat(post.path("content").asString()).isEqualTo("draft");
    assertThat(post.path("status").asString()).isEqualTo("draft");
  }

  @Test
  void updatesOfOtherResources_rejectUnknownFieldsToo() {
    String preset = api.post("/v1/presets", tenant.key(), "{\"name\": \"p\", \"platforms\": [\"bluesky\"]}").json().path("id").asString();
    assertRejected(api.request("PUT", "/v1/presets/" + preset).key(tenant.key()).json("{\"nme\": \"q\"}").send(), "nme", "'name'");

    String hook = api.post("/v1/webhooks", tenant.key(),
        "{\"url\": \"https://93.184.215.14/hook\", \"events\": [\"post.published\"]}").json().path("id").asString();
    assertRejected(api.request("PUT", "/v1/webhooks/" + hook).key(tenant.key()).json("{\"active\": false}").send(), "active", "'is_active'");

    assertRejected(api.request("PUT", "/v1/queue").key(tenant.key()).json("{\"interval\": 30}").send(), "interval", "not a known field");
    assertRejected(api.request("PUT", "/v1/queue").key(tenant.key())
        .json("{\"active_hours\": {\"start\": \"09:00\", \"finish\": \"17:00\"}}").send(), "active_hours.finish", "'end'");
    assertThat(api.get("/v1/queue", tenant.key()).json().path("active_hours").path("end").asString()).isNotEqualTo("17:00");
  }

  @Test
  void everyUnknownField_isListed() {
    var r = assertRejected(api.post("/v1/api-keys", tenant.key(), "{\"name\": \"k\", \"a\": 1, \"b\": 2}"), "a", "not a known field");
    assertThat(r.json().path("details").path("fields").findValuesAsString("field")).contains("a", "b");
  }

  private Api.Response patch(String path, String body) {
    return api.request("PATCH", path).key(tenant.key()).json(body).send();
  }

  private static Api.Response assertRejected(Api.Response r, String field, String says) {
    assertError(r, 422, "validation_error");
    var fields = r.json().path("details").path("fields");
    boolean named = false;
    for (var f : fields) {
      if (f.path("field").asString().equals(field)) {
        named = true;
        assertThat(f.path("message").asString()).as(r.toString()).contains(says);
      }
    }
    assertThat(named).as("%s names %s", r, field).isTrue();
    return r;
  }
}

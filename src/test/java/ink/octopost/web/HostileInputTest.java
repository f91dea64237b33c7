package ink.octopost.web;

import static ink.octopost.web.RawHttp.ascii;
import static ink.octopost.web.RawHttp.concat;
import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.networks.Platform;
import ink.octopost.testing.ApiTestBase;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input PostgreSQL or Tomcat refuse before Octopost sees it: each is a client error in the
 * envelope, with the request id, never a 500 or the container's HTML page.
 */
class HostileInputTest extends ApiTestBase {

  static Stream<Arguments> nulInStoredStrings() {
    return Stream.of(
        Arguments.of("POST", "/v1/posts", "{\"content\": \"a\\u0000b\", \"platforms\": [\"mastodon\"]}", "content"),
        Arguments.of("POST", "/v1/posts",
            "{\"content\": \"x\", \"platforms\": [\"mastodon\"], \"segments\": [{\"content\": \"ok\"}, {\"content\": \"y\\u0000\"}]}", "segments[1].content"),
        Arguments.of("POST", "/v1/presets", "{\"name\": \"p\\u0000\", \"platforms\": [\"bluesky\"]}", "name"),
        Arguments.of("POST", "/v1/api-keys", "{\"name\": \"k\\u0000\"}", "name"),
        Arguments.of("POST", "/v1/webhooks",
            "{\"url\": \"https://93.184.215.14/hook\", \"events\": [\"post.published\"], \"description\": \"d\\u0000\"}", "description"),
        Arguments.of("PUT", "/v1/queue", "{\"timezone\": \"\\u0000\"}", "timezone"));
  }

  @ParameterizedTest(name = "{0} {1}: {3}")
  @MethodSource
  void nulInStoredStrings(String method, String path, String body, String field) {
    tenants.account(tenant, Platform.MASTODON, "octo");
    var r = assertError(api.request(method, path).key(tenant.key()).json(body).send(), 422, "validation_error");
    assertThat(r.json().path("details").path("fields").findValuesAsString("field")).as(r.toString()).contains(field);
    assertThat(r.json().path("error").asString()).contains(field);
  }

  @Test
  void nulInAFieldOfAPostUpdate_namesIt() {
    tenants.account(tenant, Platform.MASTODON, "octo");
    String id = api.post("/v1/posts", tenant.key(), "{\"content\": \"draft\", \"platforms\": [\"mastodon\"]}").json().path("id").asString();
    var r = assertError(api.request("PATCH", "/v1/posts/" + id).key(tenant.key())
        .json("{\"media\": {\"images\": [{\"url\": \"https://93.184.215.14/a.png\", \"alt_text\": \"\\u0000\"}]}}").send(),
        422, "validation_error");
    assertThat(r.json().path("details").path("fields").findValuesAsString("field")).contains("media.images[0].alt_text");
    assertThat(api.get("/v1/posts/" + id, tenant.key()).json().path("content").asString()).isEqualTo("draft");
  }

  @Test
  void invalidUtf8InAQueryValue_isA400() {
    assertError(api.get("/v1/posts?cursor=%ff", tenant.key()), 400, "bad_request");
    assertError(api.get("/v1/api-keys?cursor=%C3%28", tenant.key()), 400, "bad_request");
  }

  @Test
  void nulInAQueryValue_isA400() {
    assertError(api.get("/v1/posts?account_id=%00", tenant.key()), 400, "bad_request");
  }

  @Test
  void wildcardContentType_isA400() {
    assertError(api.request("POST", "/v1/api-keys").key(tenant.key()).header("Content-Type", "*/*")
        .body("{\"name\": \"x\"}".getBytes(StandardCharsets.UTF_8)).send(), 400, "bad_request");
  }

  @Test
  void deeplyNestedBody_saysItIsTooDeep() {
    String deep = "{\"name\": " + "[".repeat(999) + "]".repeat(999) + "}";
    var r = assertError(api.request("POST", "/v1/api-keys").key(tenant.key()).json(deep).send(), 400, "bad_request");
    assertThat(r.json().path("error").asString()).doesNotContain("is required").containsIgnoringCase("nest");
  }

  @Test
  void prometheusAskedForJson_is406() {
    var r = assertError(api.request("GET", "/actuator/prometheus").header("Accept", "application/json").send(),
        406, "not_acceptable");
    assertThat(r.json().path("error").asString()).contains("text/plain");
  }

  private String auth() {
    return "Authorization: Bearer " + tenant.key() + "\r\n";
  }

  @Test
  void bodyShorterThanItsContentLength_isA400() {
    var r = RawHttp.send(port, ascii("POST /v1/api-keys HTTP/1.1\r\nHost: localhost\r\n" + auth()
        + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\": \"x"), true);
    assertRawError(r, 400);
  }

  @Test
  void badChunkSizeLine_isA400() {
    var r = RawHttp.send(port, ascii("POST /v1/api-keys HTTP/1.1\r\nHost: localhost\r\n" + auth()
        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{\"name\": \"x\"}\r\n0\r\n\r\n"));
    assertRawError(r, 400);
  }

  static Stream<Arguments> containerRejections() {
    String get = "GET /v1/me HTTP/1.1\r\nHost: localhost\r\n";
    return Stream.of(
        Arguments.of("NUL in a header value", ascii(get + "X-Trace: a\u0000b\r\n\r\n")),
        Arguments.of("control byte in a header value", ascii(get + "X-Trace: a\u0001b\r\n\r\n")),
        Arguments.of("oversized Authorization", ascii(get + "Authorization: Bearer " + "k".repeat(20_000) + "\r\n\r\n")),
        Arguments.of("%00 in the path", ascii("GET /v1/posts/%00 HTTP/1.1\r\nHost: localhost\r\n\r\n")),
        Arguments.of("%2F in the path", ascii("GET /v1/posts/a%2Fb HTTP/1.1\r\nHost: localhost\r\n\r\n")),
        Arguments.of("raw non-ASCII in the path", concat(ascii("GET /v1/posts/"), new byte[] {(byte) 0xC3, (byte) 0xA9},
            ascii(" HTTP/1.1\r\nHost: localhost\r\n\r\n"))),
        Arguments.of("raw non-ASCII in the query", concat(ascii("GET /v1/posts?cursor="), new byte[] {(byte) 0xFF},
            ascii(" HTTP/1.1\r\nHost: localhost\r\n\r\n"))),
        Arguments.of("negative Content-Length", ascii("POST /v1/api-keys HTTP/1.1\r\nHost: localhost\r\n"
            + "Content-Type: application/json\r\nContent-Length: -5\r\n\r\n{}")),
        Arguments.of("junk request line", ascii("G{T / HTTP/1.1\r\nHost: localhost\r\n\r\n")),
        Arguments.of("unknown HTTP version", ascii("GET /v1/me HTTP/7.3\r\nHost: localhost\r\n\r\n")),
        Arguments.of("OPTIONS * in an unknown HTTP version", ascii("OPTIONS * HTTP/7.3\r\nHost: localhost\r\n\r\n")),
        Arguments.of("unknown transfer coding", ascii("POST /v1/api-keys HTTP/1.1\r\nHost: localhost\r\n"
            + "Content-Type: application/json\r\nTransfer-Encoding: gzip\r\n\r\n{}")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void containerRejections(String name, byte[] request) {
    var r = RawHttp.send(port, request);
    assertThat(r.status()).as("%s: %s", name, r).isBetween(400, 499);
    assertThat(r.isEnvelope()).as("%s: %s", name, r).isTrue();
  }

  private static void assertRawError(RawHttp.Reply r, int status) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.isEnvelope()).as(r.toString()).isTrue();
  }
}

package ink.octopost.web;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.testing.Api;
import ink.octopost.testing.ApiTestBase;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hostile and broken requests: each gets its documented status and envelope, never a 500. */
class MalformedInputTest extends ApiTestBase {

  record Case(Function<Api.Request, Api.Request> build, String method, String path, int status, String code) {}

  static Stream<Arguments> cases() {
    String big = "{\"name\": \"" + "a".repeat(1_100_000) + "\"}";
    return Stream.of(
        row("broken JSON", "POST", "/v1/api-keys", r -> r.json("{\"name\": "), 400, "bad_request"),
        row("not JSON at all", "POST", "/v1/api-keys", r -> r.json("name=x"), 400, "bad_request"),
        row("trailing garbage", "POST", "/v1/api-keys", r -> r.json("{\"name\": \"x\"} {}"), 400, "bad_request"),
        row("empty body", "POST", "/v1/api-keys", r -> r.json(""), 400, "bad_request"),
        row("JSON null body", "POST", "/v1/api-keys", r -> r.json("null"), 400, "bad_request"),
        row("array instead of object", "POST", "/v1/api-keys", r -> r.json("[1,2]"), 422, "validation_error"),
        row("number for a string", "POST", "/v1/api-keys", r -> r.json("{\"name\": 5}"), 422, "validation_error"),
        row("object for a string", "POST", "/v1/api-keys", r -> r.json("{\"name\": {\"a\": 1}}"), 422, "validation_error"),
        row("string for an array", "POST", "/v1/api-keys", r -> r.json("{\"name\": \"x\", \"scopes\": \"posts:read\"}"), 422, "validation_error"),
        row("null inside an array", "POST", "/v1/api-keys", r -> r.json("{\"name\": \"x\", \"scopes\": [null]}"), 422, "validation_error"),
        row("deeply nested JSON", "POST", "/v1/api-keys", r -> r.json("{\"x\": " + "[".repeat(5000) + "]".repeat(5000) + ", \"name\": \"x\"}"), 400, "bad_request"),
        row("invalid UTF-8", "POST", "/v1/api-keys", r -> r.header("Content-Type", "application/json").body(new byte[] {'{', '"', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}), 400, "bad_request"),
        row("missing Content-Type", "POST", "/v1/api-keys", r -> r.body("{\"name\": \"x\"}".getBytes(StandardCharsets.UTF_8)), 400, "bad_request"),
        row("wrong Content-Type", "POST", "/v1/api-keys", r -> r.header("Content-Type", "text/plain").body("{}".getBytes(StandardCharsets.UTF_8)), 400, "bad_request"),
        row("garbage Content-Type", "POST", "/v1/api-keys", r -> r.header("Content-Type", ";;;/").body("{}".getBytes(StandardCharsets.UTF_8)), 400, "bad_request"),
        row("body over 1 MiB", "POST", "/v1/api-keys", r -> r.json(big), 413, "payload_too_large"),
        row("chunked body over 1 MiB", "POST", "/v1/api-keys", r -> r.header("Content-Type", "application/json").chunked(big.getBytes(StandardCharsets.UTF_8)), 413, "payload_too_large"),
        row("unknown path under /v1", "GET", "/v1/nothing-here", r -> r, 404, "not_found"),
        row("unknown path outside /v1", "GET", "/nothing-here", r -> r, 404, "not_found"),
        row("unknown deep path", "GET", "/v1/api-keys/x/y/z", r -> r, 404, "not_found"),
        row("unsupported method", "PATCH", "/v1/me", r -> r, 400, "bad_request"),
        row("unsupported method on a collection", "PUT", "/v1/api-keys", r -> r.json("{}"), 400, "bad_request"),
        row("non-numeric limit", "GET", "/v1/api-keys?limit=abc", r -> r, 400, "bad_request"),
        row("limit out of range", "GET", "/v1/api-keys?limit=1000", r -> r, 400, "bad_request"),
        row("zero limit", "GET", "/v1/api-keys?limit=0", r -> r, 400, "bad_request"),
        row("forged cursor", "GET", "/v1/api-keys?cursor=bm90LWEtY3Vyc29y", r -> r, 400, "bad_request"),
        row("cursor that is not base64", "GET", "/v1/api-keys?cursor=%25%25%25", r -> r, 400, "bad_request"),
        row("Idempotency-Key too long", "POST", "/v1/api-keys", r -> r.json("{\"name\": \"x\"}").header("Idempotency-Key", "k".repeat(256)), 400, "bad_request"),
        row("Accept that we cannot serve", "GET", "/v1/me", r -> r.header("Accept", "image/png"), 406, "not_acceptable"));
  }

  private static Arguments row(String name, String method, String path, Function<Api.Request, Api.Request> build, int status, String code) {
    return Arguments.of(name, new Case(build, method, path, status, code));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void hostileInput_getsItsDocumentedError(String name, Case c) {
    var r = c.build().apply(api.request(c.method(), c.path()).key(tenant.key())).send();
    assertThat(r.status()).as("%s: %s", name, r).isNotEqualTo(500);
    assertError(r, c.status(), c.code());
  }

  @Test
  void nothingIsHalfWritten_whenABodyIsRejected() {
    int before = api.get("/v1/api-keys?limit=100", tenant.key()).json().path("api_keys").size();
    api.request("POST", "/v1/api-keys").key(tenant.key()).json("{\"name\": \"x\", \"mode\": 7}").send();
    api.request("POST", "/v1/api-keys").key(tenant.key()).json("{\"name\": \"" + "a".repeat(1_100_000) + "\"}").send();
    assertThat(api.get("/v1/api-keys?limit=100", tenant.key()).json().path("api_keys").size()).isEqualTo(before);
  }

  @Test
  void requestId_isEchoedWhenSafe_andReplacedWhenNot() {
    var echoed = api.request("GET", "/v1/me").key(tenant.key()).header("X-Request-Id", "trace-42.a:b").send();
    assertThat(echoed.header("X-Request-Id")).isEqualTo("trace-42.a:b");

    var replaced = api.request("GET", "/v1/nothing").key(tenant.key()).header("X-Request-Id", "x".repeat(65)).send();
    assertThat(replaced.header("X-Request-Id")).startsWith("req_");
    assertThat(replaced.json().path("request_id").asString()).isEqualTo(replaced.header("X-Request-Id"));

    var unauthenticated = api.request("GET", "/v1/me").header("X-Request-Id", "<script>").send();
    assertThat(unauthenticated.header("X-Request-Id")).startsWith("req_");
    assertThat(api.request("GET", "/actuator/health").send().header("X-Request-Id")).startsWith("req_");
  }

  @Test
  void errorBodies_neverCarryStackTraces() {
    var r = api.request("POST", "/v1/api-keys").key(tenant.key()).json("{\"name\": [").send();
    assertThat(r.text()).doesNotContain("Exception").doesNotContain("at ink.").doesNotContain("tools.jackson");
  }
}

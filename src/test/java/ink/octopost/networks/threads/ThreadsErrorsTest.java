package ink.octopost.networks.threads;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.networks.NetworkFailure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/** Meta's envelope codes, each to what the engine must do (networks.md 5.4, 7.4). */
class ThreadsErrorsTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

  @ParameterizedTest(name = "{0} {1}/{2} -> {4}")
  @CsvSource({
      "400, 190, 463, false, CredentialsExpired",
      "400, 190, 467, false, CredentialsExpired",
      "400, 190, 460, false, AccessRevoked",
      "400, 190, 458, false, AccessRevoked",
      "400, 102, 0,   false, CredentialsExpired",
      "403, 10,  0,   false, AccessRevoked",
      "403, 200, 0,   false, AccessRevoked",
      "400, 4,   0,   false, RateLimited",
      "400, 17,  0,   false, RateLimited",
      "400, 32,  0,   false, RateLimited",
      "400, 613, 0,   false, RateLimited",
      "400, 80002, 0, false, RateLimited",
      "400, 368, 0,   false, RateLimited",
      "500, 1,   0,   false, Unavailable",
      "400, 2,   0,   false, Unavailable",
      "400, 100, 0,   true,  Unavailable",
      "400, 506, 0,   false, Rejected",
      "400, 100, 2207051, false, Rejected",
  })
  void classifies(int status, int code, int subcode, boolean transientError, String expected) {
    var f = ThreadsErrors.classify(response(status, envelope(code, subcode, transientError), Map.of()), JSON, NOW);
    assertThat(f.getClass().getSimpleName()).isEqualTo(expected);
    assertThat(f.getMessage()).contains("code " + code);
  }

  @Test
  void theLongestEstimatedTimeToRegainAccess_setsTheRetry() {
    var r = response(400, envelope(80001, 0, false), Map.of("X-Business-Use-Case-Usage",
        "{\"1\":[{\"type\":\"threads\",\"call_count\":100,\"estimated_time_to_regain_access\":7}],"
            + "\"2\":[{\"type\":\"threads\",\"call_count\":20,\"estimated_time_to_regain_access\":12}]}"));
    assertThat(((NetworkFailure.RateLimited) ThreadsErrors.classify(r, JSON, NOW)).retryAt()).isEqualTo(NOW.plus(Duration.ofMinutes(12)));
  }

  @Test
  void withoutAnEstimate_retryAfterOrTheUsageDecides() {
    var retryAfter = response(429, envelope(4, 0, false), Map.of("Retry-After", "90"));
    assertThat(((NetworkFailure.RateLimited) ThreadsErrors.classify(retryAfter, JSON, NOW)).retryAt()).isEqualTo(NOW.plusSeconds(90));
    var full = response(400, envelope(4, 0, false), Map.of("X-App-Usage", "{\"call_count\":100,\"total_cputime\":4,\"total_time\":9}"));
    assertThat(((NetworkFailure.RateLimited) ThreadsErrors.classify(full, JSON, NOW)).retryAt()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
    var nothing = response(400, envelope(17, 0, false), Map.of());
    assertThat(((NetworkFailure.RateLimited) ThreadsErrors.classify(nothing, JSON, NOW)).retryAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
  }

  @Test
  void aBodyThatIsNotMetas_isClassifiedByItsStatus() {
    assertThat(ThreadsErrors.classify(response(502, "<html>bad gateway</html>", Map.of()), JSON, NOW))
        .isInstanceOf(NetworkFailure.Unavailable.class);
    assertThat(ThreadsErrors.classify(response(401, "", Map.of()), JSON, NOW)).isInstanceOf(NetworkFailure.CredentialsExpired.class);
  }

  static String envelope(int code, int subcode, boolean transientError) {
    return "{\"error\":{\"message\":\"m\",\"type\":\"OAuthException\",\"code\":" + code
        + (subcode == 0 ? "" : ",\"error_subcode\":" + subcode) + ",\"is_transient\":" + transientError + ",\"fbtrace_id\":\"x\"}}";
  }

  static HttpResponse<byte[]> response(int status, String body, Map<String, String> headers) {
    var h = HttpHeaders.of(headers.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
        e -> List.of(e.getValue()))), (a, b) -> true);
    return new HttpResponse<>() {
      public int statusCode() {
        return status;
      }

      public HttpRequest request() {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).build();
      }

      public Optional<HttpResponse<byte[]>> previousResponse() {
        return Optional.empty();
      }

      public HttpHeaders headers() {
        return h;
      }

      public byte[] body() {
        return body.getBytes(StandardCharsets.UTF_8);
      }

      public Optional<SSLSession> sslSession() {
        return Optional.empty();
      }

      public URI uri() {
        return URI.create("http://127.0.0.1/");
      }

      public HttpClient.Version version() {
        return HttpClient.Version.HTTP_1_1;
      }
    };
  }
}

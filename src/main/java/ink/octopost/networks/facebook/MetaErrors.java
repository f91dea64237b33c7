package ink.octopost.networks.facebook;

import ink.octopost.networks.NetworkCalls;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.shared.OutboundHttp;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Meta's error envelope ({@code {"error":{"message","type","code","error_subcode","is_transient",
 * "error_user_msg","fbtrace_id"}}}) classified for the engine (networks.md 7.4). A Page token has no
 * refresh: {@code 190} (and {@code 102}) mean reconnect, and so does a missing permission ({@code 10},
 * {@code 200}-{@code 299}); the throttling codes wait for the window the usage headers give.
 */
final class MetaErrors {

  /** When throttled without any usage header saying how long: Meta's windows are a rolling hour. */
  static final Duration UNKNOWN_WINDOW = Duration.ofMinutes(60);
  /** {@code 368}: temporarily blocked for a policy reason; "retry much later". */
  static final Duration POLICY_BLOCK = Duration.ofHours(24);

  private final JsonMapper json;
  private final Clock clock;

  MetaErrors(JsonMapper json, Clock clock) {
    this.json = json;
    this.clock = clock;
  }

  /** Meta's error, as far as the answer carried one. */
  record Error(int status, int code, int subcode, boolean transientError, String message) {}

  /** The body of a 2xx answer, else the classified failure. */
  JsonNode ok(HttpResponse<byte[]> r) throws NetworkFailure {
    int status = r.statusCode();
    if (status >= 200 && status < 300) {
      JsonNode body = r.body().length == 0 ? json.createObjectNode() : read(r);
      if (body != null && !body.path("error").isObject()) {
        return body;
      }
    }
    throw classify(r, error(r));
  }

  Error error(HttpResponse<byte[]> r) {
    JsonNode body = read(r);
    JsonNode e = body == null ? null : body.path("error");
    if (e == null || !e.isObject()) {
      return new Error(r.statusCode(), 0, 0, false, "HTTP " + r.statusCode() + ": " + OutboundHttp.excerpt(r));
    }
    String message = text(e, "error_user_msg");
    if (message == null) {
      message = text(e, "message");
    }
    return new Error(r.statusCode(), e.path("code").asInt(0), e.path("error_subcode").asInt(0),
        e.path("is_transient").asBoolean(false), message == null ? "HTTP " + r.statusCode() : message);
  }

  NetworkFailure classify(HttpResponse<byte[]> r, Error e) {
    int code = e.code();
    String said = "Facebook: " + e.message() + (code == 0 ? "" : " (code " + code + (e.subcode() == 0 ? "" : "/" + e.subcode()) + ")");
    if (code == 190 || code == 102) {
      return new NetworkFailure.AccessRevoked(said + "; the Page token is no longer valid (password change, removed admin "
          + "or the app removed): reconnect the Page");
    }
    if (code == 10 || (code >= 200 && code <= 299)) {
      return new NetworkFailure.AccessRevoked(said + "; a permission is missing: reconnect the Page and grant every permission asked");
    }
    if (code == 4 || code == 17 || code == 32 || code == 613 || code == 341 || (code >= 80001 && code <= 80014)
        || r.statusCode() == 429) {
      return new NetworkFailure.RateLimited(said, retryAt(r, UNKNOWN_WINDOW));
    }
    if (code == 368) {
      return new NetworkFailure.RateLimited(said, retryAt(r, POLICY_BLOCK));
    }
    if (e.message().toLowerCase(java.util.Locale.ROOT).contains("client secret")) { // Meta says so with code 1
      return new NetworkFailure.Rejected("client_refused", said
          + "; check OCTOPOST_NETWORKS_FACEBOOK_CLIENT_ID and OCTOPOST_NETWORKS_FACEBOOK_CLIENT_SECRET");
    }
    if (e.transientError() || code == 1 || code == 2 || r.statusCode() >= 500) {
      return new NetworkFailure.Unavailable(said);
    }
    if (code == 506) {
      return new NetworkFailure.Rejected("duplicate_content", said);
    }
    if (code == 100 && e.subcode() == 33) {
      return new NetworkFailure.Rejected("not_found", said);
    }
    if (code == 1609005) {
      return new NetworkFailure.Rejected("link_rejected", said);
    }
    return new NetworkFailure.Rejected("rejected", said);
  }

  /**
   * The end of the throttling window: the longest {@code estimated_time_to_regain_access} (minutes) in
   * {@code X-Business-Use-Case-Usage}, {@code X-App-Usage} or {@code X-Page-Usage}, else Retry-After,
   * else {@code fallback} from now.
   */
  Instant retryAt(HttpResponse<?> r, Duration fallback) {
    Instant now = clock.instant();
    long minutes = 0;
    for (String header : new String[] {"X-Business-Use-Case-Usage", "X-App-Usage", "X-Page-Usage"}) {
      for (String value : r.headers().allValues(header)) {
        minutes = Math.max(minutes, regainMinutes(value));
      }
    }
    if (minutes > 0) {
      return now.plus(Duration.ofMinutes(minutes));
    }
    Instant after = NetworkCalls.retryAfter(r, now);
    return after != null ? after : now.plus(fallback);
  }

  private long regainMinutes(String header) {
    try {
      return longest(json.readTree(header));
    } catch (RuntimeException notJson) {
      return 0;
    }
  }

  /** The largest {@code estimated_time_to_regain_access} anywhere in the header's JSON (per business id, per type). */
  private static long longest(JsonNode node) {
    long best = 0;
    if (node.isObject()) {
      JsonNode own = node.path("estimated_time_to_regain_access");
      if (own.isNumber() || own.isString()) {
        best = Math.max(best, own.asLong(0));
      }
      for (var e : node.properties()) {
        best = Math.max(best, longest(e.getValue()));
      }
    } else if (node.isArray()) {
      for (JsonNode n : node) {
        best = Math.max(best, longest(n));
      }
    }
    return best;
  }

  private JsonNode read(HttpResponse<byte[]> r) {
    try {
      return json.readTree(r.body());
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isString() && !v.asString().isBlank() ? v.asString() : null;
  }
}

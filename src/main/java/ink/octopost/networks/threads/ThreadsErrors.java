package ink.octopost.networks.threads;

import ink.octopost.networks.NetworkCalls;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.shared.OutboundHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Meta's error envelope {@code {"error":{"message","type","code","error_subcode","is_transient",
 * "error_user_msg","fbtrace_id"}}} classified by what the engine must do (networks.md 5.4, 7.4),
 * and the usage headers that say when a throttled app or user may call again.
 */
final class ThreadsErrors {

  /** 190 subcodes after which only the user can fix the grant: app removed, checkpoint, password changed, unconfirmed. */
  private static final Set<Integer> REVOKED_SUBCODES = Set.of(458, 459, 460, 464);

  /** Throttling codes: app, user, page-level and rate; 80001-80014 are business use case limits. */
  private static final Set<Integer> THROTTLED = Set.of(4, 17, 32, 613, 341);

  /** When the headers say nothing about the window: a short wait, or longer when usage is at 100%. */
  static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);
  static final Duration FULL_USAGE_WAIT = Duration.ofMinutes(15);
  /** 368: temporarily blocked for policy reasons; Meta says to retry much later. */
  static final Duration BLOCKED_WAIT = Duration.ofHours(1);

  private ThreadsErrors() {}

  /** The envelope's fields, with what is missing as null or 0. */
  record MetaError(int status, int code, int subcode, String message, String userMessage, boolean transientError) {
    String describe() {
      String m = message == null || message.isBlank() ? "HTTP " + status : message;
      if (userMessage != null && !userMessage.isBlank() && !userMessage.equals(message)) {
        m += " (" + userMessage + ")";
      }
      return m + (code > 0 ? " [code " + code + (subcode > 0 ? "/" + subcode : "") + "]" : "");
    }
  }

  static MetaError parse(HttpResponse<byte[]> r, JsonMapper json) {
    try {
      JsonNode e = json.readTree(r.body()).path("error");
      if (e.isObject()) {
        return new MetaError(r.statusCode(), e.path("code").asInt(0), e.path("error_subcode").asInt(0),
            e.path("message").asString(null), e.path("error_user_msg").asString(null), e.path("is_transient").asBoolean(false));
      }
    } catch (RuntimeException notJson) {
      // fall through: a proxy's page, an empty body
    }
    return new MetaError(r.statusCode(), 0, 0, OutboundHttp.excerpt(r), null, false);
  }

  /** The failure an error answer means. */
  static NetworkFailure classify(HttpResponse<byte[]> r, JsonMapper json, Instant now) {
    MetaError e = parse(r, json);
    String text = "Threads: " + e.describe();
    int code = e.code();
    if (code == 190 || code == 102 || (code == 0 && e.status() == 401)) {
      return REVOKED_SUBCODES.contains(e.subcode())
          ? new NetworkFailure.AccessRevoked(text + "; reconnect the account")
          : new NetworkFailure.CredentialsExpired(text);
    }
    if (code == 10 || (code >= 200 && code <= 299)) {
      return new NetworkFailure.AccessRevoked(text + "; reconnect the account and grant every permission Octopost asks for");
    }
    if (THROTTLED.contains(code) || (code >= 80001 && code <= 80014) || e.status() == 429) {
      return new NetworkFailure.RateLimited(text, retryAt(r, json, now));
    }
    if (code == 368) {
      return new NetworkFailure.RateLimited(text, now.plus(BLOCKED_WAIT));
    }
    if (e.transientError() || code == 1 || code == 2 || e.status() >= 500) {
      return new NetworkFailure.Unavailable(text);
    }
    if (code == 506) {
      return new NetworkFailure.Rejected("duplicate_content", text);
    }
    return new NetworkFailure.Rejected(code == 100 ? "invalid_request" : "rejected", text);
  }

  /**
   * When calls may resume: the longest {@code estimated_time_to_regain_access} (minutes) in {@code
   * X-Business-Use-Case-Usage}, else {@code Retry-After}, else a guess from the usage percentages.
   */
  static Instant retryAt(HttpResponse<byte[]> r, JsonMapper json, Instant now) {
    long minutes = 0;
    int usage = 0;
    for (String header : new String[] {"X-Business-Use-Case-Usage", "X-App-Usage", "X-Page-Usage"}) {
      String v = r.headers().firstValue(header).orElse(null);
      if (v == null) {
        continue;
      }
      try {
        JsonNode node = json.readTree(v);
        for (JsonNode entry : entries(node)) {
          minutes = Math.max(minutes, entry.path("estimated_time_to_regain_access").asLong(0));
          for (String pct : new String[] {"call_count", "total_cputime", "total_time"}) {
            usage = Math.max(usage, entry.path(pct).asInt(0));
          }
        }
      } catch (RuntimeException unreadable) {
        // a header we cannot read says nothing
      }
    }
    if (minutes > 0) {
      return now.plus(Duration.ofMinutes(minutes));
    }
    Instant after = NetworkCalls.retryAfter(r, now);
    if (after != null && after.isAfter(now)) {
      return after;
    }
    return now.plus(usage >= 100 ? FULL_USAGE_WAIT : DEFAULT_WAIT);
  }

  /** X-App-Usage is one object; X-Business-Use-Case-Usage maps ids to arrays of objects. */
  private static java.util.List<JsonNode> entries(JsonNode node) {
    var out = new java.util.ArrayList<JsonNode>();
    if (node.has("call_count") || node.has("estimated_time_to_regain_access")) {
      out.add(node);
      return out;
    }
    for (var e : node.properties()) {
      if (e.getValue().isArray()) {
        e.getValue().forEach(out::add);
      } else if (e.getValue().isObject()) {
        out.add(e.getValue());
      }
    }
    return out;
  }
}

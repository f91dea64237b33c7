package ink.octopost.networks.instagram;

import ink.octopost.networks.NetworkCalls;
import ink.octopost.networks.NetworkFailure;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Meta's error envelope {@code {"error":{"message","type","code","error_subcode","is_transient"}}}
 * classified (networks.md 6.3 and 7.4): 190 an expired token (refreshed where the login allows it,
 * otherwise a reconnect), 4/17/32/613 and business use case throttling until the window the usage
 * headers give, the daily publishing limit, transient failures, and everything else rejected with
 * Meta's own message.
 */
final class MetaErrors {

  /** 190 subcodes that no refresh can fix: app removed, checkpoint, password changed, unconfirmed, invalid. */
  private static final Set<Integer> DEAD_TOKEN = Set.of(458, 459, 460, 464, 467);

  /** Upload and download failures Meta says to retry (2207001, 2207003, 2207032, 2207053, 2207082). */
  private static final Set<Integer> RETRY = Set.of(2207001, 2207003, 2207032, 2207053, 2207082);

  static final Duration DEFAULT_WAIT = Duration.ofMinutes(15);

  private MetaErrors() {}

  /**
   * What a failed answer means.
   *
   * @param refreshable whether the account's token can be refreshed (Instagram Login)
   */
  static NetworkFailure classify(HttpResponse<byte[]> response, JsonMapper json, Instant now, boolean refreshable) {
    JsonNode error = readError(response.body(), json);
    int code = error.path("code").asInt(0);
    int subcode = error.path("error_subcode").asInt(0);
    String message = error.path("error_user_msg").asString(null);
    if (message == null || message.isBlank()) {
      message = error.path("message").asString("HTTP " + response.statusCode());
    }
    String said = "Instagram said: " + message + (code == 0 ? "" : " (code " + code + (subcode == 0 ? "" : "/" + subcode) + ")");
    if (code == 190 || code == 102) {
      if (!refreshable || DEAD_TOKEN.contains(subcode)) {
        return new NetworkFailure.AccessRevoked(said + "; reconnect the account");
      }
      return new NetworkFailure.CredentialsExpired(said);
    }
    if (code == 10 || (code >= 200 && code <= 299)) {
      return new NetworkFailure.AccessRevoked(said + "; reconnect the account and grant the publishing permissions");
    }
    if (code == 9 && subcode == 2207042) {
      return new NetworkFailure.RateLimited("Instagram's daily publishing limit for this account is reached; " + said,
          now.plus(Duration.ofHours(24)));
    }
    if (code == 4 || code == 17 || code == 32 || code == 613 || code == 341 || (code >= 80001 && code <= 80014)
        || response.statusCode() == 429) {
      return new NetworkFailure.RateLimited(said, retryAt(response, json, now));
    }
    if (code == 9007 || subcode == 2207027 || subcode == 2207008) {
      // Not ready, or the container vanished: nothing was published; a new attempt starts over.
      return new NetworkFailure.Unavailable(said);
    }
    if (code == 368) {
      return new NetworkFailure.RateLimited(said + "; Meta blocks this action for a while", now.plus(Duration.ofHours(1)));
    }
    if (error.path("is_transient").asBoolean(false) || code == 1 || code == 2 || code == -1 || code == -2
        || RETRY.contains(subcode) || response.statusCode() >= 500) {
      return new NetworkFailure.Unavailable(said);
    }
    String reason = switch (subcode) {
      case 2207050, 2207051 -> "account_restricted";
      case 2207004, 2207005, 2207009, 2207026, 2207052 -> "media_rejected";
      case 2207010 -> "text_too_long";
      default -> code == 506 ? "duplicate_content" : "rejected";
    };
    return new NetworkFailure.Rejected(reason, said);
  }

  /**
   * When throttling ends: the longest {@code estimated_time_to_regain_access} (minutes) in {@code
   * X-Business-Use-Case-Usage}, else {@code Retry-After}, else {@link #DEFAULT_WAIT} ({@code
   * X-App-Usage} gives percentages only).
   */
  static Instant retryAt(HttpResponse<?> response, JsonMapper json, Instant now) {
    long minutes = 0;
    var usage = response.headers().firstValue("X-Business-Use-Case-Usage");
    if (usage.isPresent()) {
      try {
        JsonNode node = json.readTree(usage.get());
        for (var entry : node.properties()) {
          for (JsonNode item : entry.getValue()) {
            minutes = Math.max(minutes, item.path("estimated_time_to_regain_access").asLong(0));
          }
        }
      } catch (RuntimeException e) {
        minutes = 0; // unreadable: fall back below
      }
    }
    if (minutes > 0) {
      return now.plus(Duration.ofMinutes(minutes));
    }
    Instant after = NetworkCalls.retryAfter(response, now);
    return after != null ? after : now.plus(DEFAULT_WAIT);
  }

  private static JsonNode readError(byte[] body, JsonMapper json) {
    try {
      return json.readTree(body).path("error");
    } catch (RuntimeException e) {
      return json.createObjectNode();
    }
  }
}

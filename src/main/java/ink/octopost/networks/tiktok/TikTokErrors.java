package ink.octopost.networks.tiktok;

import ink.octopost.networks.NetworkCalls;
import ink.octopost.networks.NetworkFailure;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** TikTok's error envelope {@code {"error":{"code","message","log_id"}}} classified (networks.md 8.4). */
final class TikTokErrors {

  /** Init endpoints allow 6 requests a minute per token: a minute frees the window (networks.md 8.2). */
  static final Duration RATE_WINDOW = Duration.ofMinutes(1);
  /** TikTok gives no window for its spam limit on posts; an hour is a cautious guess. */
  static final Duration SPAM_WINDOW = Duration.ofHours(1);

  private TikTokErrors() {}

  static NetworkFailure classify(int status, JsonNode body, HttpResponse<?> r, Instant now) {
    JsonNode e = body.path("error");
    String code = e.path("code").asString("");
    String text = e.path("message").asString("");
    String log = e.path("log_id").asString("");
    String msg = "TikTok answered " + status + " " + (code.isBlank() ? "" : code) + (text.isBlank() ? "" : ": " + text)
        + (log.isBlank() ? "" : " (log_id " + log + ")");
    switch (code) {
      case "access_token_invalid":
        return new NetworkFailure.CredentialsExpired(msg);
      case "scope_not_authorized", "scope_permission_missed", "spam_risk_user_banned_from_posting":
        return new NetworkFailure.AccessRevoked(msg);
      case "rate_limit_exceeded": {
        Instant at = NetworkCalls.retryAfter(r, now);
        return new NetworkFailure.RateLimited(msg, at != null ? at : now.plus(RATE_WINDOW));
      }
      case "spam_risk_too_many_posts", "spam_risk_too_many_pending_share", "reached_active_user_cap":
        return new NetworkFailure.RateLimited(msg, now.plus(SPAM_WINDOW));
      case "internal_error":
        return new NetworkFailure.Unavailable(msg);
      default:
        break;
    }
    if (status == 429) {
      Instant at = NetworkCalls.retryAfter(r, now);
      return new NetworkFailure.RateLimited(msg, at != null ? at : now.plus(RATE_WINDOW));
    }
    if (status >= 500) {
      return new NetworkFailure.Unavailable(msg);
    }
    if (status == 401) {
      return new NetworkFailure.CredentialsExpired(msg);
    }
    return new NetworkFailure.Rejected(code.isBlank() ? "rejected" : code, msg);
  }
}

package ink.octopost.networks.threads;

import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.TokenExpiry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Octopost stores for a Threads account: the long-lived access token, when it expires (60
 * days) and when to refresh it ({@link TokenExpiry}). Threads has no refresh token: the access
 * token itself is refreshed, which Meta allows once it is a day old and before it expires
 * (networks.md 5.1). A token not refreshed within its 60 days dies, so Octopost refreshes it on the
 * first publish after it turns a day old: any account that publishes within 60 days stays alive.
 */
final class ThreadsTokens {

  static final String ACCESS_TOKEN = "access_token";
  /** Meta refuses a refresh of a token younger than 24 hours; an hour more allows for clock skew. */
  static final Duration REFRESHABLE_AFTER = Duration.ofHours(25);
  /** After a refresh Meta refused while the token still works, ask again this much later. */
  static final Duration RETRY_REFUSED_REFRESH = Duration.ofDays(1);

  private ThreadsTokens() {}

  /** Credentials for a token that lives {@code expiresIn} seconds (60 days when Meta does not say). */
  static Map<String, String> of(String accessToken, Long expiresIn, Instant now) {
    var out = new LinkedHashMap<String, String>();
    out.put(ACCESS_TOKEN, accessToken);
    Duration lifetime = Duration.ofSeconds(expiresIn == null || expiresIn <= 0 ? Duration.ofDays(60).toSeconds() : expiresIn);
    out.put(TokenExpiry.EXPIRES_AT, now.plus(lifetime).toString());
    Duration refresh = lifetime.compareTo(REFRESHABLE_AFTER.multipliedBy(2)) > 0 ? REFRESHABLE_AFTER : lifetime.dividedBy(2);
    out.put(TokenExpiry.REFRESH_AT, now.plus(refresh).toString());
    return out;
  }

  /** The same token, asked to refresh again later (Meta refused the refresh while the token still works). */
  static Map<String, String> postponed(Map<String, String> credentials, Instant now) {
    var out = new LinkedHashMap<>(credentials);
    Instant expires = TokenExpiry.expiresAt(credentials);
    Instant next = now.plus(RETRY_REFUSED_REFRESH);
    if (expires != null && next.isAfter(expires.minus(TokenExpiry.AHEAD))) {
      next = expires.minus(TokenExpiry.AHEAD);
    }
    out.put(TokenExpiry.REFRESH_AT, next.toString());
    return out;
  }

  static String token(Map<String, String> credentials) throws NetworkFailure {
    String token = credentials.get(ACCESS_TOKEN);
    if (token == null || token.isBlank()) {
      throw new NetworkFailure.AccessRevoked("No Threads access token is stored for this account");
    }
    return token;
  }

  /** Whether the token still works by its stored expiry (true when unknown). */
  static boolean alive(Map<String, String> credentials, Instant now) {
    Instant expires = TokenExpiry.expiresAt(credentials);
    return expires == null || now.isBefore(expires);
  }
}

package ink.octopost.networks.twitter;

import ink.octopost.networks.NetworkFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Octopost stores for an X account: the access token, the refresh token (rotated on every
 * refresh), when the access token expires, and when to refresh it ahead of that. The refresh point
 * is stored rather than derived so a short-lived token is never refreshed again straight after its
 * own refresh.
 */
final class XCredentials {

  static final String ACCESS_TOKEN = "access_token";
  static final String REFRESH_TOKEN = "refresh_token";
  static final String EXPIRES_AT = "expires_at";
  static final String REFRESH_AT = "refresh_at";

  /** Refresh this long before expiry, so a slow upload never runs into it. */
  static final Duration AHEAD = Duration.ofMinutes(5);

  private XCredentials() {}

  /**
   * Credentials from a token response. X sends a refresh token only with {@code offline.access};
   * when a refresh answers without one, the previous one is kept.
   */
  static Map<String, String> of(XApi.Tokens tokens, String previousRefreshToken, Instant now) {
    var out = new LinkedHashMap<String, String>();
    out.put(ACCESS_TOKEN, tokens.accessToken());
    String refresh = tokens.refreshToken() != null ? tokens.refreshToken() : previousRefreshToken;
    if (refresh != null) {
      out.put(REFRESH_TOKEN, refresh);
    }
    Instant expires = expiresAt(tokens, now);
    if (expires != null) {
      Duration life = Duration.ofSeconds(tokens.expiresIn());
      Duration early = life.minus(AHEAD).compareTo(life.dividedBy(2)) > 0 ? life.minus(AHEAD) : life.dividedBy(2);
      out.put(EXPIRES_AT, expires.toString());
      out.put(REFRESH_AT, now.plus(early).toString());
    }
    return out;
  }

  static Instant expiresAt(XApi.Tokens tokens, Instant now) {
    return tokens.expiresIn() == null ? null : now.plusSeconds(tokens.expiresIn());
  }

  /** The bearer for a call; a 401 on it is worth a refresh only when a refresh token is stored. */
  static XApi.Bearer bearer(Map<String, String> credentials) throws NetworkFailure {
    String token = credentials.get(ACCESS_TOKEN);
    if (token == null || token.isBlank()) {
      throw new NetworkFailure.AccessRevoked("No X access token is stored for this account");
    }
    return new XApi.Bearer(token, refreshToken(credentials) != null);
  }

  static String refreshToken(Map<String, String> credentials) {
    String r = credentials.get(REFRESH_TOKEN);
    return r == null || r.isBlank() ? null : r;
  }

  /** True when the access token should be refreshed before it is used again. */
  static boolean due(Map<String, String> credentials, Instant now) {
    if (refreshToken(credentials) == null) {
      return false;
    }
    String at = credentials.getOrDefault(REFRESH_AT, credentials.get(EXPIRES_AT));
    if (at == null) {
      return false;
    }
    try {
      return !now.isBefore(Instant.parse(at));
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}

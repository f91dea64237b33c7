package ink.octopost.networks.twitter;

import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.TokenExpiry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Octopost stores for an X account: the access token, the refresh token (rotated on every
 * refresh), and when the access token expires and is refreshed ahead of that ({@link TokenExpiry}).
 */
final class XCredentials {

  static final String ACCESS_TOKEN = "access_token";
  static final String REFRESH_TOKEN = "refresh_token";
  static final String EXPIRES_AT = TokenExpiry.EXPIRES_AT;
  static final String REFRESH_AT = TokenExpiry.REFRESH_AT;

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
    if (tokens.expiresIn() != null) {
      TokenExpiry.put(out, now, Duration.ofSeconds(tokens.expiresIn()));
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
    return refreshToken(credentials) != null && TokenExpiry.due(credentials, now);
  }
}

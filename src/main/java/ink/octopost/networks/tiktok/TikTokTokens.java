package ink.octopost.networks.tiktok;

import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.TokenExpiry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Octopost stores for a TikTok account: the access token (2 h, or 24 h in older docs), the
 * rotating refresh token (180 or 365 days) and their expiries (networks.md 8.1).
 */
final class TikTokTokens {

  static final String ACCESS_TOKEN = "access_token";
  static final String REFRESH_TOKEN = "refresh_token";
  static final String REFRESH_EXPIRES_AT = "refresh_expires_at";
  static final String SCOPE = "scope";

  private TikTokTokens() {}

  /** Credentials from a token answer; {@code previousRefresh} is kept only if TikTok sent no new one. */
  static Map<String, String> of(TikTokApi.Tokens t, String previousRefresh, Instant now) {
    var out = new LinkedHashMap<String, String>();
    out.put(ACCESS_TOKEN, t.accessToken());
    String refresh = t.refreshToken() != null && !t.refreshToken().isBlank() ? t.refreshToken() : previousRefresh;
    if (refresh != null) {
      out.put(REFRESH_TOKEN, refresh);
    }
    if (t.refreshExpiresIn() != null && t.refreshExpiresIn() > 0) {
      out.put(REFRESH_EXPIRES_AT, now.plusSeconds(t.refreshExpiresIn()).toString());
    }
    if (t.scope() != null) {
      out.put(SCOPE, t.scope());
    }
    long life = t.expiresIn() == null || t.expiresIn() <= 0 ? Duration.ofHours(2).toSeconds() : t.expiresIn();
    TokenExpiry.put(out, now, Duration.ofSeconds(life));
    return out;
  }

  static String token(Map<String, String> credentials) throws NetworkFailure {
    String token = credentials.get(ACCESS_TOKEN);
    if (token == null || token.isBlank()) {
      throw new NetworkFailure.AccessRevoked("No TikTok access token is stored for this account");
    }
    return token;
  }
}

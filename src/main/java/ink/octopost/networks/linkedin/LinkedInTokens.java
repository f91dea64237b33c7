package ink.octopost.networks.linkedin;

import ink.octopost.networks.TokenExpiry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * LinkedIn's token answer as stored credentials (networks.md 4.1): the access token lives 60 days
 * ({@code expires_in}); a refresh token, issued only to approved partners, lives 365 days from its first
 * issue and is kept (or replaced, when LinkedIn sends a new one) across refreshes.
 */
final class LinkedInTokens {

  static final String ACCESS_TOKEN = "access_token";
  static final String REFRESH_TOKEN = "refresh_token";
  static final String REFRESH_EXPIRES_AT = "refresh_expires_at";
  static final Duration DEFAULT_LIFETIME = Duration.ofDays(60);

  private LinkedInTokens() {}

  static Map<String, String> credentials(JsonNode answer, Map<String, String> previous, Instant now)
      throws ink.octopost.networks.NetworkFailure {
    String access = answer.path("access_token").asString(null);
    if (access == null || access.isBlank()) {
      throw new ink.octopost.networks.NetworkFailure.Unavailable("LinkedIn answered without an access token");
    }
    var out = new LinkedHashMap<String, String>();
    out.put(ACCESS_TOKEN, access);
    long seconds = answer.path("expires_in").asLong(0);
    TokenExpiry.put(out, now, seconds > 0 ? Duration.ofSeconds(seconds) : DEFAULT_LIFETIME);
    String refresh = answer.path("refresh_token").asString(null);
    long refreshSeconds = answer.path("refresh_token_expires_in").asLong(0);
    if (refresh != null && !refresh.isBlank()) {
      out.put(REFRESH_TOKEN, refresh);
      if (refreshSeconds > 0) {
        out.put(REFRESH_EXPIRES_AT, now.plusSeconds(refreshSeconds).toString());
      }
    } else if (previous != null && previous.get(REFRESH_TOKEN) != null) {
      out.put(REFRESH_TOKEN, previous.get(REFRESH_TOKEN));
      if (previous.get(REFRESH_EXPIRES_AT) != null) {
        out.put(REFRESH_EXPIRES_AT, previous.get(REFRESH_EXPIRES_AT));
      }
    }
    return out;
  }
}

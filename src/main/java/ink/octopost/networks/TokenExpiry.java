package ink.octopost.networks;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * When an expiring access token runs out and when to refresh it ahead of that, kept in a
 * network's credentials as {@code expires_at} and {@code refresh_at} (ISO instants). The refresh
 * point is stored rather than derived, so a short-lived token is never refreshed again straight
 * after its own refresh.
 */
public final class TokenExpiry {

  public static final String EXPIRES_AT = "expires_at";
  public static final String REFRESH_AT = "refresh_at";

  /** Refresh this long before expiry, so a slow upload never runs into it. */
  public static final Duration AHEAD = Duration.ofMinutes(5);

  private TokenExpiry() {}

  /**
   * Records a token that lives {@code lifetime} from {@code now}: it is refreshed {@link #AHEAD}
   * of its expiry, or halfway through a life shorter than twice that.
   */
  public static void put(Map<String, String> credentials, Instant now, Duration lifetime) {
    Duration early = lifetime.minus(AHEAD).compareTo(lifetime.dividedBy(2)) > 0 ? lifetime.minus(AHEAD) : lifetime.dividedBy(2);
    credentials.put(EXPIRES_AT, now.plus(lifetime).toString());
    credentials.put(REFRESH_AT, now.plus(early).toString());
  }

  /**
   * True when the access token should be refreshed before it is used again: its refresh point
   * (else its expiry) has passed. False when neither is known.
   */
  public static boolean due(Map<String, String> credentials, Instant now) {
    Instant at = instant(credentials.getOrDefault(REFRESH_AT, credentials.get(EXPIRES_AT)));
    return at != null && !now.isBefore(at);
  }

  /** When the access token expires, or null when unknown. */
  public static Instant expiresAt(Map<String, String> credentials) {
    return instant(credentials.get(EXPIRES_AT));
  }

  private static Instant instant(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}

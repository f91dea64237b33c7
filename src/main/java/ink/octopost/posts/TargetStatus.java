package ink.octopost.posts;

import java.util.Locale;

/**
 * A target's status. {@code unconfirmed}: the network may or may not have published it (the
 * request was sent and the answer lost); it is never retried unless the user asks.
 */
public enum TargetStatus {
  PENDING,
  PUBLISHING,
  PUBLISHED,
  FAILED,
  UNCONFIRMED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TargetStatus fromWire(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }

  public boolean finished() {
    return this == PUBLISHED || this == FAILED || this == UNCONFIRMED;
  }
}

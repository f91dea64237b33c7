package ink.octopost.networks;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The networks Octopost publishes to, by their API ids ({@code twitter}, {@code bluesky}, ...). */
public enum Platform {
  TWITTER,
  BLUESKY,
  MASTODON,
  LINKEDIN,
  THREADS,
  INSTAGRAM,
  FACEBOOK,
  TIKTOK,
  YOUTUBE,
  DISCORD,
  SLACK,
  TELEGRAM;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Platform> fromId(String id) {
    return Arrays.stream(values()).filter(p -> p.id().equals(id)).findFirst();
  }

  /** The ids, comma-separated, for error messages. */
  public static String ids() {
    return String.join(", ", Arrays.stream(values()).map(Platform::id).toList());
  }
}

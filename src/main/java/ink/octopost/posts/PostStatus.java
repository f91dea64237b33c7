package ink.octopost.posts;

import java.util.Locale;

/** A post's status; {@code published} means at least one target published. */
public enum PostStatus {
  DRAFT,
  SCHEDULED,
  PUBLISHING,
  PUBLISHED,
  FAILED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static java.util.Optional<PostStatus> fromWire(String s) {
    return java.util.Arrays.stream(values()).filter(v -> v.wire().equals(s)).findFirst();
  }
}

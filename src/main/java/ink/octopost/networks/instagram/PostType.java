package ink.octopost.networks.instagram;

import ink.octopost.networks.PostContent;
import java.util.Locale;

/**
 * What an Instagram post becomes ({@code overrides.instagram.type}): without the option, one
 * image is a feed post, several media a carousel, one video a reel. A video is never published as
 * anything but the type asked for (no reel silently becomes a feed post, nor the other way round).
 */
enum PostType {
  FEED,
  CAROUSEL,
  REEL,
  STORY;

  static final String OPTION = "type";

  String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  static PostType of(PostContent content) {
    if (content.options().get(OPTION) instanceof String s) {
      for (PostType t : values()) {
        if (t.id().equals(s)) {
          return t;
        }
      }
    }
    int media = content.images().size() + (content.video() == null ? 0 : 1);
    if (media > 1) {
      return CAROUSEL;
    }
    return content.video() != null ? REEL : FEED;
  }

  boolean explicit(PostContent content) {
    return content.options().get(OPTION) instanceof String;
  }
}

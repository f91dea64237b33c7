package ink.octopost.networks;

import java.util.List;

/**
 * A network's rules that depend on the post itself, beyond what {@link TextRules} and {@link
 * MediaRules} express: Instagram checks a story's media against 9:16 and a reel's against its own
 * limits ({@link #adapt}), and counts a caption's hashtags and @-mentions ({@link #check}). Generic
 * code calls both through {@link NetworkCapabilities#forContent} and {@link ContentCheck} and knows
 * nothing of what they mean.
 */
public interface ContentRules {

  ContentRules NONE = new ContentRules() {};

  /** The capabilities that hold for this content (a story's media rules); {@code caps} by default. */
  default NetworkCapabilities adapt(NetworkCapabilities caps, PostContent content) {
    return caps;
  }

  /** Violations the generic checks cannot see; none by default. */
  default List<Violation> check(NetworkCapabilities caps, PostContent content) {
    return List.of();
  }
}

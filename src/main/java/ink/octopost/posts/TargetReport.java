package ink.octopost.posts;

import ink.octopost.networks.Violation;
import java.util.List;

/**
 * What {@code validate} says about one target (account_id null: no account for the platform).
 *
 * @param warnings what may go wrong but does not stop the post (a network that pulls media from a
 *     public link this server does not have)
 */
record TargetReport(
    @io.swagger.v3.oas.annotations.media.Schema(implementation = ink.octopost.networks.Platform.class) String platform,
    @jakarta.annotation.Nullable String accountId, List<Violation> violations,
    @io.swagger.v3.oas.annotations.media.Schema(description = "Problems that do not stop the post, e.g."
        + " media_url_not_public") List<Violation> warnings) {

  TargetReport(String platform, String accountId, List<Violation> violations) {
    this(platform, accountId, violations, List.of());
  }
}

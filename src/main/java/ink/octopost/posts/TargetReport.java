package ink.octopost.posts;

import ink.octopost.networks.Violation;
import java.util.List;

/** What {@code validate} says about one target (account_id null: no account for the platform). */
record TargetReport(
    @io.swagger.v3.oas.annotations.media.Schema(implementation = ink.octopost.networks.Platform.class) String platform,
    @jakarta.annotation.Nullable String accountId, List<Violation> violations) {}

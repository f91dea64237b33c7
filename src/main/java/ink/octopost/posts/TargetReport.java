package ink.octopost.posts;

import ink.octopost.networks.Violation;
import java.util.List;

/** What {@code validate} says about one target (account_id null: no account for the platform). */
record TargetReport(String platform, String accountId, List<Violation> violations) {}

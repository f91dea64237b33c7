package ink.octopost.networks;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * What a network says about one account's own limits, where they differ per account (a Mastodon
 * instance's character limit, attachment count and sizes). Not secret: stored beside the account,
 * read at connect time and refreshed about daily, and turned back into that account's capabilities
 * by its connector ({@link NetworkConnector#capabilities(AccountLimits)}). The values are in the
 * connector's own words; generic code only stores them and hands them back. Treat as read-only.
 *
 * @param values a JSON object the connector wrote
 * @param fetchedAt when the network said so
 */
public record AccountLimits(JsonNode values, Instant fetchedAt) {}

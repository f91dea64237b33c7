/**
 * The connector SPI: what every network connector offers ({@link ink.octopost.networks.NetworkConnector}),
 * what it can do ({@link ink.octopost.networks.NetworkCapabilities}: text limits and how the
 * network counts them, media counts and sizes, alt text, threads, idempotency, per-post options
 * such as Mastodon's visibility), what it can do for one account where that differs (derived from
 * the {@link ink.octopost.networks.AccountLimits} the network reported for the account, such as a
 * Mastodon instance's own limits, stored with the account), and the one
 * content check ({@link ink.octopost.networks.ContentCheck}) that create-time validation and
 * publish-time validation share. Generic code asks capabilities and never branches on which
 * network it is; each network lives in its own package below this one, package-private inside.
 */
package ink.octopost.networks;

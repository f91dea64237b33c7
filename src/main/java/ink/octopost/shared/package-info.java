/**
 * The tiny kernel every feature may use: typed ids, the clock, the error hierarchy with its
 * {@link ink.octopost.shared.ErrorCode}s, cursor pagination, secret sealing and the data directory.
 * Nothing here depends on a feature.
 */
package ink.octopost.shared;

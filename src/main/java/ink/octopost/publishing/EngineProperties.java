package ink.octopost.publishing;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The engine's settings ({@code octopost.engine.*}).
 *
 * @param enabled whether this node publishes (an API-only node can turn it off)
 * @param globalConcurrency targets in progress on this node at most: network calls in flight, plus
 *     results waiting for their group commit (virtual threads, so this costs little memory)
 * @param networkConcurrency per network id, calls in flight on this node at most (absent: no limit)
 * @param accountConcurrency per network id, calls in flight per account across all nodes (absent:
 *     {@code defaultAccountConcurrency})
 * @param defaultAccountConcurrency calls in flight per account across all nodes; 0 for no limit
 * @param lease how long a claimed target may stay in progress when its node cannot be asked: held by
 *     a node with no heartbeat row (an older version), or left behind on this node by a result that
 *     could not be written
 * @param heartbeatInterval how often this node records in PostgreSQL that it is alive (and looks
 *     for dead nodes' targets)
 * @param nodeTimeout how long a node may stay silent before it is presumed dead and its targets are
 *     taken over (several missed beats; a live node's long calls are never taken)
 * @param callMarker whether each network call waits for a committed "sending" marker, so that
 *     after a crash only targets whose request may have left are treated as sent. Off only to
 *     measure what it costs: a crash then makes every claimed target of a non-idempotent network
 *     {@code unconfirmed}
 * @param maxAttempts attempts before a transient failure becomes final
 * @param backoffBase first retry delay after a transient failure (doubles each time, with jitter)
 * @param backoffMax the longest retry delay
 * @param maxIdle the longest the engine sleeps without looking for due work
 * @param claimBatch targets claimed at once
 * @param maxInProgress how long the engine lets a network keep one part of a post "in progress"
 *     (a container or upload still processing, {@code NetworkFailure.InProgress}) before the target
 *     fails with {@code in_progress_timeout}; a safety net behind each connector's own, shorter limit
 */
@ConfigurationProperties("octopost.engine")
public record EngineProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("512") int globalConcurrency,
    Map<String, Integer> networkConcurrency,
    Map<String, Integer> accountConcurrency,
    @DefaultValue("0") int defaultAccountConcurrency,
    @DefaultValue("PT2M") Duration lease,
    @DefaultValue("5") int maxAttempts,
    @DefaultValue("PT5S") Duration backoffBase,
    @DefaultValue("PT10M") Duration backoffMax,
    @DefaultValue("PT1S") Duration maxIdle,
    @DefaultValue("256") int claimBatch,
    @DefaultValue("PT1S") Duration heartbeatInterval,
    @DefaultValue("PT10S") Duration nodeTimeout,
    @DefaultValue("true") boolean callMarker,
    @DefaultValue("PT2H") Duration maxInProgress) {

  public EngineProperties {
    networkConcurrency = networkConcurrency == null ? Map.of() : Map.copyOf(networkConcurrency);
    accountConcurrency = accountConcurrency == null ? Map.of() : Map.copyOf(accountConcurrency);
    // a misspelt network (OCTOPOST_ENGINE_ACCOUNT_CONCURRENCY_MASTADON) would be a limit never applied
    for (String network : java.util.stream.Stream.concat(networkConcurrency.keySet().stream(), accountConcurrency.keySet().stream()).toList()) {
      if (ink.octopost.networks.Platform.fromId(network).isEmpty()) {
        throw new ink.octopost.shared.StartupException(
            "octopost.engine: '" + network + "' in network-concurrency or account-concurrency is not a network.",
            "Use one of " + ink.octopost.networks.Platform.ids() + " (OCTOPOST_ENGINE_ACCOUNT_CONCURRENCY_MASTODON, ...).");
      }
    }
    if (globalConcurrency < 1 || claimBatch < 1 || maxAttempts < 1) {
      throw new ink.octopost.shared.StartupException(
          "octopost.engine: global-concurrency, claim-batch and max-attempts must be at least 1.",
          "Fix the octopost.engine settings.");
    }
    if (maxInProgress.isNegative() || maxInProgress.isZero()) {
      throw new ink.octopost.shared.StartupException(
          "octopost.engine: max-in-progress must be a positive duration.", "Fix octopost.engine.max-in-progress (e.g. PT2H).");
    }
    if (heartbeatInterval.toMillis() < 100 || nodeTimeout.compareTo(heartbeatInterval.multipliedBy(3)) < 0) {
      throw new ink.octopost.shared.StartupException(
          "octopost.engine: heartbeat-interval must be at least 100 ms and node-timeout at least three heartbeat intervals"
              + " (a node must miss several beats before it is presumed dead).",
          "Fix octopost.engine.heartbeat-interval or octopost.engine.node-timeout.");
    }
  }

  int accountLimit(String network) {
    return accountConcurrency.getOrDefault(network, defaultAccountConcurrency);
  }
}

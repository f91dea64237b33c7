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
 * @param lease how long a claimed target may take before its node is presumed dead
 * @param maxAttempts attempts before a transient failure becomes final
 * @param backoffBase first retry delay after a transient failure (doubles each time, with jitter)
 * @param backoffMax the longest retry delay
 * @param maxIdle the longest the engine sleeps without looking for due work
 * @param claimBatch targets claimed at once
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
    @DefaultValue("256") int claimBatch) {

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
  }

  int accountLimit(String network) {
    return accountConcurrency.getOrDefault(network, defaultAccountConcurrency);
  }
}

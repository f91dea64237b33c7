package ink.octopost.webhooks;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook delivery settings ({@code octopost.webhooks.*}).
 *
 * @param enabled whether this node delivers (an API-only node can turn it off)
 * @param globalConcurrency deliveries in flight on this node at most
 * @param endpointConcurrency deliveries in flight per endpoint across all nodes at most
 * @param timeout how long an endpoint has to answer with a 2xx
 * @param lease how long a claimed delivery may take before its node is presumed dead
 * @param backoffBase the first retry delay (doubles each attempt, with jitter)
 * @param backoffMax the longest retry delay
 * @param retryWindow how long a delivery is retried before it is failed
 * @param disableAfter an endpoint failing everything this long is disabled
 * @param secretOverlap how long a rotated-out secret keeps signing
 * @param maxIdle the longest the worker sleeps without looking for work (new events are found by polling)
 * @param claimBatch deliveries claimed at once
 * @param fanoutBatch events fanned out at once
 * @param deliveryRetention how long finished deliveries stay in the log before they are pruned
 *     ({@code OCTOPOST_WEBHOOKS_DELIVERY_RETENTION}, ISO-8601 such as {@code P30D}, or {@code 30d})
 */
@ConfigurationProperties("octopost.webhooks")
record WebhookProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("256") int globalConcurrency,
    @DefaultValue("8") int endpointConcurrency,
    @DefaultValue("PT10S") Duration timeout,
    @DefaultValue("PT1M") Duration lease,
    @DefaultValue("PT5S") Duration backoffBase,
    @DefaultValue("PT2H") Duration backoffMax,
    @DefaultValue("PT24H") Duration retryWindow,
    @DefaultValue("P5D") Duration disableAfter,
    @DefaultValue("PT24H") Duration secretOverlap,
    @DefaultValue("PT0.1S") Duration maxIdle,
    @DefaultValue("256") int claimBatch,
    @DefaultValue("2000") int fanoutBatch,
    @DefaultValue("P30D") Duration deliveryRetention) {

  WebhookProperties {
    if (globalConcurrency < 1 || endpointConcurrency < 1 || claimBatch < 1 || fanoutBatch < 1) {
      throw new ink.octopost.shared.StartupException(
          "octopost.webhooks: global-concurrency, endpoint-concurrency, claim-batch and fanout-batch must be at least 1.",
          "Fix the octopost.webhooks settings.");
    }
    if (deliveryRetention.compareTo(Duration.ofHours(1)) < 0) {
      throw new ink.octopost.shared.StartupException(
          "octopost.webhooks.delivery-retention must be at least one hour (it is " + deliveryRetention + ").",
          "Set OCTOPOST_WEBHOOKS_DELIVERY_RETENTION to a duration such as P30D.");
    }
  }
}

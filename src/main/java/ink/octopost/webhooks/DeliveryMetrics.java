package ink.octopost.webhooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * Webhook delivery in Prometheus. Attempts are counted by the node that made them, tagged only by
 * outcome: endpoint ids grow with every workspace, so per-endpoint series would be unbounded.
 * Endpoint states and the backlog are read from the database (the same on every node), at most
 * once every two seconds however often they are scraped.
 */
@Component
class DeliveryMetrics {

  /** How an attempt ended: delivered (2xx), retrying (failed, another attempt is due) or failed for good. */
  enum Outcome {
    DELIVERED, RETRYING, FAILED;

    String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static final long REFRESH_NANOS = 2_000_000_000L;

  private final Counter[] attempts = new Counter[Outcome.values().length];
  private final Timer[] latency = new Timer[Outcome.values().length];
  private final Counter pruned;
  private final DeliveryStore store;
  private volatile DeliveryStore.Counts counts;
  private volatile long countedAt;

  DeliveryMetrics(MeterRegistry registry, DeliveryStore store) {
    this.store = store;
    for (Outcome o : Outcome.values()) {
      attempts[o.ordinal()] = Counter.builder("octopost.webhook.deliveries")
          .description("Webhook delivery attempts made by this node, by how they ended")
          .tag("outcome", o.tag())
          .register(registry);
      latency[o.ordinal()] = Timer.builder("octopost.webhook.delivery.latency")
          .description("Time from sending a webhook to its endpoint's answer (or giving up on one)")
          .tag("outcome", o.tag())
          .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
              Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
              Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30))
          .register(registry);
    }
    pruned = Counter.builder("octopost.webhook.deliveries.pruned")
        .description("Finished deliveries this node deleted from the log after the retention")
        .register(registry);
    endpoints(registry, "active", DeliveryStore.Counts::active);
    endpoints(registry, "failing", DeliveryStore.Counts::failing);
    endpoints(registry, "disabled", DeliveryStore.Counts::disabled);
    Gauge.builder("octopost.webhook.deliveries.pending", this, m -> m.read(DeliveryStore.Counts::pending))
        .description("Deliveries waiting for an attempt, across the cluster (endpoints disabled included)")
        .register(registry);
  }

  private void endpoints(MeterRegistry registry, String state, ToDoubleFunction<DeliveryStore.Counts> value) {
    Gauge.builder("octopost.webhook.endpoints", this, m -> m.read(value))
        .description("Webhook endpoints across the cluster: active, failing (active, every attempt failing) or disabled")
        .tag("state", state)
        .register(registry);
  }

  void attempt(Outcome outcome, Integer latencyMs) {
    attempts[outcome.ordinal()].increment();
    if (latencyMs != null) {
      latency[outcome.ordinal()].record(latencyMs, TimeUnit.MILLISECONDS);
    }
  }

  void pruned(int rows) {
    pruned.increment(rows);
  }

  /** The last counts, refreshed when older than two seconds; NaN until the database first answers. */
  private double read(ToDoubleFunction<DeliveryStore.Counts> value) {
    if (counts == null || System.nanoTime() - countedAt > REFRESH_NANOS) {
      synchronized (this) {
        if (counts == null || System.nanoTime() - countedAt > REFRESH_NANOS) {
          try {
            counts = store.counts();
          } catch (RuntimeException e) {
            // the database is away: keep the last counts rather than failing the scrape
          }
          countedAt = System.nanoTime();
        }
      }
    }
    var c = counts;
    return c == null ? Double.NaN : value.applyAsDouble(c);
  }
}

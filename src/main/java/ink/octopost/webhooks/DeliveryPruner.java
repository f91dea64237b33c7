package ink.octopost.webhooks;

import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the delivery log to its retention ({@code octopost.webhooks.delivery-retention}). The
 * delivery loop calls {@link #prunePass()} on every pass; it deletes one small batch when pruning
 * is due, so a large backlog (the first run after an upgrade) is worked off between deliveries
 * rather than holding them up. Every node may prune at the same time: batches skip rows another
 * node holds.
 */
@Component
class DeliveryPruner {

  static final int BATCH = 500;
  private static final long EVERY_NANOS = 10L * 60 * 1_000_000_000L;

  private final DeliveryStore store;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final WebhookProperties props;
  private final DeliveryMetrics metrics;
  private volatile long nextNanos = System.nanoTime();

  DeliveryPruner(DeliveryStore store, TransactionTemplate tx, Clock clock, WebhookProperties props, DeliveryMetrics metrics) {
    this.store = store;
    this.tx = tx;
    this.clock = clock;
    this.props = props;
    this.metrics = metrics;
  }

  /** One batch when due; due again at once while batches come back full, else in ten minutes. */
  void prunePass() {
    if (System.nanoTime() - nextNanos < 0) {
      return;
    }
    int deleted = batch(clock.instant().minus(props.deliveryRetention()));
    nextNanos = System.nanoTime() + (deleted == BATCH ? 0 : EVERY_NANOS);
  }

  /** Prunes everything past the retention now, batch by batch; returns how many rows went. */
  int pruneAll() {
    Instant cutoff = clock.instant().minus(props.deliveryRetention());
    int total = 0;
    int deleted;
    do {
      deleted = batch(cutoff);
      total += deleted;
    } while (deleted == BATCH);
    return total;
  }

  private int batch(Instant cutoff) {
    Integer deleted = tx.execute(s -> store.prune(cutoff, BATCH));
    int n = deleted == null ? 0 : deleted;
    if (n > 0) {
      metrics.pruned(n);
    }
    return n;
  }
}

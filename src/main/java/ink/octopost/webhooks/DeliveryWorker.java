package ink.octopost.webhooks;

import ink.octopost.shared.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The delivery loop on this node. Each pass: return deliveries of dead nodes (expired leases),
 * fan new outbox events out into deliveries, then claim as many due deliveries as there is room
 * for (each endpoint bounded) and send each on a virtual thread. Between passes it sleeps until
 * the next due delivery (at most {@code max-idle}) or until a send finishes.
 */
@Component
class DeliveryWorker extends ink.octopost.shared.WorkLoop {

  private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

  private final DeliveryStore store;
  private final DeliverySender sender;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final WebhookProperties props;
  private final String owner = "node-" + ProcessHandle.current().pid() + "-" + Ids.base62(6);
  private final Semaphore room;
  private final ConcurrentLinkedQueue<DeliveryStore.Success> successes = new ConcurrentLinkedQueue<>();
  private final ReentrantLock flushing = new ReentrantLock();
  private static final long COALESCE_MILLIS = 5;
  private static final long REAP_EVERY_NANOS = 1_000_000_000L;
  private volatile long lastReapNanos = System.nanoTime() - REAP_EVERY_NANOS - 1;

  private final DeliveryMetrics metrics;
  private final DeliveryPruner pruner;

  DeliveryWorker(DeliveryStore store, DeliverySender sender, TransactionTemplate tx, Clock clock, WebhookProperties props,
      DeliveryMetrics metrics, DeliveryPruner pruner) {
    super("octopost-webhooks", "webhook-", props.timeout().plusSeconds(5), COALESCE_MILLIS);
    this.metrics = metrics;
    this.pruner = pruner;
    this.store = store;
    this.sender = sender;
    this.tx = tx;
    this.clock = clock;
    this.props = props;
    this.room = new Semaphore(props.globalConcurrency());
  }

  /** Runs one pass now; returns how many deliveries it started. */
  int pass() {
    Instant now = clock.instant();
    if (System.nanoTime() - lastReapNanos > REAP_EVERY_NANOS) {
      tx.executeWithoutResult(s -> store.reapExpired(now));
      lastReapNanos = System.nanoTime();
    }
    pruner.prunePass();
    for (int i = 0; i < 10; i++) {
      Integer read = tx.execute(s -> store.fanOut(props.fanoutBatch(), now));
      if (read == null || read < props.fanoutBatch()) {
        break;
      }
    }
    return claimAndRun(now);
  }


  private int claimAndRun(Instant now) {
    int wanted = Math.min(room.availablePermits(), props.claimBatch());
    if (wanted <= 0 || !room.tryAcquire(wanted)) {
      return 0;
    }
    List<DeliveryStore.Claimed> claimed;
    try {
      claimed = tx.execute(s -> store.claim(now, wanted, props.endpointConcurrency(), owner, props.lease()));
    } catch (RuntimeException e) {
      room.release(wanted);
      throw e;
    }
    room.release(wanted - claimed.size());
    for (var c : claimed) {
      workers.execute(() -> {
        try {
          deliver(c);
        } catch (RuntimeException e) {
          log.warn("Webhook delivery {} could not be recorded; its lease will return it: {}", c.id(), e.getMessage());
        } finally {
          room.release();
          wake();
        }
      });
    }
    return claimed.size();
  }

  private void deliver(DeliveryStore.Claimed c) {
    var attempt = sender.send(c, clock.instant());
    Instant now = clock.instant();
    Integer status = attempt.status();
    if (status != null && status / 100 == 2) {
      metrics.attempt(DeliveryMetrics.Outcome.DELIVERED, attempt.latencyMs());
      successes.add(new DeliveryStore.Success(c.id(), c.webhookId(), attempt, now));
      while (!successes.isEmpty() && flushing.tryLock()) {
        try {
          flushSuccesses();
        } finally {
          flushing.unlock();
        }
      }
      return;
    }
    boolean gone = status != null && status == 410;
    Instant retryAt = gone ? null : retryAt(c, now);
    Boolean recorded = tx.execute(s -> {
      if (!store.attemptFailed(c.id(), owner, attempt, retryAt, now)) {
        return false;
      }
      if (gone) {
        if (store.disable(c.webhookId(), "the endpoint answered 410 Gone", now)) {
          log.info("Webhook {} disabled: its endpoint answered 410 Gone", c.webhookId());
        }
      } else if (store.endpointFailed(c.webhookId(), now, props.disableAfter())) {
        log.info("Webhook {} disabled: every delivery failed for {}", c.webhookId(), props.disableAfter());
      }
      return true;
    });
    if (Boolean.TRUE.equals(recorded)) {
      metrics.attempt(retryAt == null ? DeliveryMetrics.Outcome.FAILED : DeliveryMetrics.Outcome.RETRYING,
          attempt.latencyMs());
    }
  }

  /**
   * Group commit: whichever sender holds the lock writes every success queued so far in one
   * statement, while the others go back to sending. A success lost to a crash before it is
   * written is sent again when its lease expires (at least once, same webhook-id).
   */
  private void flushSuccesses() {
    var batch = new ArrayList<DeliveryStore.Success>();
    DeliveryStore.Success next;
    while (batch.size() < 1000 && (next = successes.poll()) != null) {
      batch.add(next);
    }
    if (batch.isEmpty()) {
      return;
    }
    try {
      tx.executeWithoutResult(s -> store.deliveredAll(batch, owner));
    } catch (RuntimeException e) {
      log.warn("Could not record {} webhook deliveries; their leases will send them again: {}", batch.size(), e.getMessage());
    }
    wake();
  }

  /** Exponential backoff with jitter; the last attempt falls on the end of the retry window, then null. */
  Instant retryAt(DeliveryStore.Claimed c, Instant now) {
    Instant deadline = c.firstAttemptAt().plus(props.retryWindow());
    if (!now.isBefore(deadline)) {
      return null;
    }
    int exponent = Math.min(30, Math.max(0, c.attempts() - 1));
    long base = props.backoffBase().toMillis();
    long delay = Math.min(props.backoffMax().toMillis(), base << exponent);
    delay = Math.min(props.backoffMax().toMillis(), (long) (delay * (0.75 + ThreadLocalRandom.current().nextDouble() * 0.5)));
    Instant at = now.plusMillis(Math.max(1, delay));
    return at.isAfter(deadline) ? deadline : at;
  }

  @Override
  protected int runPass() {
    return pass();
  }

  @Override
  protected int batchSize() {
    return props.claimBatch();
  }

  @Override
  public boolean enabled() {
    return props.enabled();
  }

  /** Until the next due delivery; with due work but no room, a finished send wakes the loop. */
  @Override
  protected long sleepNanos(int started) {
    long max = props.maxIdle().toNanos();
    try {
      Instant next = store.nextDue();
      long sleep = next == null ? max : Math.max(0, Math.min(max, Duration.between(clock.instant(), next).toNanos()));
      return started == 0 && sleep == 0 ? max : sleep;
    } catch (RuntimeException e) {
      return max;
    }
  }
}

package ink.octopost.shared;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A node's durable worker loop (the publishing engine, webhook delivery): one platform thread
 * runs passes; between passes it sleeps until the next due instant or until {@link #wake()}; the
 * work itself runs on virtual threads in {@link #workers}. On stop the loop ends and in-flight
 * work gets a bounded time to finish (what does not finish is recovered through its lease).
 */
public abstract class WorkLoop implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(WorkLoop.class);

  /** Replaced when the loop starts again after a stop (a paused test context, a lifecycle restart). */
  protected volatile ExecutorService workers;
  private final String workerPrefix;
  private final String threadName;
  private final Duration drainTimeout;
  private final long coalesceMillis;
  private final Semaphore wake = new Semaphore(0);
  private volatile boolean running;
  private volatile Thread loop;

  /**
   * @param coalesceMillis after a wake-up, how long to let more work finish before the next pass
   *     (0: pass at once)
   */
  protected WorkLoop(String threadName, String workerPrefix, Duration drainTimeout, long coalesceMillis) {
    this.threadName = threadName;
    this.drainTimeout = drainTimeout;
    this.coalesceMillis = coalesceMillis;
    this.workerPrefix = workerPrefix;
    this.workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(workerPrefix, 0).factory());
  }

  /** Whether this node runs the loop at all. */
  public abstract boolean enabled();

  /** One pass; returns how much work it started. */
  protected abstract int runPass();

  /** A pass that started this much work may have left more due: pass again without sleeping. */
  protected abstract int batchSize();

  /** How long to sleep after a pass that started {@code started} units of work. */
  protected abstract long sleepNanos(int started);

  /** Look for work now rather than at the next due time. */
  public void wake() {
    wake.release();
  }

  private void loop() {
    while (running) {
      int started = 0;
      try {
        started = runPass();
      } catch (RuntimeException e) {
        log.warn("{}: pass failed, trying again shortly: {}", threadName, e.getMessage());
      }
      if (started >= batchSize()) {
        continue;
      }
      try {
        if (wake.tryAcquire(sleepNanos(started), TimeUnit.NANOSECONDS) && coalesceMillis > 0) {
          Thread.sleep(coalesceMillis);
        }
        wake.drainPermits();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void start() {
    if (!enabled() || running) {
      return;
    }
    if (workers.isShutdown()) {
      workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(workerPrefix, 0).factory());
    }
    running = true;
    loop = Thread.ofPlatform().name(threadName).daemon().start(this::loop);
    log.info("{} started", threadName);
  }

  @Override
  public void stop() {
    running = false;
    wake.release();
    Thread t = loop;
    if (t != null) {
      // A pass in progress finishes its transaction: the pool closes only after this returns.
      try {
        t.join(drainTimeout.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    workers.shutdown();
    try {
      if (!workers.awaitTermination(drainTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("{}: stopped with work in flight; it is recovered when its leases expire", threadName);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /**
   * Stopped with the web server, in the lifecycle phase, which ends before any bean is destroyed:
   * the connection pool (and the embedded PostgreSQL after it) close only once every loop and its
   * in-flight work have stopped.
   */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 2048;
  }
}

package ink.octopost.publishing;

import ink.octopost.networks.Platform;
import ink.octopost.posts.Post;
import ink.octopost.posts.PostService;
import ink.octopost.posts.PublishDispatcher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The engine's loop on this node. Each pass: start scheduled posts whose instant has come, fill
 * due queue slots, then claim as many due targets as there is room for and run each on a virtual
 * thread. Between passes it sleeps until the next due instant (at most {@code max-idle}) or until
 * new work is committed here. Dead nodes' targets are taken over by {@link EngineNodes}.
 */
@Component
class PublishingEngine extends ink.octopost.shared.WorkLoop implements PublishDispatcher {

  private static final Duration LATE = Duration.ofMinutes(1);
  private static final Duration RECHECK = Duration.ofMillis(100);

  private final TargetStore store;
  private final TargetRunner runner;
  private final CrossLinks crossLinks;
  private final QueuePlanner queue;
  private final PostService posts;
  private final EngineNodes nodes;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final EngineProperties props;
  private final String owner;
  /** The targets this node's threads are running (any other target it holds is an orphan). */
  private final java.util.Set<String> running = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final Semaphore globalRoom;
  private final Map<Platform, AtomicInteger> inFlight = new EnumMap<>(Platform.class);
  private volatile long lastPassNanos;
  private volatile boolean passed;

  PublishingEngine(TargetStore store, TargetRunner runner, CrossLinks crossLinks, QueuePlanner queue, PostService posts,
      EngineNodes nodes, TransactionTemplate tx, Clock clock, EngineProperties props) {
    super("octopost-engine", "publish-", Duration.ofSeconds(20), 0);
    this.store = store;
    this.runner = runner;
    this.crossLinks = crossLinks;
    this.queue = queue;
    this.posts = posts;
    this.nodes = nodes;
    this.owner = nodes.id();
    this.tx = tx;
    this.clock = clock;
    this.props = props;
    this.globalRoom = new Semaphore(props.globalConcurrency());
    for (var p : Platform.values()) {
      inFlight.put(p, new AtomicInteger());
    }
  }

  /** Called in the transaction that moved the post to publishing. */
  @Override
  public void dispatch(Post post) {
    Instant now = clock.instant();
    store.markStarted(post.id(), now);
    store.makeDue(post.id(), crossLinks.waiting(post), now);
    wakeAfterCommit();
  }

  /** Runs one pass now (tests use it to avoid waiting for the loop). */
  int pass() {
    Instant now = clock.instant();
    startDuePosts(now);
    fillQueues(now);
    int claimed = claimAndRun(now);
    markPass();
    return claimed;
  }

  /** One batch of due scheduled posts per pass, so claiming their targets starts at once. */
  private void startDuePosts(Instant now) {
    tx.executeWithoutResult(s -> {
      for (var d : store.startDuePosts(now, 500)) {
        Duration late = Duration.between(d.scheduledFor(), now);
        if (d.presetId() == null && late.compareTo(LATE) <= 0) {
          continue; // the common case: its targets are due already
        }
        posts.find(d.id()).ifPresent(p -> {
          var waiting = crossLinks.waiting(p);
          if (!waiting.isEmpty()) {
            store.makeDue(p.id(), waiting, now);
          }
          if (late.compareTo(LATE) > 0) {
            store.noteAll(p.id(), "Started " + human(late) + " after its scheduled time: no Octopost node was running then");
          }
        });
      }
    });
  }

  private void fillQueues(Instant now) {
    for (var q : queue.queuesWithWork()) {
      tx.executeWithoutResult(s -> queue.startIfDue(q, now).flatMap(posts::find)
          .ifPresent(p -> store.makeDue(p.id(), crossLinks.waiting(p), now)));
    }
  }

  /**
   * Whether a claim is worth making now. While calls are in flight, some room must build up
   * first: one claim per finished call would cost a claim query per target. An idle node claims
   * whatever it can at once.
   */
  private boolean roomToClaim() {
    int room = globalRoom.availablePermits();
    int inFlightNow = props.globalConcurrency() - room;
    return room > 0 && (inFlightNow == 0 || room >= Math.min(32, Math.max(1, props.globalConcurrency() / 8)));
  }

  private int claimAndRun(Instant now) {
    int room = Math.min(globalRoom.availablePermits(), props.claimBatch());
    if (!roomToClaim() || !globalRoom.tryAcquire(room)) {
      return 0;
    }
    List<TargetStore.Claimed> claimed;
    try {
      var networkRoom = new LinkedHashMap<String, Integer>();
      props.networkConcurrency().forEach((net, limit) -> Platform.fromId(net)
          .ifPresent(p -> networkRoom.put(net, Math.max(0, limit - inFlight.get(p).get()))));
      claimed = tx.execute(s -> store.claim(now, room, owner, props.lease(), networkRoom, props.accountConcurrency(),
          props.defaultAccountConcurrency(), !props.callMarker()));
    } catch (RuntimeException e) {
      globalRoom.release(room);
      throw e;
    }
    globalRoom.release(room - claimed.size());
    if (claimed.isEmpty()) {
      return 0;
    }
    TargetRunner.Batch batch;
    try {
      batch = runner.load(claimed);
    } catch (RuntimeException e) {
      globalRoom.release(claimed.size());
      // Nothing was sent: hand them back now rather than let their leases make them "unconfirmed".
      try {
        store.release(claimed.stream().map(TargetStore.Claimed::id).toList(), owner, now);
      } catch (RuntimeException ignored) {
        // the database is down: never marked as sending, they run again once their lease runs out
      }
      throw e;
    }
    claimed.forEach(c -> running.add(c.id()));
    for (var c : claimed) {
      inFlight.get(c.platform()).incrementAndGet();
      workers.execute(() -> {
        try {
          runner.run(c, owner, batch);
        } finally {
          running.remove(c.id());
          inFlight.get(c.platform()).decrementAndGet();
          globalRoom.release();
          if (roomToClaim()) {
            wake();
          }
        }
      });
    }
    return claimed.size();
  }

  @Override
  public void start() {
    if (enabled() && !isRunning()) {
      nodes.start(running::contains, this::wake);
    }
    super.start();
  }

  /** Stops claiming, lets the calls in flight finish (bounded), then stops beating. */
  @Override
  public void stop() {
    super.stop();
    nodes.stop();
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
  protected long sleepNanos(int started) {
    long max = props.maxIdle().toNanos();
    if (!roomToClaim()) {
      // Busy: due work would only find no room. The next call to finish with room wakes the loop.
      return max;
    }
    try {
      Instant now = clock.instant();
      Instant next = store.nextDue();
      for (var q : queue.queuesWithWork()) {
        Instant slot = queue.nextSlot(q, now);
        if (slot != null && (next == null || slot.isBefore(next))) {
          next = slot;
        }
      }
      if (next == null) {
        return max;
      }
      long until = Duration.between(now, next).toNanos();
      if (until <= 0 && started == 0) {
        // Due work that this pass could not take (per-network or per-account limits, or another
        // node holds it): look again shortly, or sooner when one of our calls finishes.
        return Math.min(max, RECHECK.toNanos());
      }
      return Math.max(0, Math.min(max, until));
    } catch (RuntimeException e) {
      return max;
    }
  }

  private void wakeAfterCommit() {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          wake();
        }
      });
    } else {
      wake();
    }
  }

  private void markPass() {
    lastPassNanos = System.nanoTime();
    passed = true;
  }

  /** How long ago the loop last completed a pass (null before the first), for the health check. */
  Duration sinceLastPass() {
    return passed ? Duration.ofNanos(System.nanoTime() - lastPassNanos) : null;
  }

  @Override
  public boolean enabled() {
    return props.enabled();
  }

  private static String human(Duration d) {
    long minutes = d.toMinutes();
    return minutes < 60 ? minutes + " min" : (minutes / 60) + " h " + (minutes % 60) + " min";
  }
}

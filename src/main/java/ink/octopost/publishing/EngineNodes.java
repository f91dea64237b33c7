package ink.octopost.publishing;

import ink.octopost.networks.ConnectorRegistry;
import ink.octopost.networks.Platform;
import ink.octopost.posts.PostService;
import ink.octopost.shared.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * This node's heartbeat, and the takeover of dead nodes' targets. Every {@code heartbeat-interval}
 * a thread of its own records in {@code engine_nodes} that the node is alive, then looks for
 * targets held by a node silent for {@code node-timeout}: those never marked as sending run again
 * (no attempt spent), those whose call may have gone out are re-run with the same idempotency key
 * where the network has one, and are otherwise {@code unconfirmed}. A live node keeps beating, so
 * its long calls (video uploads) are never taken from it.
 *
 * <p>Beats and silences are measured on PostgreSQL's clock, so nodes whose clocks disagree do not
 * take each other's work.
 */
@Component
class EngineNodes {

  private static final Logger log = LoggerFactory.getLogger(EngineNodes.class);
  private static final int TAKEOVER_BATCH = 1000;

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final PostService posts;
  private final CrossLinks crossLinks;
  private final ConnectorRegistry registry;
  private final Clock clock;
  private final EngineProperties props;
  private final String id = "node-" + ProcessHandle.current().pid() + "-" + Ids.base62(6);

  private volatile boolean running;
  private volatile Thread thread;
  private volatile Predicate<String> runningHere = t -> false;
  private volatile Runnable wake = () -> {};
  private long lastBeatNanos;

  EngineNodes(JdbcClient jdbc, TransactionTemplate tx, PostService posts, CrossLinks crossLinks, ConnectorRegistry registry,
      Clock clock, EngineProperties props) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.posts = posts;
    this.crossLinks = crossLinks;
    this.registry = registry;
    this.clock = clock;
    this.props = props;
  }

  /** This node's id: the owner of the targets it claims, and its row in {@code engine_nodes}. */
  String id() {
    return id;
  }

  /**
   * Registers this node and starts beating. {@code runningHere} says whether a target this node
   * holds is being run by one of its threads (the others are orphans: taken over once their lease
   * runs out); {@code wake} is called when taken-over targets are due again.
   */
  synchronized void start(Predicate<String> runningHere, Runnable wake) {
    if (running) {
      return;
    }
    this.runningHere = runningHere;
    this.wake = wake;
    beat();
    running = true;
    thread = Thread.ofPlatform().name("octopost-heartbeat").daemon().start(this::loop);
  }

  /** Stops beating and says so: the other nodes take over whatever this node still holds at once. */
  synchronized void stop() {
    running = false;
    Thread t = thread;
    if (t == null) {
      return;
    }
    LockSupport.unpark(t); // not an interrupt: a beat in progress finishes its statement quietly
    try {
      t.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      jdbc.sql("UPDATE engine_nodes SET last_beat = 'epoch' WHERE node_id = ?").param(id).update();
    } catch (RuntimeException e) {
      log.info("Could not record that engine node {} stopped ({}); other nodes take its targets over after {}", id,
          e.getMessage(), props.nodeTimeout());
    }
  }

  private void loop() {
    while (running) {
      try {
        beat();
        while (running && takeOver() == TAKEOVER_BATCH) {
          beat(); // a long takeover must not make this node look dead
        }
      } catch (RuntimeException e) {
        log.warn("Engine heartbeat or takeover failed: {}", e.getMessage());
      }
      LockSupport.parkNanos(props.heartbeatInterval().toNanos());
    }
  }

  void beat() {
    long now = System.nanoTime();
    if (lastBeatNanos != 0 && now - lastBeatNanos > props.nodeTimeout().toNanos() / 2) {
      log.warn("Engine node {} beat {} ms late (the database or this process was slow); past {} other nodes take its targets",
          id, Duration.ofNanos(now - lastBeatNanos).toMillis(), props.nodeTimeout());
    }
    if (jdbc.sql("UPDATE engine_nodes SET last_beat = clock_timestamp() WHERE node_id = ?").param(id).update() == 0) {
      jdbc.sql("""
              INSERT INTO engine_nodes (node_id, started_at, last_beat) VALUES (?, clock_timestamp(), clock_timestamp())
              ON CONFLICT (node_id) DO UPDATE SET last_beat = excluded.last_beat""")
          .param(id).update();
    }
    lastBeatNanos = now;
  }

  private record Held(String id, String postId, Platform platform, String owner, boolean sent, long silentMillis) {}

  /** What one takeover did to one silent node's targets. */
  private record Taken(String owner, long silentMillis, int again, int rerun, int unconfirmed) {}

  /**
   * One takeover pass: settles or requeues up to {@value #TAKEOVER_BATCH} targets of dead nodes
   * (and this node's orphans) in one transaction, then forgets dead nodes that hold nothing.
   * Returns how many targets it took.
   *
   * <p>Lock order: the targets are locked first (skipping any another transaction holds), their
   * posts last and all at once in id order through {@link PostService#settle}, the order every
   * group commit of results uses too, so a takeover and a group commit cannot deadlock.
   */
  int takeOver() {
    var taken = new ArrayList<Taken>();
    int count = tx.execute(s -> {
      Instant now = clock.instant();
      var held = jdbc.sql(
              """
              SELECT t.id, t.post_id, t.platform, t.lease_owner, t.sending_at IS NOT NULL AS sent,
                coalesce(CAST(extract(epoch FROM clock_timestamp() - n.last_beat) * 1000 AS bigint), -1) AS silent
              FROM post_targets t LEFT JOIN engine_nodes n ON n.node_id = t.lease_owner
              WHERE t.status = 'publishing' AND (
                (n.node_id IS NOT NULL AND n.node_id <> :me AND n.last_beat < clock_timestamp() - :timeout * interval '1 millisecond')
                OR (n.node_id IS NULL AND t.lease_until < :now)
                OR (t.lease_owner = :me AND t.lease_until < :now))
              ORDER BY t.id LIMIT :limit
              FOR UPDATE OF t SKIP LOCKED""")
          .param("me", id)
          .param("timeout", props.nodeTimeout().toMillis())
          .param("now", java.sql.Timestamp.from(now))
          .param("limit", TAKEOVER_BATCH)
          .query((rs, n) -> new Held(rs.getString(1), rs.getString(2), Platform.fromId(rs.getString(3)).orElseThrow(),
              rs.getString(4), rs.getBoolean(5), rs.getLong(6)))
          .list()
          .stream()
          .filter(h -> !h.owner().equals(id) || !runningHere.test(h.id()))
          .toList();
      if (held.isEmpty()) {
        return 0;
      }
      var again = held.stream().filter(h -> !h.sent()).toList();
      var rerun = held.stream().filter(h -> h.sent() && registry.capabilities(h.platform()).idempotentPublish()).toList();
      var unconfirmed = held.stream().filter(h -> h.sent() && !registry.capabilities(h.platform()).idempotentPublish()).toList();
      runAgain(again, now);
      rerun(rerun, now);
      unconfirm(unconfirmed, now);
      if (!unconfirmed.isEmpty()) {
        var settle = new TreeSet<String>();
        var loaded = posts.findAll(unconfirmed.stream().map(Held::postId).distinct().toList());
        for (var h : unconfirmed) {
          var post = loaded.get(h.postId());
          if (post != null) {
            crossLinks.afterTarget(post, h.platform());
            settle.add(post.id());
          }
        }
        posts.settle(settle);
      }
      var byOwner = new LinkedHashMap<String, List<Held>>();
      held.forEach(h -> byOwner.computeIfAbsent(h.owner(), k -> new ArrayList<>()).add(h));
      byOwner.forEach((owner, hs) -> taken.add(new Taken(owner, hs.getFirst().silentMillis(),
          (int) hs.stream().filter(again::contains).count(), (int) hs.stream().filter(rerun::contains).count(),
          (int) hs.stream().filter(unconfirmed::contains).count())));
      return held.size();
    });
    for (var t : taken) {
      String why = t.owner().equals(id) ? "left behind on this node (their results could not be written)"
          : t.silentMillis() < 0 ? "of node " + t.owner() + " (no heartbeat; lease expired)"
          : t.silentMillis() > 86_400_000L ? "of node " + t.owner() + " (stopped)"
          : "of node " + t.owner() + " (silent for " + t.silentMillis() / 1000 + " s, presumed dead)";
      log.info("Took over {} targets {}: {} never sent, run again; {} re-run with their idempotency key; {} unconfirmed",
          t.again() + t.rerun() + t.unconfirmed(), why, t.again(), t.rerun(), t.unconfirmed());
    }
    if (taken.stream().anyMatch(t -> t.again() + t.rerun() > 0)) {
      wake.run();
    }
    if (count == 0) {
      jdbc.sql("""
              DELETE FROM engine_nodes n WHERE n.node_id <> :me AND n.last_beat < clock_timestamp() - :timeout * interval '1 millisecond'
                AND NOT EXISTS (SELECT 1 FROM post_targets t WHERE t.status = 'publishing' AND t.lease_owner = n.node_id)""")
          .param("me", id).param("timeout", props.nodeTimeout().toMillis()).update();
    }
    return count;
  }

  /**
   * Never marked as sending: nothing left this node's machine, so no attempt is spent. A target
   * the network was still working on keeps its stored progress (written when the connector last
   * answered InProgress, and cleared only when that part published), so the next run resumes the
   * wait instead of starting the part over: the interrupted run made at most the connector's
   * checks, which create nothing.
   */
  private void runAgain(List<Held> held, Instant now) {
    if (held.isEmpty()) {
      return;
    }
    jdbc.sql("""
            UPDATE post_targets SET status = 'pending', due_at = ?, lease_until = NULL, lease_owner = NULL, sending_at = NULL,
              updated_at = ?
            WHERE id = ANY(?) AND status = 'publishing'""")
        .params(ts(now), ts(now), ids(held)).update();
  }

  /**
   * Marked as sending on an idempotent network: run again with the same idempotency key, and with
   * the progress stored before that run (if any), as that run itself began: whatever the lost
   * request did, the network recognises it by the key.
   */
  private void rerun(List<Held> held, Instant now) {
    end(held, "pending", now, "interrupted",
        "The node publishing this stopped answering; retrying with the same idempotency key, so it cannot post twice");
  }

  /**
   * Marked as sending on a network without idempotency: the request may have created the post, so
   * the target is unconfirmed, finished, and (like every finished target) forgets its progress.
   */
  private void unconfirm(List<Held> held, Instant now) {
    if (held.isEmpty()) {
      return;
    }
    end(held, "unconfirmed", null, "unconfirmed",
        "The node publishing this stopped before {network} answered, so the post may or may not be there."
            + " It is not retried automatically: check the network, then retry if it is missing.");
  }

  /** Ends the attempt in flight on a dead node: its log entry says who took it over, and why. */
  private void end(List<Held> held, String status, Instant dueAt, String outcome, String error) {
    if (held.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    jdbc.sql("""
            UPDATE post_targets SET status = :status, due_at = :due, error_code = 'outcome_unknown',
              error = replace(:error, '{network}', platform),
              lease_until = NULL, lease_owner = NULL, sending_at = NULL, updated_at = :now,
              progress = CASE WHEN :status = 'unconfirmed' THEN NULL ELSE progress END,
              progress_segment = CASE WHEN :status = 'unconfirmed' THEN NULL ELSE progress_segment END,
              progress_since = CASE WHEN :status = 'unconfirmed' THEN NULL ELSE progress_since END,
              attempt_log = octopost_attempt_end(attempt_log, attempts, lease_owner, NULL, :nowText, :outcome, 'outcome_unknown',
                'Node ' || lease_owner || ' stopped answering; ' || :me || ' took this target over')
            WHERE id = ANY(:ids) AND status = 'publishing'""")
        .param("status", status).param("due", ts(dueAt)).param("error", error).param("now", ts(now))
        .param("nowText", now.toString()).param("outcome", outcome).param("me", id).param("ids", ids(held))
        .update();
  }

  private static String[] ids(List<Held> held) {
    return held.stream().map(Held::id).toArray(String[]::new);
  }

  private static java.sql.Timestamp ts(Instant i) {
    return i == null ? null : java.sql.Timestamp.from(i);
  }
}

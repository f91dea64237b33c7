package ink.octopost.publishing;

import ink.octopost.queue.QueueService;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Gives queued posts their slots: when a workspace's next free slot comes, its oldest queued post
 * (approved ones keep their original place) starts publishing. Slots missed while no node ran are
 * not burst through on start-up: the queue resumes at the latest slot.
 */
@Component
class QueuePlanner implements ink.octopost.posts.QueueForecast {

  private final JdbcClient jdbc;
  private final QueueService queues;

  QueuePlanner(JdbcClient jdbc, QueueService queues) {
    this.jdbc = jdbc;
    this.queues = queues;
  }

  record Queue(String workspaceId, boolean sandbox) {}

  List<Queue> queuesWithWork() {
    return jdbc.sql("SELECT DISTINCT workspace_id, sandbox FROM posts WHERE queue_status = 'queued' AND status = 'draft'")
        .query((rs, n) -> new Queue(rs.getString(1), rs.getBoolean(2)))
        .list();
  }

  /** When this queue's next slot is, given the last it used (for the engine's sleep). */
  Instant nextSlot(Queue q, Instant now) {
    var settings = queues.settings(q.workspaceId());
    Instant last = lastSlot(q, false).orElse(null);
    return last == null ? QueueSlots.next(settings, now.minusSeconds(1)) : QueueSlots.next(settings, last);
  }

  /**
   * If this queue's next slot has come, starts its oldest queued post and returns its id. Call in
   * a transaction; the queue's state row is locked, so two nodes never fill one slot twice.
   */
  Optional<String> startIfDue(Queue q, Instant now) {
    var settings = queues.settings(q.workspaceId());
    jdbc.sql("INSERT INTO queue_state (workspace_id, sandbox, last_slot_at) VALUES (?, ?, '-infinity') ON CONFLICT DO NOTHING")
        .params(q.workspaceId(), q.sandbox()).update();
    Instant last = lastSlot(q, true).orElse(null);
    Instant slot = last == null ? QueueSlots.latestAtOrBefore(settings, now) : QueueSlots.next(settings, last);
    if (slot == null || slot.isAfter(now)) {
      return Optional.empty();
    }
    if (last == null && slot.isBefore(now.minusSeconds(60))) {
      // A queue's first post waits for the first slot from now on, not one long gone.
      return Optional.empty();
    }
    Instant used = QueueSlots.latestAtOrBefore(settings, now);
    var started = jdbc.sql(
            """
            UPDATE posts SET status = 'publishing', queue_status = NULL, scheduled_for = :slot, publish_started_at = :now,
              updated_at = :now
            WHERE id = (SELECT id FROM posts WHERE workspace_id = :ws AND sandbox = :sandbox AND queue_status = 'queued'
                        AND status = 'draft' ORDER BY queued_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id""")
        .param("slot", Timestamp.from(slot)).param("now", Timestamp.from(now))
        .param("ws", q.workspaceId()).param("sandbox", q.sandbox())
        .query(String.class).optional();
    jdbc.sql("UPDATE queue_state SET last_slot_at = ? WHERE workspace_id = ? AND sandbox = ?")
        .params(Timestamp.from(used == null ? slot : used), q.workspaceId(), q.sandbox()).update();
    return started;
  }

  /**
   * The slots the queue's next posts take, as {@link #startIfDue} will hand them out: a slot that
   * is already due goes at the engine's next pass (now), and the queue then carries on from the
   * latest slot, not from the missed ones.
   */
  @Override
  public List<Instant> nextSlots(String workspaceId, boolean sandbox, int count, Instant now) {
    if (count <= 0) {
      return List.of();
    }
    var settings = queues.settings(workspaceId);
    Instant last = lastSlot(new Queue(workspaceId, sandbox), false).orElse(null);
    var out = new java.util.ArrayList<Instant>(Math.min(count, 1024));
    Instant after;
    Instant due = last == null ? QueueSlots.latestAtOrBefore(settings, now) : QueueSlots.next(settings, last);
    boolean dueNow = due != null && !due.isAfter(now) && (last != null || !due.isBefore(now.minusSeconds(60)));
    if (dueNow) {
      out.add(now);
      Instant latest = QueueSlots.latestAtOrBefore(settings, now);
      after = latest == null ? now : latest;
    } else {
      after = last == null ? now : last;
    }
    out.addAll(QueueSlots.following(settings, after, count - out.size()));
    return out;
  }

  private Optional<Instant> lastSlot(Queue q, boolean lock) {
    return jdbc.sql("SELECT last_slot_at FROM queue_state WHERE workspace_id = ? AND sandbox = ? AND last_slot_at > '-infinity'"
            + (lock ? " FOR UPDATE" : ""))
        .params(q.workspaceId(), q.sandbox())
        .query(Timestamp.class).optional().map(Timestamp::toInstant);
  }
}

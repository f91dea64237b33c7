package ink.octopost.webhooks;

import static ink.octopost.webhooks.WebhookRepository.instant;
import static ink.octopost.webhooks.WebhookRepository.ts;

import ink.octopost.shared.Cursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of deliveries: fan-out from the outbox, claims, results. Every result is fenced on the
 * claim (status delivering, this owner), so a node whose lease ran out cannot overwrite a retry.
 */
@Repository
class DeliveryStore {

  /** Serializes claims across nodes, so the per-endpoint limit holds exactly. Held for milliseconds. */
  private static final long CLAIM_LOCK = 0x6f63746f_77686b73L; // "octowhks"

  private final JdbcClient jdbc;

  DeliveryStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Turns the next events into deliveries, one per subscribed active endpoint of the same
   * workspace and mode. Reads only events whose transaction is older than every transaction still
   * running, so nothing below the cursor can appear later. Returns how many events it read; call
   * inside a transaction.
   */
  int fanOut(int batch, Instant now) {
    var position = jdbc.sql("SELECT tx::text, seq, pg_snapshot_xmin(pg_current_snapshot())::text FROM webhook_fanout"
            + " WHERE id = 1 FOR UPDATE SKIP LOCKED")
        .query((rs, n) -> new String[] {rs.getString(1), Long.toString(rs.getLong(2)), rs.getString(3)})
        .optional();
    if (position.isEmpty()) {
      return 0; // another node is fanning out right now
    }
    String tx = position.get()[0];
    long seq = Long.parseLong(position.get()[1]);
    String horizon = position.get()[2];
    var events = jdbc.sql(
            """
            SELECT id, tx::text AS tx, seq FROM events
            WHERE (tx, seq) > (CAST(:tx AS xid8), :seq) AND tx < CAST(:horizon AS xid8)
            ORDER BY tx, seq LIMIT :batch""")
        .param("tx", tx).param("seq", seq).param("horizon", horizon).param("batch", batch)
        .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), Long.toString(rs.getLong(3))})
        .list();
    if (!events.isEmpty()) {
      jdbc.sql(
              """
              INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, status, next_attempt_at, created_at, updated_at)
              SELECT octopost_id('msg'), w.id, e.id, e.type, 'pending', :now, :now, :now
              FROM events e JOIN webhooks w ON w.workspace_id = e.workspace_id AND w.sandbox = e.sandbox AND w.is_active
                AND e.type = ANY(w.events) AND w.created_at <= e.created_at
              WHERE e.id = ANY(:ids)
              ORDER BY e.seq
              ON CONFLICT (webhook_id, event_id) DO NOTHING""")
          .param("now", ts(now))
          .param("ids", events.stream().map(e -> e[0]).toArray(String[]::new))
          .update();
    }
    if (events.size() == batch) {
      var last = events.getLast();
      jdbc.sql("UPDATE webhook_fanout SET tx = CAST(? AS xid8), seq = ? WHERE id = 1")
          .params(last[1], Long.parseLong(last[2])).update();
    } else if (!horizon.equals(tx) || seq != 0) {
      jdbc.sql("UPDATE webhook_fanout SET tx = CAST(? AS xid8), seq = 0 WHERE id = 1").param(horizon).update();
    }
    return events.size();
  }

  /** A delivery this node now holds, with everything needed to send it. */
  record Claimed(
      String id, String webhookId, String url, String body, int attempts, Instant firstAttemptAt,
      byte[] secret, byte[] previousSecret, Instant previousExpiresAt) {}

  /**
   * Claims up to {@code limit} due deliveries of active endpoints, no endpoint getting more than
   * {@code perEndpoint} in flight (counting every node's). Call inside a transaction.
   */
  List<Claimed> claim(Instant now, int limit, int perEndpoint, String owner, Duration lease) {
    jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(CLAIM_LOCK).query().singleValue();
    List<String> ids = jdbc.sql(
            """
            WITH room AS (
              SELECT w.id, :per - (SELECT count(*) FROM webhook_deliveries b
                                   WHERE b.webhook_id = w.id AND b.status = 'delivering') AS room
              FROM webhooks w
              WHERE w.is_active AND EXISTS (SELECT 1 FROM webhook_deliveries x
                WHERE x.webhook_id = w.id AND x.status = 'pending' AND x.next_attempt_at <= :now)
            ), ranked AS (
              SELECT d.id, d.next_attempt_at, r.room,
                row_number() OVER (PARTITION BY r.id ORDER BY d.next_attempt_at, d.created_at) AS n
              FROM room r CROSS JOIN LATERAL (
                SELECT p.id, p.next_attempt_at, p.created_at FROM webhook_deliveries p
                WHERE p.webhook_id = r.id AND p.status = 'pending' AND p.next_attempt_at <= :now
                ORDER BY p.next_attempt_at, p.created_at LIMIT :per) d
              WHERE r.room > 0
            )
            SELECT id FROM ranked WHERE n <= room
            ORDER BY next_attempt_at LIMIT :limit""")
        .param("now", ts(now)).param("per", perEndpoint).param("limit", limit)
        .query(String.class)
        .list();
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            """
            WITH c AS (
              UPDATE webhook_deliveries SET status = 'delivering', attempts = attempts + 1, lease_until = :lease,
                lease_owner = :owner, first_attempt_at = coalesce(first_attempt_at, :now), last_attempt_at = :now,
                updated_at = :now
              WHERE id = ANY(:ids) AND status = 'pending'
              RETURNING id, webhook_id, event_id, body, attempts, first_attempt_at)
            SELECT c.id, c.webhook_id, w.url, coalesce(c.body, e.payload::text) AS body, c.attempts, c.first_attempt_at,
              w.secret_sealed, w.previous_secret_sealed, w.previous_expires_at
            FROM c JOIN webhooks w ON w.id = c.webhook_id LEFT JOIN events e ON e.id = c.event_id""")
        .param("lease", ts(now.plus(lease))).param("owner", owner).param("now", ts(now))
        .param("ids", ids.toArray(String[]::new))
        .query((rs, n) -> new Claimed(rs.getString("id"), rs.getString("webhook_id"), rs.getString("url"),
            rs.getString("body"), rs.getInt("attempts"), rs.getTimestamp("first_attempt_at").toInstant(),
            rs.getBytes("secret_sealed"), rs.getBytes("previous_secret_sealed"),
            instant(rs.getTimestamp("previous_expires_at"))))
        .list();
  }

  /** The outcome of one attempt. */
  record Attempt(Integer status, String responseBody, Integer latencyMs, String error) {}

  private static final String HELD = " WHERE id = :id AND status = 'delivering' AND lease_owner = :owner";

  /** One answered 2xx, waiting to be written with others. */
  record Success(String id, String webhookId, Attempt attempt, Instant at) {}

  /** Records many successes at once (one statement); ends the failure streak of their endpoints. */
  void deliveredAll(List<Success> done, String owner) {
    jdbc.sql(
            """
            UPDATE webhook_deliveries d SET status = 'delivered', delivered_at = to_timestamp(v.at / 1e6),
              next_attempt_at = NULL, response_status = v.status, response_body = v.body, latency_ms = v.latency,
              error = NULL, lease_until = NULL, lease_owner = NULL, updated_at = to_timestamp(v.at / 1e6)
            FROM unnest(CAST(:ids AS text[]), CAST(:statuses AS int[]), CAST(:bodies AS text[]),
              CAST(:latencies AS int[]), CAST(:ats AS bigint[])) AS v(id, status, body, latency, at)
            WHERE d.id = v.id AND d.status = 'delivering' AND d.lease_owner = :owner""")
        .param("ids", done.stream().map(Success::id).toArray(String[]::new))
        .param("statuses", done.stream().map(x -> x.attempt().status()).toArray(Integer[]::new))
        .param("bodies", done.stream().map(x -> x.attempt().responseBody()).toArray(String[]::new))
        .param("latencies", done.stream().map(x -> x.attempt().latencyMs()).toArray(Integer[]::new))
        .param("ats", done.stream().map(x -> java.time.temporal.ChronoUnit.MICROS.between(Instant.EPOCH, x.at()))
            .toArray(Long[]::new))
        .param("owner", owner)
        .update();
    jdbc.sql("UPDATE webhooks SET failing_since = NULL WHERE id = ANY(?) AND failing_since IS NOT NULL")
        .param(done.stream().map(Success::webhookId).distinct().toArray(String[]::new))
        .update();
  }

  /** A failed attempt: pending again at {@code retryAt}, or failed for good when it is null. */
  boolean attemptFailed(String id, String owner, Attempt a, Instant retryAt, Instant now) {
    return jdbc.sql("UPDATE webhook_deliveries SET status = :next, next_attempt_at = :at,"
                + " response_status = :status, response_body = :body, latency_ms = :latency, error = :error,"
                + " lease_until = NULL, lease_owner = NULL, updated_at = :now" + HELD)
        .param("next", retryAt == null ? "failed" : "pending").param("at", ts(retryAt))
        .param("status", a.status()).param("body", a.responseBody()).param("latency", a.latencyMs())
        .param("error", a.error()).param("now", ts(now)).param("id", id).param("owner", owner)
        .update() == 1;
  }

  /** Gives claimed deliveries back untouched (nothing was sent). */
  void release(List<String> ids, String owner, Instant now) {
    jdbc.sql("UPDATE webhook_deliveries SET status = 'pending', attempts = attempts - 1, next_attempt_at = ?,"
            + " lease_until = NULL, lease_owner = NULL WHERE id = ANY(?) AND status = 'delivering' AND lease_owner = ?")
        .params(ts(now), ids.toArray(String[]::new), owner)
        .update();
  }

  /** Deliveries whose node stopped answering go back to pending, due now (at-least-once). */
  int reapExpired(Instant now) {
    return jdbc.sql("UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ?, lease_until = NULL,"
            + " lease_owner = NULL, error = 'the node delivering this stopped answering', updated_at = ?"
            + " WHERE id IN (SELECT id FROM webhook_deliveries WHERE status = 'delivering' AND lease_until < ?"
            + " LIMIT 500 FOR UPDATE SKIP LOCKED)")
        .params(ts(now), ts(now), ts(now))
        .update();
  }

  /** Starts the endpoint's failure streak if none; disables it once the streak is {@code disableAfter} old. */
  boolean endpointFailed(String webhookId, Instant now, Duration disableAfter) {
    jdbc.sql("UPDATE webhooks SET failing_since = ? WHERE id = ? AND failing_since IS NULL").params(ts(now), webhookId).update();
    return jdbc.sql("UPDATE webhooks SET is_active = false, disabled_reason = ?, updated_at = ?"
                + " WHERE id = ? AND is_active AND failing_since <= ?")
        .params("every delivery failed for " + disableAfter.toDays() + " days", ts(now), webhookId, ts(now.minus(disableAfter)))
        .update() == 1;
  }

  boolean disable(String webhookId, String reason, Instant now) {
    return jdbc.sql("UPDATE webhooks SET is_active = false, disabled_reason = ?, updated_at = ? WHERE id = ? AND is_active")
        .params(reason, ts(now), webhookId).update() == 1;
  }

  /** The earliest pending delivery (possibly of a disabled endpoint), or null. */
  Instant nextDue() {
    return jdbc.sql("SELECT min(next_attempt_at) FROM webhook_deliveries WHERE status = 'pending'")
        .query((rs, n) -> instant(rs.getTimestamp(1)))
        .single();
  }

  /**
   * Deletes up to {@code batch} finished deliveries (delivered or failed) created and last
   * touched before {@code cutoff}, oldest first; returns how many. Rows another node is deleting,
   * or a redelivery is holding, are skipped rather than waited for, so any number of nodes can
   * prune at once.
   */
  int prune(Instant cutoff, int batch) {
    return jdbc.sql(
            """
            DELETE FROM webhook_deliveries WHERE id IN (
              SELECT id FROM webhook_deliveries
              WHERE status IN ('delivered', 'failed') AND created_at < :cutoff AND updated_at < :cutoff
              ORDER BY created_at LIMIT :batch FOR UPDATE SKIP LOCKED)""")
        .param("cutoff", ts(cutoff)).param("batch", batch)
        .update();
  }

  /** Endpoints by state across the cluster, and the deliveries waiting. */
  record Counts(long active, long failing, long disabled, long pending) {}

  Counts counts() {
    return jdbc.sql(
            """
            SELECT count(*) FILTER (WHERE is_active AND failing_since IS NULL),
              count(*) FILTER (WHERE is_active AND failing_since IS NOT NULL),
              count(*) FILTER (WHERE NOT is_active),
              (SELECT count(*) FROM webhook_deliveries WHERE status = 'pending')
            FROM webhooks""")
        .query((rs, n) -> new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
        .single();
  }

  void insertTest(String id, String webhookId, String body, Instant now) {
    jdbc.sql("INSERT INTO webhook_deliveries (id, webhook_id, event_type, body, status, next_attempt_at, created_at, updated_at)"
            + " VALUES (?, ?, 'webhook.test', ?, 'pending', ?, ?, ?)")
        .params(id, webhookId, body, ts(now), ts(now), ts(now))
        .update();
  }

  /** Sends a delivery again, with the same webhook-id, and a fresh retry window. */
  boolean redeliver(String id, Instant now) {
    return jdbc.sql("UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ?, first_attempt_at = NULL,"
            + " delivered_at = NULL, updated_at = ? WHERE id = ? AND status IN ('delivered', 'failed', 'pending')")
        .params(ts(now), ts(now), id).update() == 1;
  }

  /** A delivery as the log shows it. */
  record Delivery(
      String id, String webhookId, String eventId, String eventType, String status, int attempts,
      Integer responseStatus, String responseBody, Integer latencyMs, String error, Instant nextAttemptAt,
      Instant lastAttemptAt, Instant deliveredAt, Instant createdAt) {}

  Optional<Delivery> find(String webhookId, String id) {
    return jdbc.sql("SELECT * FROM webhook_deliveries WHERE webhook_id = ? AND id = ?").params(webhookId, id)
        .query(DeliveryStore::delivery).optional();
  }

  List<Delivery> page(String webhookId, Cursor after, int limit) {
    return jdbc.sql(
            "SELECT * FROM webhook_deliveries WHERE webhook_id = :wh"
                + " AND (CAST(:afterAt AS timestamptz) IS NULL OR (created_at, id) < (:afterAt, :afterId))"
                + " ORDER BY created_at DESC, id DESC LIMIT :limit")
        .param("wh", webhookId)
        .param("afterAt", after == null ? null : ts(after.at()))
        .param("afterId", after == null ? "" : after.id())
        .param("limit", limit)
        .query(DeliveryStore::delivery)
        .list();
  }

  private static Delivery delivery(ResultSet rs, int n) throws SQLException {
    return new Delivery(rs.getString("id"), rs.getString("webhook_id"), rs.getString("event_id"),
        rs.getString("event_type"), rs.getString("status"), rs.getInt("attempts"),
        (Integer) rs.getObject("response_status"), rs.getString("response_body"), (Integer) rs.getObject("latency_ms"),
        rs.getString("error"), instant(rs.getTimestamp("next_attempt_at")), instant(rs.getTimestamp("last_attempt_at")),
        instant(rs.getTimestamp("delivered_at")), rs.getTimestamp("created_at").toInstant());
  }
}

package ink.octopost.webhooks;

import ink.octopost.shared.Cursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class WebhookRepository {

  private final JdbcClient jdbc;

  WebhookRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(Webhook w, byte[] secretSealed) {
    jdbc.sql(
            """
            INSERT INTO webhooks (id, workspace_id, sandbox, url, events, description, is_active, secret_sealed,
              created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(w.id(), w.workspaceId(), w.sandbox(), w.url(), w.events().toArray(String[]::new), w.description(),
            w.active(), secretSealed, ts(w.createdAt()), ts(w.updatedAt()))
        .update();
  }

  /** Saves url, events, description and activity; re-enabling forgets the failure streak. */
  void update(Webhook w) {
    jdbc.sql(
            """
            UPDATE webhooks SET url = ?, events = ?, description = ?, is_active = ?,
              disabled_reason = CASE WHEN ? THEN NULL ELSE disabled_reason END,
              failing_since = CASE WHEN ? AND NOT is_active THEN NULL ELSE failing_since END,
              updated_at = ? WHERE id = ?""")
        .params(w.url(), w.events().toArray(String[]::new), w.description(), w.active(), w.active(), w.active(),
            ts(w.updatedAt()), w.id())
        .update();
  }

  Optional<Webhook> find(String ws, boolean sandbox, String id) {
    return jdbc.sql("SELECT * FROM webhooks WHERE workspace_id = ? AND sandbox = ? AND id = ?")
        .params(ws, sandbox, id)
        .query(WebhookRepository::webhook)
        .optional();
  }

  List<Webhook> page(String ws, boolean sandbox, Cursor after, int limit) {
    return jdbc.sql(
            "SELECT * FROM webhooks WHERE workspace_id = :ws AND sandbox = :sandbox"
                + " AND (CAST(:afterAt AS timestamptz) IS NULL OR (created_at, id) < (:afterAt, :afterId))"
                + " ORDER BY created_at DESC, id DESC LIMIT :limit")
        .param("ws", ws)
        .param("sandbox", sandbox)
        .param("afterAt", after == null ? null : ts(after.at()))
        .param("afterId", after == null ? "" : after.id())
        .param("limit", limit)
        .query(WebhookRepository::webhook)
        .list();
  }

  void delete(String id) {
    jdbc.sql("DELETE FROM webhooks WHERE id = ?").param(id).update();
  }

  record Secrets(byte[] current, byte[] previous, Instant previousExpiresAt) {}

  Secrets secrets(String id) {
    return jdbc.sql("SELECT secret_sealed, previous_secret_sealed, previous_expires_at FROM webhooks WHERE id = ?")
        .param(id)
        .query((rs, n) -> new Secrets(rs.getBytes(1), rs.getBytes(2), instant(rs.getTimestamp(3))))
        .single();
  }

  void rotate(String id, byte[] current, byte[] previous, Instant previousExpiresAt, Instant now) {
    jdbc.sql(
            """
            UPDATE webhooks SET secret_sealed = ?, previous_secret_sealed = ?, previous_expires_at = ?, updated_at = ?
            WHERE id = ?""")
        .params(current, previous, ts(previousExpiresAt), ts(now), id)
        .update();
  }

  static Webhook webhook(ResultSet rs, int n) throws SQLException {
    return new Webhook(
        rs.getString("id"),
        rs.getString("workspace_id"),
        rs.getBoolean("sandbox"),
        rs.getString("url"),
        Arrays.asList((String[]) rs.getArray("events").getArray()),
        rs.getString("description"),
        rs.getBoolean("is_active"),
        rs.getString("disabled_reason"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }

  static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}

package ink.octopost.accounts;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Pending connections (a login that granted several accounts) and their candidates. */
@Repository
class PendingRepository {

  private static final String COLUMNS =
      "id, workspace_id, sandbox, platform, instance_url, form_token_sealed, created_at, expires_at, used_at";

  private final JdbcClient jdbc;

  PendingRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A pending connection without its candidates. {@code instanceUrl} is null for a network with one host. */
  record Row(String id, String workspaceId, boolean sandbox, String platform, String instanceUrl, byte[] formTokenSealed,
      Instant createdAt, Instant expiresAt, Instant usedAt) {}

  /** A candidate as stored: what the user sees, and its secrets sealed. */
  record Candidate(String platformUserId, String username, String displayName, String avatarUrl,
      boolean alreadyConnected, byte[] secretsSealed) {}

  void insert(Row p, String userId, byte[] pageTokenHash, List<Candidate> candidates) {
    jdbc.sql(
            """
            INSERT INTO pending_connections (id, workspace_id, user_id, sandbox, platform, instance_url, page_token_hash,
              form_token_sealed, created_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(p.id(), p.workspaceId(), userId, p.sandbox(), p.platform(), p.instanceUrl() == null ? "" : p.instanceUrl(),
            pageTokenHash, p.formTokenSealed(), ts(p.createdAt()), ts(p.expiresAt()))
        .update();
    int position = 0;
    for (var c : candidates) {
      jdbc.sql(
              """
              INSERT INTO pending_candidates (pending_id, position, platform_user_id, username, display_name, avatar_url,
                already_connected, secrets_sealed)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
          .params(p.id(), position++, c.platformUserId(), c.username(), c.displayName(), c.avatarUrl(),
              c.alreadyConnected(), c.secretsSealed())
          .update();
    }
  }

  Optional<Row> find(String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM pending_connections WHERE id = ?").param(id).query(this::row).optional();
  }

  /** The workspace's pending connections still open, newest first. */
  List<Row> open(String ws, boolean sandbox, Instant now, int limit) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM pending_connections WHERE workspace_id = ? AND sandbox = ?"
            + " AND used_at IS NULL AND expires_at > ? ORDER BY created_at DESC, id DESC LIMIT ?")
        .params(ws, sandbox, Timestamp.from(now), limit)
        .query(this::row)
        .list();
  }

  /** The pending connection whose page token hashes to this, if its id matches too. */
  Optional<Row> findByPageToken(String id, byte[] pageTokenHash) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM pending_connections WHERE id = ? AND page_token_hash = ?")
        .params(id, pageTokenHash)
        .query(this::row)
        .optional();
  }

  List<Candidate> candidates(String pendingId) {
    return jdbc.sql(
            """
            SELECT platform_user_id, username, display_name, avatar_url, already_connected, secrets_sealed
            FROM pending_candidates WHERE pending_id = ? ORDER BY position""")
        .param(pendingId)
        .query((rs, n) -> new Candidate(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getBoolean(5), rs.getBytes(6)))
        .list();
  }

  /**
   * Marks the pending connection used if it is unused and unexpired, and destroys every
   * candidate's sealed secrets; the candidates come back with their secrets, read before. One
   * statement takes the row, so of two choices racing for it exactly one wins (empty for the other).
   */
  Optional<List<Candidate>> consume(String id, Instant now) {
    int taken = jdbc.sql("UPDATE pending_connections SET used_at = ? WHERE id = ? AND used_at IS NULL AND expires_at > ?")
        .params(ts(now), id, ts(now))
        .update();
    if (taken == 0) {
      return Optional.empty();
    }
    var candidates = candidates(id);
    jdbc.sql("UPDATE pending_candidates SET secrets_sealed = NULL WHERE pending_id = ?").param(id).update();
    return Optional.of(candidates);
  }

  /**
   * Destroys the secrets of expired pending connections and forgets those long gone (kept a while
   * so that a late choice hears "expired" rather than "unknown").
   */
  void prune(Instant now, Instant forgetBefore) {
    jdbc.sql(
            """
            UPDATE pending_candidates SET secrets_sealed = NULL
            WHERE secrets_sealed IS NOT NULL
              AND pending_id IN (SELECT id FROM pending_connections WHERE expires_at <= ?)""")
        .param(ts(now))
        .update();
    jdbc.sql("DELETE FROM pending_connections WHERE expires_at < ?").param(ts(forgetBefore)).update();
  }

  /** Of these network identities, those the workspace has connected (not disconnected). */
  Set<String> connected(String ws, boolean sandbox, String platform, String instanceUrl, Collection<String> platformUserIds) {
    return new HashSet<>(jdbc.sql(
            """
            SELECT platform_user_id FROM accounts
            WHERE workspace_id = ? AND sandbox = ? AND platform = ? AND instance_url = ? AND platform_user_id = ANY(?)
              AND status <> 'disconnected'""")
        .params(ws, sandbox, platform, instanceUrl == null ? "" : instanceUrl, platformUserIds.toArray(String[]::new))
        .query(String.class)
        .list());
  }

  private Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    return new Row(rs.getString("id"), rs.getString("workspace_id"), rs.getBoolean("sandbox"), rs.getString("platform"),
        rs.getString("instance_url").isEmpty() ? null : rs.getString("instance_url"), rs.getBytes("form_token_sealed"),
        rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("expires_at").toInstant(),
        rs.getTimestamp("used_at") == null ? null : rs.getTimestamp("used_at").toInstant());
  }

  private static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }
}

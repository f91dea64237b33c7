package ink.octopost.media;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of resumable uploads. Every write that follows a PATCH is fenced on the PATCH's lease
 * token, so a request whose lease ran out (its node stalled) can never move the offset under a
 * newer request.
 */
@Repository
class UploadRepository {

  /** One upload as stored. */
  record Upload(
      String id, String workspaceId, long length, long offset, String metadata, String filename, String altText,
      List<String> parts, String lockToken, Instant lockedUntil, String mediaId, String error, Instant completedAt,
      Instant expiresAt, Instant createdAt) {

    boolean completed() {
      return completedAt != null;
    }

    boolean expired(Instant now) {
      return completedAt == null && !now.isBefore(expiresAt);
    }

    boolean locked(Instant now) {
      return lockToken != null && lockedUntil != null && now.isBefore(lockedUntil);
    }
  }

  /** What a PATCH holds: the part number it writes and the upload as it was when the lease was taken. */
  record Lease(String token, int part, Upload upload) {}

  private static final String COLUMNS =
      "id, workspace_id, length, upload_offset, metadata, filename, alt_text, parts, lock_token, locked_until,"
          + " media_id, error, completed_at, expires_at, created_at";

  private final JdbcClient jdbc;

  UploadRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Serializes creations in one workspace (for the cap on unfinished uploads); held until the
   * transaction ends.
   */
  void lockWorkspace(String workspaceId) {
    jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended('octopost.uploads:' || ?, 0))")
        .param(workspaceId)
        .query((rs, n) -> 1)
        .single();
  }

  int countUnfinished(String workspaceId, Instant now) {
    return jdbc.sql("SELECT count(*) FROM media_uploads WHERE workspace_id = ? AND completed_at IS NULL AND expires_at > ?")
        .params(workspaceId, ts(now))
        .query(Integer.class)
        .single();
  }

  void insert(Upload u) {
    jdbc.sql(
            """
            INSERT INTO media_uploads (id, workspace_id, length, metadata, filename, alt_text, expires_at, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(u.id(), u.workspaceId(), u.length(), u.metadata(), u.filename(), u.altText(), ts(u.expiresAt()),
            ts(u.createdAt()), ts(u.createdAt()))
        .update();
  }

  Optional<Upload> find(String workspaceId, String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM media_uploads WHERE id = ? AND workspace_id = ?")
        .params(id, workspaceId)
        .query(UploadRepository::map)
        .optional();
  }

  /**
   * Takes the upload for one request, unless another holds it; each lease gets a fresh part
   * number, so two requests never write the same store key.
   */
  Optional<Lease> acquire(String workspaceId, String id, String token, Instant now, Instant until) {
    return jdbc.sql(
            "UPDATE media_uploads SET lock_token = ?, locked_until = ?, next_part = next_part + 1"
                + " WHERE id = ? AND workspace_id = ? AND (lock_token IS NULL OR locked_until <= ?)"
                + " RETURNING next_part - 1 AS part, " + COLUMNS)
        .params(token, ts(until), id, workspaceId, ts(now))
        .query((rs, n) -> new Lease(token, rs.getInt("part"), map(rs, n)))
        .optional();
  }

  /** Extends a lease; false when it is no longer this request's. */
  boolean renew(String id, String token, Instant until) {
    return jdbc.sql("UPDATE media_uploads SET locked_until = ? WHERE id = ? AND lock_token = ?")
            .params(ts(until), id, token)
            .update()
        == 1;
  }

  void release(String id, String token) {
    jdbc.sql("UPDATE media_uploads SET lock_token = NULL, locked_until = NULL WHERE id = ? AND lock_token = ?")
        .params(id, token)
        .update();
  }

  /**
   * Records a part received at {@code fromOffset}; the lease is kept when {@code keepLease} (the
   * upload is complete and the caller goes on to hand it to the library). Empty when the lease
   * was lost.
   */
  Optional<Long> appendPart(String id, String token, long fromOffset, String key, long size, boolean keepLease, Instant now) {
    return jdbc.sql(
            "UPDATE media_uploads SET upload_offset = upload_offset + ?, parts = array_append(parts, ?), updated_at = ?,"
                + " lock_token = CASE WHEN ? THEN lock_token END, locked_until = CASE WHEN ? THEN locked_until END"
                + " WHERE id = ? AND lock_token = ? AND upload_offset = ? RETURNING upload_offset")
        .params(size, key, ts(now), keepLease, keepLease, id, token, fromOffset)
        .query(Long.class)
        .optional();
  }

  /** The upload became a library object (or was refused by the library: {@code error}); its parts are gone. */
  void complete(String id, String token, String mediaId, String error, Instant now) {
    jdbc.sql(
            "UPDATE media_uploads SET media_id = ?, error = ?, completed_at = ?, updated_at = ?, parts = '{}',"
                + " lock_token = NULL, locked_until = NULL WHERE id = ? AND lock_token = ?")
        .params(mediaId, error, ts(now), ts(now), id, token)
        .update();
  }

  boolean delete(String id, String token) {
    return jdbc.sql("DELETE FROM media_uploads WHERE id = ? AND lock_token = ?").params(id, token).update() == 1;
  }

  // --- garbage collection ---

  /**
   * Unfinished uploads past their expiry and finished ones past it too (their parts are already
   * gone), that no request holds; locked so that one node collects each. Call in a transaction.
   */
  List<Upload> lockExpired(Instant now, int limit) {
    return jdbc.sql(
            "SELECT " + COLUMNS + " FROM media_uploads WHERE expires_at <= ? AND (lock_token IS NULL OR locked_until <= ?)"
                + " ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED")
        .params(ts(now), ts(now), limit)
        .query(UploadRepository::map)
        .list();
  }

  void deleteAll(List<String> ids) {
    jdbc.sql("DELETE FROM media_uploads WHERE id = ANY(?)").param(ids.toArray(String[]::new)).update();
  }

  private static Upload map(ResultSet rs, int n) throws SQLException {
    var parts = rs.getArray("parts");
    return new Upload(
        rs.getString("id"),
        rs.getString("workspace_id"),
        rs.getLong("length"),
        rs.getLong("upload_offset"),
        rs.getString("metadata"),
        rs.getString("filename"),
        rs.getString("alt_text"),
        parts == null ? List.of() : Arrays.asList((String[]) parts.getArray()),
        rs.getString("lock_token"),
        instant(rs, "locked_until"),
        rs.getString("media_id"),
        rs.getString("error"),
        instant(rs, "completed_at"),
        instant(rs, "expires_at"),
        instant(rs, "created_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }
}

package ink.octopost.media;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of media garbage collection. Every method runs inside the collector's transaction, which
 * holds the sweep's advisory lock and the row locks of what it collects.
 */
@Repository
class CollectorRepository {

  /** "octomdgc": one node sweeps at a time; the others skip their turn. */
  private static final long SWEEP_LOCK = 0x6f63746f_6d646763L;

  /** A media object about to be collected, with every store key it owns (the original and its variants). */
  record Doomed(String id, String status, long bytes, List<String> keys) {}

  private final JdbcClient jdbc;

  CollectorRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** False when another node is sweeping right now. */
  boolean trySweepLock() {
    return Boolean.TRUE.equals(jdbc.sql("SELECT pg_try_advisory_xact_lock(?)").param(SWEEP_LOCK).query(Boolean.class).single());
  }

  /**
   * Locks media no post uses that is due: ready and unused since {@code unusedBefore}, or failed
   * and created before {@code failedBefore} (or still processing then: its node died mid-ingest). Rows another transaction holds (a post taking the
   * media into use) are skipped. Then looks again, under the locks, for a post that started using
   * one of them meanwhile, and leaves those out.
   */
  List<Doomed> lockCollectable(Instant unusedBefore, Instant failedBefore, int limit) {
    List<String> ids = jdbc.sql(
            """
            SELECT m.id FROM media m
            WHERE NOT EXISTS (SELECT 1 FROM post_media pm WHERE pm.media_id = m.id)
              AND ((m.status = 'ready' AND coalesce(m.last_used_at, m.created_at) < :unused)
                OR (m.status IN ('failed', 'processing') AND m.created_at < :failed))
            ORDER BY coalesce(m.last_used_at, m.created_at)
            LIMIT :limit
            FOR UPDATE OF m SKIP LOCKED""")
        .param("unused", UploadRepository.ts(unusedBefore))
        .param("failed", UploadRepository.ts(failedBefore))
        .param("limit", limit)
        .query(String.class)
        .list();
    if (ids.isEmpty()) {
      return List.of();
    }
    String[] locked = ids.toArray(String[]::new);
    var inUse = jdbc.sql("SELECT DISTINCT media_id FROM post_media WHERE media_id = ANY(?)").param(locked).query(String.class).set();
    String[] free = ids.stream().filter(id -> !inUse.contains(id)).toArray(String[]::new);
    if (free.length == 0) {
      return List.of();
    }
    return jdbc.sql(
            """
            SELECT m.id, m.status,
                   coalesce(m.size_bytes, 0) + coalesce((SELECT sum(v.size_bytes) FROM media_variants v WHERE v.media_id = m.id), 0) AS bytes,
                   array_remove(array_prepend(m.storage_key,
                       coalesce((SELECT array_agg(v.storage_key) FROM media_variants v WHERE v.media_id = m.id), '{}')), NULL) AS keys
            FROM media m WHERE m.id = ANY(?)""")
        .param(free)
        .query((rs, n) -> new Doomed(rs.getString("id"), rs.getString("status"), rs.getLong("bytes"),
            List.of((String[]) rs.getArray("keys").getArray())))
        .list();
  }

  void deleteMedia(List<String> ids) {
    jdbc.sql("DELETE FROM media WHERE id = ANY(?)").param(ids.toArray(String[]::new)).update();
  }
}

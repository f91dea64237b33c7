package ink.octopost.media;

import ink.octopost.shared.Cursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code media}, {@code media_variants} and {@code post_media} tables. */
@Repository
class MediaRepository {

  private final JdbcClient jdbc;

  MediaRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Inserts a ready object; false when the workspace already has one with these bytes. */
  boolean insertReady(MediaItem m) {
    return jdbc.sql(
            """
            INSERT INTO media (id, workspace_id, status, type, mime_type, size_bytes, width, height, duration_seconds,
              frame_rate, video_codec, audio_codec, sha256, alt_text, filename, source_url, storage_key, created_at,
              updated_at)
            VALUES (?, ?, 'ready', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (workspace_id, sha256) WHERE status = 'ready' DO NOTHING""")
        .params(m.id(), m.workspaceId(), m.type(), m.mimeType(), m.sizeBytes(), m.width(), m.height(),
            m.durationSeconds(), m.frameRate(), m.videoCodec(), m.audioCodec(), m.sha256(), m.altText(), m.filename(),
            m.sourceUrl(), m.storageKey(), Timestamp.from(m.createdAt()), Timestamp.from(m.updatedAt()))
        .update() == 1;
  }

  /** A {@code processing} row for a URL a post named, imported in the background. */
  void insertProcessing(String id, String workspaceId, String url, String altText, String filename, Instant now) {
    jdbc.sql(
            """
            INSERT INTO media (id, workspace_id, status, alt_text, filename, source_url, created_at, updated_at)
            VALUES (?, ?, 'processing', ?, ?, ?, ?, ?)""")
        .params(id, workspaceId, altText, filename, url, Timestamp.from(now), Timestamp.from(now))
        .update();
  }

  /** Fills a processing row with what the import found; false when the workspace already has these bytes. */
  boolean complete(MediaItem m) {
    return jdbc.sql(
            """
            UPDATE media SET status = 'ready', error = NULL, type = ?, mime_type = ?, size_bytes = ?, width = ?, height = ?,
              duration_seconds = ?, frame_rate = ?, video_codec = ?, audio_codec = ?, sha256 = ?, storage_key = ?,
              updated_at = ?
            WHERE id = ? AND status = 'processing'
              AND NOT EXISTS (SELECT 1 FROM media o WHERE o.workspace_id = ? AND o.sha256 = ? AND o.status = 'ready')""")
        .params(m.type(), m.mimeType(), m.sizeBytes(), m.width(), m.height(), m.durationSeconds(), m.frameRate(),
            m.videoCodec(), m.audioCodec(), m.sha256(), m.storageKey(), Timestamp.from(m.updatedAt()), m.id(),
            m.workspaceId(), m.sha256())
        .update() == 1;
  }

  void fail(String id, String error, Instant now) {
    jdbc.sql("UPDATE media SET status = 'failed', error = ?, updated_at = ? WHERE id = ? AND status = 'processing'")
        .params(error, Timestamp.from(now), id)
        .update();
  }

  /**
   * Points every post that used {@code from} at {@code to} (an import that turned out to be bytes
   * the workspace already had), then removes {@code from}.
   */
  void merge(String workspaceId, String from, String to) {
    jdbc.sql(
            """
            INSERT INTO post_media (post_id, media_id) SELECT post_id, ? FROM post_media WHERE media_id = ?
            ON CONFLICT DO NOTHING""")
        .params(to, from)
        .update();
    // ids are random and unique, so replacing the quoted id inside the post's JSON is exact
    jdbc.sql(
            """
            UPDATE posts SET media = replace(media::text, ?, ?)::jsonb, segments = replace(segments::text, ?, ?)::jsonb,
              overrides = replace(overrides::text, ?, ?)::jsonb
            WHERE workspace_id = ? AND id IN (SELECT post_id FROM post_media WHERE media_id = ?)""")
        .params(q(from), q(to), q(from), q(to), q(from), q(to), workspaceId, from)
        .update();
    jdbc.sql("DELETE FROM media WHERE id = ?").param(from).update();
  }

  private static String q(String id) {
    return '"' + id + '"';
  }

  Optional<MediaItem> find(String workspaceId, String id) {
    return jdbc.sql("SELECT * FROM media WHERE workspace_id = ? AND id = ?")
        .params(workspaceId, id)
        .query(MediaRepository::item)
        .optional()
        .map(m -> withVariants(List.of(m)).getFirst());
  }

  Optional<MediaItem> findById(String id) {
    return jdbc.sql("SELECT * FROM media WHERE id = ?").param(id).query(MediaRepository::item).optional();
  }

  Optional<MediaItem> findReadyBySha(String workspaceId, String sha256) {
    return jdbc.sql("SELECT * FROM media WHERE workspace_id = ? AND sha256 = ? AND status = 'ready'")
        .params(workspaceId, sha256)
        .query(MediaRepository::item)
        .optional()
        .map(m -> withVariants(List.of(m)).getFirst());
  }

  List<MediaItem> findAll(String workspaceId, Collection<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql("SELECT * FROM media WHERE workspace_id = ? AND id = ANY(?)")
        .params(workspaceId, ids.toArray(String[]::new))
        .query(MediaRepository::item)
        .list();
  }

  List<MediaItem> page(String workspaceId, String type, Instant createdAfter, Cursor after, int limit) {
    var sql = new StringBuilder("SELECT * FROM media WHERE workspace_id = ?");
    var params = new ArrayList<Object>(List.of(workspaceId));
    if (type != null) {
      sql.append(" AND type = ?");
      params.add(type);
    }
    if (createdAfter != null) {
      sql.append(" AND created_at > ?");
      params.add(Timestamp.from(createdAfter));
    }
    if (after != null) {
      sql.append(" AND (created_at, id) < (?, ?)");
      params.add(Timestamp.from(after.at()));
      params.add(after.id());
    }
    sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
    params.add(limit + 1);
    return withVariants(jdbc.sql(sql.toString()).params(params).query(MediaRepository::item).list());
  }

  long bytesUsed(String workspaceId) {
    return jdbc.sql("SELECT coalesce(sum(size_bytes), 0) FROM media WHERE workspace_id = ? AND status = 'ready'")
        .param(workspaceId)
        .query(Long.class)
        .single();
  }

  void updateAltText(String id, String altText, Instant now) {
    jdbc.sql("UPDATE media SET alt_text = ?, updated_at = ? WHERE id = ?").params(altText, Timestamp.from(now), id).update();
  }

  /** The posts that use this media and are scheduled or publishing (those that stop a delete). */
  List<String> activePostsUsing(String mediaId) {
    return jdbc.sql(
            """
            SELECT p.id FROM post_media pm JOIN posts p ON p.id = pm.post_id
            WHERE pm.media_id = ? AND p.status IN ('scheduled', 'publishing') ORDER BY p.id LIMIT 20""")
        .param(mediaId)
        .query(String.class)
        .list();
  }

  /** Locks the row for a delete, so a post cannot start using it in between. */
  Optional<MediaItem> lock(String workspaceId, String id) {
    return jdbc.sql("SELECT * FROM media WHERE workspace_id = ? AND id = ? FOR UPDATE")
        .params(workspaceId, id)
        .query(MediaRepository::item)
        .optional()
        .map(m -> withVariants(List.of(m)).getFirst());
  }

  void delete(String id) {
    jdbc.sql("DELETE FROM media WHERE id = ?").param(id).update();
  }

  void use(String postId, Collection<String> mediaIds, Instant now) {
    jdbc.sql("DELETE FROM post_media WHERE post_id = ? AND NOT (media_id = ANY(?))")
        .params(postId, mediaIds.toArray(String[]::new))
        .update();
    if (mediaIds.isEmpty()) {
      return;
    }
    jdbc.sql(
            """
            INSERT INTO post_media (post_id, media_id) SELECT ?, m.id FROM media m WHERE m.id = ANY(?)
            ON CONFLICT DO NOTHING""")
        .params(postId, mediaIds.toArray(String[]::new))
        .update();
    jdbc.sql("UPDATE media SET last_used_at = ? WHERE id = ANY(?)")
        .params(Timestamp.from(now), mediaIds.toArray(String[]::new))
        .update();
  }

  Optional<MediaItem.Variant> variant(String mediaId, String variant) {
    return jdbc.sql("SELECT * FROM media_variants WHERE media_id = ? AND variant = ?")
        .params(mediaId, variant)
        .query(MediaRepository::variant)
        .optional();
  }

  /** Records a fitted variant; false when another attempt recorded it first (then use that one). */
  boolean insertVariant(String mediaId, MediaItem.Variant v, Instant now) {
    return jdbc.sql(
            """
            INSERT INTO media_variants (media_id, variant, platform, mime_type, width, height, size_bytes, storage_key,
              created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
        .params(mediaId, v.variant(), v.platform(), v.mimeType(), v.width(), v.height(), v.sizeBytes(), v.storageKey(),
            Timestamp.from(now))
        .update() == 1;
  }

  /** A processing row claimed for import, and whether the posts that use it are sandbox posts. */
  record Claimed(MediaItem row, boolean sandbox) {}

  /** Processing rows to import, leased until {@code leaseUntil} so that no other node takes them meanwhile. */
  List<Claimed> claimProcessing(int limit, Instant now, Instant leaseUntil) {
    return jdbc.sql(
            """
            UPDATE media m SET import_lease_until = ? WHERE m.id IN (
              SELECT id FROM media WHERE status = 'processing' AND (import_lease_until IS NULL OR import_lease_until < ?)
              ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED)
            RETURNING m.*, coalesce((SELECT bool_or(p.sandbox) FROM post_media pm JOIN posts p ON p.id = pm.post_id
              WHERE pm.media_id = m.id), false) AS sandbox""")
        .params(Timestamp.from(leaseUntil), Timestamp.from(now), limit)
        .query((rs, i) -> new Claimed(item(rs, i), rs.getBoolean("sandbox")))
        .list();
  }

  /** Tries a background import again after {@code at}. */
  void retryAt(String id, Instant at) {
    jdbc.sql("UPDATE media SET import_lease_until = ? WHERE id = ? AND status = 'processing'").params(Timestamp.from(at), id).update();
  }

  /** When the next processing row becomes claimable, if any. */
  Optional<Instant> nextImportDue() {
    return jdbc.sql("SELECT min(coalesce(import_lease_until, created_at)) FROM media WHERE status = 'processing'")
        .query((rs, i) -> rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant())
        .optional();
  }

  private List<MediaItem> withVariants(List<MediaItem> items) {
    if (items.isEmpty()) {
      return items;
    }
    Map<String, List<MediaItem.Variant>> byMedia = jdbc.sql(
            "SELECT * FROM media_variants WHERE media_id = ANY(?) ORDER BY variant")
        .param(items.stream().map(MediaItem::id).toArray(String[]::new))
        .query((rs, i) -> Map.entry(rs.getString("media_id"), variant(rs, i)))
        .list()
        .stream()
        .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
    return items.stream().map(m -> byMedia.containsKey(m.id()) ? m.withVariants(byMedia.get(m.id())) : m).toList();
  }

  private static MediaItem.Variant variant(ResultSet rs, int row) throws SQLException {
    return new MediaItem.Variant(rs.getString("variant"), rs.getString("platform"), rs.getString("mime_type"),
        rs.getInt("width"), rs.getInt("height"), rs.getLong("size_bytes"), rs.getString("storage_key"));
  }

  static MediaItem item(ResultSet rs, int row) throws SQLException {
    return new MediaItem(rs.getString("id"), rs.getString("workspace_id"), rs.getString("status"), rs.getString("error"),
        rs.getString("type"), rs.getString("mime_type"), (Long) rs.getObject("size_bytes"), (Integer) rs.getObject("width"),
        (Integer) rs.getObject("height"), (Double) rs.getObject("duration_seconds"), (Double) rs.getObject("frame_rate"),
        rs.getString("video_codec"), rs.getString("audio_codec"), rs.getString("sha256"), rs.getString("alt_text"),
        rs.getString("filename"), rs.getString("source_url"), rs.getString("storage_key"),
        rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(), List.of());
  }
}

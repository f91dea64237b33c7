package ink.octopost.media;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Finds the stored object behind a media id and variant, whatever the workspace (a signed link
 * already proves the caller may read it): only media that is {@code ready}, so an object still
 * being written or one that failed is never served. A variant keeps the original's file name,
 * with its own variant and extension, since fitting may change the type (HEIC to JPEG).
 */
@Component
class MediaLocator {

  private final JdbcClient jdbc;

  MediaLocator(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** @param variant null for the original; {@code sizeBytes} is -1 where the row does not know it */
  Optional<MediaLibrary.Stored> locate(String mediaId, String variant) {
    if (variant == null) {
      return jdbc.sql("""
              SELECT storage_key, mime_type, COALESCE(size_bytes, -1) AS size_bytes, filename FROM media
              WHERE id = ? AND status = 'ready' AND storage_key IS NOT NULL""")
          .params(mediaId)
          .query((rs, n) -> new MediaLibrary.Stored(rs.getString("storage_key"), rs.getString("mime_type"),
              rs.getLong("size_bytes"), rs.getString("filename")))
          .optional();
    }
    return jdbc.sql("""
            SELECT v.storage_key, v.mime_type, v.size_bytes, m.filename FROM media_variants v
            JOIN media m ON m.id = v.media_id
            WHERE v.media_id = ? AND v.variant = ? AND m.status = 'ready'""")
        .params(mediaId, variant)
        .query((rs, n) -> new MediaLibrary.Stored(rs.getString("storage_key"), rs.getString("mime_type"),
            rs.getLong("size_bytes"), variantName(rs.getString("filename"), variant, rs.getString("mime_type"))))
        .optional();
  }

  private static String variantName(String original, String variant, String mimeType) {
    if (original == null) {
      return null;
    }
    int dot = original.lastIndexOf('.');
    String stem = dot > 0 ? original.substring(0, dot) : original;
    String ext = MediaLinks.extension(mimeType);
    return stem + "-" + variant.replace(':', '-') + (ext.isEmpty() ? (dot > 0 ? original.substring(dot) : "") : ext);
  }
}

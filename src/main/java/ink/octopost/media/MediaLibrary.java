package ink.octopost.media;

import java.io.InputStream;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The media library: files stream in (upload, URL import, resumable upload), are typed from their
 * bytes, probed, deduplicated by SHA-256 within a workspace and stored once; each network gets a
 * fitted variant computed once and reused.
 */
@Service
public class MediaLibrary {

  /** What an ingest produced: a new object ({@code created}) or the workspace's existing one with the same bytes. */
  public record Ingested(MediaItem item, boolean created) {}

  /** The stored object behind a media id and variant (null: the original), for serving it. */
  public record Stored(String storageKey, String mimeType, long sizeBytes, String filename) {}

  /**
   * Streams {@code in} into the library for {@code workspaceId}. The stream is read to its end (or
   * to the size limit) and not closed.
   *
   * @param filename the name the client gave (only its last segment, sanitized, is kept), or null
   * @param declaredLength the length the client announced, or -1; a file announced over a limit
   *     is refused before a byte is read
   * @throws ink.octopost.shared.ApiException 413 naming the limit when the file or the workspace's
   *     total would be over it; 422 when the file is not supported media (with the reason)
   */
  public Ingested ingest(String workspaceId, InputStream in, String filename, String altText, long declaredLength) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** The library object, if it exists in this workspace. */
  public Optional<MediaItem> find(String workspaceId, String id) {
    throw new UnsupportedOperationException("not built yet");
  }

  /**
   * Refuses (413) a file of {@code length} bytes before it is received, when no file may be that
   * large or the workspace has no room for it.
   */
  public void checkRoom(String workspaceId, long length) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** The stored bytes behind a media id and variant (null: the original), whatever the workspace: for signed links. */
  public Optional<Stored> locate(String mediaId, String variant) {
    throw new UnsupportedOperationException("not built yet");
  }
}

package ink.octopost.media;

import java.time.Instant;
import java.util.List;

/**
 * One object of the media library, as the API shows it.
 *
 * @param type {@code image}, {@code gif} or {@code video}; null while processing
 * @param status {@code processing}, {@code ready} or {@code failed}
 * @param url a signed public link to the original (null unless ready)
 * @param variants the versions fitted to networks so far
 */
public record MediaItem(
    String id, String workspaceId, String status, String error, String type, String mimeType, Long sizeBytes,
    Integer width, Integer height, Double durationSeconds, Double frameRate, String videoCodec, String audioCodec,
    String sha256, String altText, String filename, String sourceUrl, String storageKey, Instant createdAt,
    Instant updatedAt, List<Variant> variants) {

  public MediaItem {
    variants = variants == null ? List.of() : List.copyOf(variants);
  }

  MediaItem withVariants(List<Variant> list) {
    return new MediaItem(id, workspaceId, status, error, type, mimeType, sizeBytes, width, height, durationSeconds, frameRate,
        videoCodec, audioCodec, sha256, altText, filename, sourceUrl, storageKey, createdAt, updatedAt, list);
  }

  public boolean ready() {
    return "ready".equals(status);
  }

  /** A version fitted to one network. */
  public record Variant(String variant, String platform, String mimeType, int width, int height, long sizeBytes, String storageKey) {}
}

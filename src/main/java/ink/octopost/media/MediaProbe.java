package ink.octopost.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a stored file really is: its type sniffed from the bytes, and its pixel size, duration,
 * frame rate and codecs read from its headers, without decoding pixels (so a decompression bomb is
 * refused from the size it declares).
 *
 * <p>Images have their whole structure walked (every JPEG segment up to the end-of-image marker,
 * every PNG chunk with its checksum, every GIF block, every WebP chunk) in one pass through a
 * 64 KB buffer: a truncated or damaged file is refused at upload in milliseconds and constant
 * memory. Pixels are not decoded here: a full decode would cost as much CPU as fitting and heap in
 * proportion to the pixels on every upload, and damage inside compressed data that a structural
 * walk cannot see is still caught when the image is first fitted (a decoding error is refused as
 * {@code corrupt} then).
 */
final class MediaProbe {

  /** The formats Octopost takes, for refusal messages. */
  static final String SUPPORTED = "Octopost takes JPEG, PNG, GIF, WebP, HEIC/HEIF and AVIF images and MP4, MOV and WebM videos.";

  /** How much of an image's start is searched for hidden markup (browsers sniff within the first kilobytes). */
  static final int MARKUP_SCAN = 64 * 1024;

  /**
   * @param type {@code image}, {@code gif} or {@code video}
   * @param width as shown (EXIF orientation applied)
   */
  record Probe(
      String mimeType, String type, Integer width, Integer height, Double durationSeconds, Double frameRate,
      String videoCodec, String audioCodec) {}

  private final MediaProperties properties;

  MediaProbe(MediaProperties properties) {
    this.properties = properties;
  }

  /** @throws MediaRefused for an unsupported, corrupt or oversized (in pixels) file */
  Probe probe(Path file) throws MediaRefused, IOException {
    byte[] head;
    try (var in = Files.newInputStream(file)) {
      head = in.readNBytes(MARKUP_SCAN);
    }
    if (head.length == 0) {
      throw new MediaRefused("empty", "The file is empty. " + SUPPORTED);
    }
    String mime = MediaTypes.sniff(head);
    switch (mime) {
      case "video/mp4", "video/quicktime" -> {
        return VideoProbe.mp4(file, mime);
      }
      case "video/webm" -> {
        return VideoProbe.webm(file);
      }
      case "video/x-matroska" -> throw new MediaRefused("unsupported_type",
          "Matroska (MKV) videos are not supported: networks take MP4. Remux or export the video as MP4. " + SUPPORTED);
      case "application/octet-stream", "audio/mp4" -> throw refusedType(head);
      default -> {
        // an image
      }
    }
    String markup = MediaTypes.hiddenMarkup(head, head.length);
    if (markup != null) {
      throw new MediaRefused("polyglot", "This " + label(mime) + " also carries web page code (" + markup
          + ") that a browser could run if the file were served back; it is refused. Export the image again from an image editor.");
    }
    var h = ImageHeaders.read(file, mime, properties.maxPixels());
    String type = mime.equals("image/gif") ? "gif" : "image";
    return new Probe(mime, type, h.shownWidth(), h.shownHeight(), null, null, null, null);
  }

  /** Headers of an image this probe accepted (for the fitter, which needs orientation and animation too). */
  ImageHeaders headers(Path file, String mime) throws MediaRefused, IOException {
    return ImageHeaders.read(file, mime, properties.maxPixels());
  }

  private static MediaRefused refusedType(byte[] head) {
    var kind = MediaTypes.refused(head);
    if (kind != null) {
      return new MediaRefused("unsupported_type", kind.message + ". " + SUPPORTED);
    }
    return new MediaRefused("unsupported_type", "This file is not an image or video Octopost recognises. " + SUPPORTED);
  }

  static String label(String mime) {
    return switch (mime) {
      case "image/jpeg" -> "JPEG image";
      case "image/png" -> "PNG image";
      case "image/gif" -> "GIF";
      case "image/webp" -> "WebP image";
      case "image/heic" -> "HEIC image";
      case "image/heif" -> "HEIF image";
      case "image/avif" -> "AVIF image";
      case "video/mp4" -> "MP4 video";
      case "video/quicktime" -> "QuickTime video";
      case "video/webm" -> "WebM video";
      default -> mime;
    };
  }
}

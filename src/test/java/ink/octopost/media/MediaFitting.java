package ink.octopost.media;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/** A public door to the package-private prober and fitter, for the media benchmark. */
public final class MediaFitting {

  private final MediaProbe probe;
  private final ImageFitter fitter;

  public MediaFitting() {
    var properties = MediaProbeTest.properties(100_000_000, false);
    probe = new MediaProbe(properties);
    fitter = new ImageFitter(properties);
  }

  /** What a fit produced. */
  public record Result(String mimeType, int width, int height, long sizeBytes) {}

  /** Probes and fits {@code source} for a network taking {@code types} up to {@code maxBytes} each. */
  public Result fit(Path source, long maxBytes, Set<String> types, Path out) throws IOException {
    try {
      var f = fitter.fit(source, probe.probe(source),
          new ImageFitter.Target(maxBytes, 0, 0, 0, types, 0, 0, null, false), out);
      return new Result(f.mimeType(), f.width(), f.height(), f.sizeBytes());
    } catch (MediaRefused e) {
      throw new IOException(e.code() + ": " + e.getMessage(), e);
    }
  }

  /** A 24-megapixel (6000 x 4000) photo-like JPEG with EXIF orientation 6 and GPS, as a phone or camera writes. */
  public static byte[] cameraJpeg() throws IOException {
    return TestMedia.withExif(TestMedia.jpeg(TestMedia.photo(6000, 4000), 0.92f), 6, true);
  }
}

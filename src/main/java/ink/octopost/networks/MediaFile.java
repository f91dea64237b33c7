package ink.octopost.networks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;

/**
 * One piece of media as a network should receive it: already fitted to that network (resized,
 * rotated, stripped of metadata) and read from the media store as a stream, never held whole in
 * memory unless a connector asks for {@link #bytes()}.
 */
public interface MediaFile {

  /** The MIME type sniffed from the bytes ({@code image/jpeg}, {@code video/mp4}, ...). */
  String mimeType();

  long size();

  /** A safe file name (letters, digits, dots, dashes) with the right extension. */
  String fileName();

  /** Pixel size where known (images and probed videos), else null. */
  Integer width();

  Integer height();

  /** A video's length in seconds where known, else null. */
  Double durationSeconds();

  /** A fresh stream of the bytes; the caller closes it. */
  InputStream open() throws IOException;

  /**
   * A signed, expiring URL at which anyone (a network that pulls media) can GET these bytes with
   * range requests; it is served by Octopost (or by the bucket, with public reads on).
   */
  URI publicUrl();

  default boolean isImage() {
    return mimeType().startsWith("image/");
  }

  default boolean isVideo() {
    return mimeType().startsWith("video/");
  }

  /** All bytes, for networks whose API takes small media in one piece; refuses anything over 64 MiB. */
  default byte[] bytes() throws IOException {
    if (size() > 64L * 1024 * 1024) {
      throw new IOException(fileName() + " is " + size() + " bytes: too large to hold in memory; stream it");
    }
    try (var in = open()) {
      return in.readAllBytes();
    }
  }

  /** A request body streaming the bytes from the store, with its length known. */
  default HttpRequest.BodyPublisher bodyPublisher() {
    return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
      try {
        return open();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }), size());
  }

  /**
   * A request body streaming {@code length} bytes from {@code offset} (one chunk of a chunked
   * upload), read from the store when the request is sent.
   */
  default HttpRequest.BodyPublisher bodyPublisher(long offset, long length) {
    return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
      try {
        return open(offset, length);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }), length);
  }

  /** A stream of {@code length} bytes from {@code offset} (chunked uploads). */
  default InputStream open(long offset, long length) throws IOException {
    InputStream in = open();
    in.skipNBytes(offset);
    return new ink.octopost.shared.BoundedInputStream(in, length);
  }
}

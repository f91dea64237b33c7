package ink.octopost.media;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * How {@link S3MediaStore} cuts an object into the parts of a multipart upload without holding it
 * in memory, and the small streams it reads through.
 */
final class S3Parts {

  /** Parts read from a stream are buffered (and so can be retried); this bounds the buffer. */
  static final int STREAM_PART = 8 * 1024 * 1024;

  /** S3 allows 10,000 parts of at least 5 MiB. */
  static final long FILE_PART = 16L * 1024 * 1024;
  static final int MAX_PARTS = 10_000;

  private S3Parts() {}

  /** The parts of a file of {@code size} bytes: 16 MiB each, more if 10,000 would not hold it. */
  static Parts ofFile(Path file, long size) {
    return new FileParts(file, size, Math.max(FILE_PART, (size + MAX_PARTS - 1) / MAX_PARTS));
  }

  /** The parts of a stream of {@code length} bytes (-1: until it ends). */
  static Parts ofStream(InputStream in, long length) {
    return new StreamParts(in, length);
  }

  /** One part of a multipart upload, readable again if the SDK retries it. */
  record Part(ContentStreamProvider body, long length) {}

  /** The parts of an object, in order; {@code null} once there are no more. */
  interface Parts {
    Part next() throws IOException;
  }

  /** Parts read straight from a file, each opened again on retry: nothing is buffered. */
  static final class FileParts implements Parts {
    private final Path file;
    private final long size;
    private final long partSize;
    private long offset;

    FileParts(Path file, long size, long partSize) {
      this.file = file;
      this.size = size;
      this.partSize = partSize;
    }

    @Override
    public Part next() {
      if (offset >= size) {
        return null;
      }
      long from = offset;
      long length = Math.min(partSize, size - from);
      offset += length;
      return new Part(() -> {
        try {
          FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
          ch.position(from);
          return new ink.octopost.shared.BoundedInputStream(Channels.newInputStream(ch), length);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }, length);
    }
  }

  /** Parts of a stream through one reused buffer of {@link #STREAM_PART} bytes. */
  static final class StreamParts implements Parts {
    private final InputStream in;
    private final long length;
    private final byte[] buffer = new byte[STREAM_PART];
    private long read;
    private boolean ended;

    StreamParts(InputStream in, long length) {
      this.in = in;
      this.length = length;
    }

    @Override
    public Part next() throws IOException {
      if (ended || (length >= 0 && read >= length)) {
        if (length >= 0 && read < length) {
          throw new IOException("expected " + length + " bytes but the stream ended after " + read);
        }
        return null;
      }
      int want = length < 0 ? buffer.length : (int) Math.min(buffer.length, length - read);
      int n = in.readNBytes(buffer, 0, want);
      if (n < want) {
        ended = true;
      }
      read += n;
      if (n == 0) {
        return next();
      }
      return new Part(() -> new ByteArrayInputStream(buffer, 0, n), n);
    }
  }


  /** Counts what the SDK read, so a stream shorter than announced is an error, not a short object. */
  static final class CountingInput extends java.io.FilterInputStream {
    long count;

    CountingInput(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public void close() {
      // the caller owns the stream: the interface says it is not closed
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}

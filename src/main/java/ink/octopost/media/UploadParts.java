package ink.octopost.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * The bytes of resumable uploads: one PATCH's body streamed to a temporary file (so that what
 * arrived before a dropped connection is kept, and the chunk's checksum is known before it is
 * accepted), then stored as the part object {@code uploads/<id>/<n>}; and all parts read back as
 * one stream, in order, one object open at a time.
 */
final class UploadParts {

  /** What one PATCH body delivered. {@code interrupted}: the body ended early or broke off. */
  record Received(Path file, long bytes, boolean interrupted, boolean overLength) {}

  private static final int BUFFER = 64 * 1024;

  private final MediaStore store;
  private final Path tmpDir;

  UploadParts(MediaStore store, Path tmpDir) throws IOException {
    this.store = store;
    this.tmpDir = Files.createDirectories(tmpDir);
  }

  static String key(String uploadId, int part) {
    return "uploads/" + uploadId + "/" + part;
  }

  /**
   * Streams at most {@code max} bytes of {@code body} into a new temporary file. A read that fails
   * (the client closed the connection, the socket timed out) ends the part there instead of
   * throwing: the bytes that did arrive are kept. The caller deletes the file.
   *
   * @param declared the body's Content-Length, or -1 (chunked): then one byte past {@code max}
   *     marks the body as longer than the upload
   */
  Received receive(String uploadId, InputStream body, long declared, long max, ChunkChecksum checksum) throws IOException {
    Path file = Files.createTempFile(tmpDir, uploadId + "-", ".part");
    long want = declared >= 0 ? declared : max;
    long got = 0;
    boolean interrupted = false;
    boolean over = false;
    try (OutputStream out = Files.newOutputStream(file)) {
      byte[] buf = new byte[BUFFER];
      while (got < want) {
        int n;
        try {
          n = body.read(buf, 0, (int) Math.min(buf.length, want - got));
        } catch (IOException e) {
          interrupted = true;
          break;
        }
        if (n < 0) {
          interrupted = declared >= 0; // fewer bytes than the Content-Length announced
          break;
        }
        out.write(buf, 0, n);
        if (checksum != null) {
          checksum.update(buf, 0, n);
        }
        got += n;
      }
      if (!interrupted && declared < 0 && got == max) {
        try {
          over = body.read() >= 0;
        } catch (IOException e) {
          interrupted = true;
        }
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
    return new Received(file, got, interrupted, over);
  }

  void store(String key, Path file) throws IOException {
    store.put(key, file);
  }

  void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a leftover temporary file is harmless; the directory is ours
    }
  }

  /** Removes part objects; a missing one is not an error. @throws IOException on the first failure */
  void delete(List<String> keys) throws IOException {
    for (String key : keys) {
      store.delete(key);
    }
  }

  /** All parts as one stream, opening each object only when the previous one is used up. */
  InputStream concatenated(List<String> keys) {
    Iterator<String> next = keys.iterator();
    return new InputStream() {
      private InputStream current;

      private boolean advance() throws IOException {
        while (current == null) {
          if (!next.hasNext()) {
            return false;
          }
          current = store.open(next.next());
        }
        return true;
      }

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        while (advance()) {
          int n = current.read(b, off, len);
          if (n >= 0) {
            return n;
          }
          current.close();
          current = null;
        }
        return -1;
      }

      @Override
      public void close() throws IOException {
        if (current != null) {
          current.close();
          current = null;
        }
      }
    };
  }
}

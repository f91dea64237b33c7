package ink.octopost.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Local files a file streams into before it is stored: hashed on the way, size-capped, probed
 * with random access (an MP4's index may be at its end), then put in the store and deleted.
 */
final class Staging {

  record Copied(long size, String sha256) {}

  /** The stream went past the cap; {@code read} bytes had arrived. */
  static final class OverLimit extends IOException {
    private final long read;

    OverLimit(long read) {
      super("over the limit after " + read + " bytes", null);
      this.read = read;
    }

    long read() {
      return read;
    }
  }

  private final Path dir;

  Staging(Path dir) {
    this.dir = dir;
  }

  Path newFile() {
    try {
      Files.createDirectories(dir);
      return Files.createTempFile(dir, "in-", ".part");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a leftover temporary file; the directory is emptied at the next start
    }
  }

  /** Copies {@code in} to {@code file}, at most {@code max} bytes, hashing as it goes. */
  static Copied copy(InputStream in, Path file, long max) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buf = new byte[128 * 1024];
    long total = 0;
    try (OutputStream out = Files.newOutputStream(file)) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        total += n;
        if (total > max) {
          throw new OverLimit(total);
        }
        sha.update(buf, 0, n);
        out.write(buf, 0, n);
      }
    }
    return new Copied(total, HexFormat.of().formatHex(sha.digest()));
  }
}

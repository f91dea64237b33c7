package ink.octopost.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

/**
 * Media in a directory (by default {@code <data dir>/media}). An object is written to a temporary
 * file beside its final place and moved there atomically, so a crash never leaves half an object
 * under a key.
 */
final class FileMediaStore implements MediaStore {

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");

  private final Path root;

  FileMediaStore(Path root) throws IOException {
    this.root = Files.createDirectories(root).toRealPath();
  }

  Path root() {
    return root;
  }

  @Override
  public long put(String key, Path file) throws IOException {
    try (var in = Files.newInputStream(file)) {
      return put(key, in, Files.size(file));
    }
  }

  @Override
  public long put(String key, InputStream in, long length) throws IOException {
    Path target = path(key);
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(target.getParent(), ".part-", ".tmp");
    try {
      long written;
      try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
        written = copy(in, out, length);
      }
      if (length >= 0 && written != length) {
        throw new IOException("expected " + length + " bytes for " + key + " but the stream ended after " + written);
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return written;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static long copy(InputStream in, OutputStream out, long length) throws IOException {
    byte[] buf = new byte[64 * 1024];
    long total = 0;
    while (length < 0 || total < length) {
      int want = length < 0 ? buf.length : (int) Math.min(buf.length, length - total);
      int n = in.read(buf, 0, want);
      if (n < 0) {
        break;
      }
      out.write(buf, 0, n);
      total += n;
    }
    return total;
  }

  @Override
  public InputStream open(String key) throws IOException {
    return Files.newInputStream(existing(key));
  }

  @Override
  public InputStream open(String key, long offset, long length) throws IOException {
    FileChannel ch = FileChannel.open(existing(key), StandardOpenOption.READ);
    try {
      ch.position(offset);
      InputStream whole = Channels.newInputStream(ch);
      return new ink.octopost.shared.BoundedInputStream(whole, length);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  @Override
  public long size(String key) throws IOException {
    return Files.size(existing(key));
  }

  @Override
  public void delete(String key) throws IOException {
    Files.deleteIfExists(path(key));
  }

  @Override
  public String kind() {
    return "filesystem";
  }

  private Path existing(String key) throws IOException {
    Path p = path(key);
    if (!Files.isRegularFile(p)) {
      throw new NoSuchFileException(key);
    }
    return p;
  }

  private Path path(String key) {
    if (!KEY.matcher(key).matches() || key.contains("..")) {
      throw new IllegalArgumentException("not a media key: " + key);
    }
    return root.resolve(key);
  }
}

package ink.octopost.database;

import ink.octopost.shared.StartupException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive OS lock on {@code <data dir>/octopost.lock}, held for the life of the server. The
 * OS drops it when the process dies, however it dies, so a crash never leaves a stale lock.
 */
final class DataDirectoryLock implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static DataDirectoryLock acquire(Path dataDir) {
    Path file = dataDir.resolve("octopost.lock");
    try {
      Files.createDirectories(dataDir);
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by this very JVM (another application context)
      }
      if (lock == null) {
        channel.close();
        throw inUse(dataDir);
      }
      channel.truncate(0);
      channel.write(
          StandardCharsets.UTF_8.encode("pid " + ProcessHandle.current().pid() + "\n"));
      channel.force(false);
      return new DataDirectoryLock(channel, lock);
    } catch (IOException e) {
      throw new StartupException(
          "Cannot use the data directory " + dataDir.toAbsolutePath() + ": " + e.getMessage(),
          "Make sure the directory is writable by this user, or set OCTOPOST_DATA_DIR elsewhere.");
    }
  }

  private static StartupException inUse(Path dataDir) {
    return new StartupException(
        "Another Octopost server is already running on the data directory "
            + dataDir.toAbsolutePath()
            + " (it holds "
            + dataDir.resolve("octopost.lock").toAbsolutePath()
            + ").",
        "Stop the other server first, or give this one its own OCTOPOST_DATA_DIR. To run several"
            + " nodes on one database, use an external PostgreSQL (OCTOPOST_DATABASE_URL).");
  }

  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }
}

package ink.octopost.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server whose data survives restarts, under {@code <data dir>/postgres}. It
 * listens on a free loopback port chosen at each start; nothing outside this process needs it.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
  static final String DATABASE = "octopost";

  private final DataDirectoryLock lock;
  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(DataDirectoryLock lock, EmbeddedPostgres postgres) {
    this.lock = lock;
    this.postgres = postgres;
  }

  static EmbeddedPostgresServer start(Path dataDir) {
    DataDirectoryLock lock = DataDirectoryLock.acquire(dataDir);
    try {
      Path pgData = dataDir.resolve("postgres").toAbsolutePath();
      stopOrphanedPostmaster(pgData);
      long started = System.nanoTime();
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(pgData)
              .setCleanDataDirectory(false)
              .setPGStartupWait(Duration.ofSeconds(60))
              // zonky's own JVM hook would stop the server at the first signal, while the work
              // loops still use it; the context stops it instead, after the pool (DatabaseConfig).
              .setRegisterShutdownHook(false)
              .setServerConfig("max_connections", "200")
              .setServerConfig("listen_addresses", "localhost")
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("timezone", "UTC")
              .start();
      var server = new EmbeddedPostgresServer(lock, postgres);
      server.ensureDatabase();
      log.info(
          "Embedded PostgreSQL ready on port {} with data in {} ({} ms)",
          postgres.getPort(),
          pgData,
          Duration.ofNanos(System.nanoTime() - started).toMillis());
      return server;
    } catch (IOException | SQLException | RuntimeException e) {
      closeQuietly(lock);
      if (e instanceof ink.octopost.shared.StartupException se) {
        throw se;
      }
      throw new ink.octopost.shared.StartupException(
          "The embedded PostgreSQL did not start: " + e.getMessage(),
          "Check the log above. Free disk space and a writable OCTOPOST_DATA_DIR are needed; or"
              + " set OCTOPOST_DATABASE_URL to use an external PostgreSQL.");
    }
  }

  /**
   * A server killed with -9 leaves its postmaster running on the data directory. We hold the
   * data-directory lock, so no live Octopost owns that postmaster: stop it before starting ours.
   */
  private static void stopOrphanedPostmaster(Path pgData) throws IOException {
    Path pidFile = pgData.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.isEmpty() || lines.getFirst().isBlank()) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(lines.getFirst().trim());
    } catch (NumberFormatException e) {
      return;
    }
    var handle = ProcessHandle.of(pid).filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(true));
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return;
    }
    log.warn("Stopping a PostgreSQL (pid {}) left running by a server that did not shut down", pid);
    handle.get().destroy(); // SIGTERM: a smart shutdown, its clients are already gone
    try {
      handle.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      handle.get().destroyForcibly();
    }
  }

  private void ensureDatabase() throws SQLException {
    try (var c = postgres.getPostgresDatabase().getConnection();
        var s = c.createStatement()) {
      try (var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
        if (rs.next()) {
          return;
        }
      }
      s.execute("CREATE DATABASE " + DATABASE);
    }
  }

  String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", DATABASE);
  }

  Map<String, String> describe() {
    return Map.of("port", String.valueOf(postgres.getPort()));
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    } finally {
      closeQuietly(lock);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // nothing more to do on the way out
    }
  }
}

package ink.octopost.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL for the whole test JVM (zonky embedded, in a temporary directory). Each
 * application context gets its own database in it; each test makes its own workspace, so no test
 * depends on another's data.
 */
public final class TestDatabase {

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  private TestDatabase() {}

  private static synchronized EmbeddedPostgres server() {
    if (postgres == null) {
      try {
        postgres =
            EmbeddedPostgres.builder()
                .setServerConfig("max_connections", "300")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException("could not start the test PostgreSQL", e);
      }
    }
    return postgres;
  }

  /** A new, empty database; returns its JDBC URL. */
  public static String newDatabase(String prefix) {
    String name = prefix + "_" + COUNTER.incrementAndGet();
    try (var c = server().getPostgresDatabase().getConnection();
        var s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return server().getJdbcUrl("postgres", name);
  }

  private static String shared;

  /** The database of the shared application context, created once. */
  public static synchronized String sharedDatabase() {
    if (shared == null) {
      shared = newDatabase("shared");
    }
    return shared;
  }
}

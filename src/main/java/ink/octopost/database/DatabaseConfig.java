package ink.octopost.database;

import com.zaxxer.hikari.HikariDataSource;
import ink.octopost.shared.OctopostProperties;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one {@link DataSource}: Hikari over the embedded server or the external URL. Pool settings
 * come from {@code spring.datasource.hikari.*} as usual.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfig {

  @Bean
  DatabaseMode databaseMode(DatabaseProperties db) {
    return db.embedded() ? DatabaseMode.EMBEDDED : DatabaseMode.EXTERNAL;
  }

  /** Started only in embedded mode; the bean's destroy stops it after the pool has closed. */
  @Bean(destroyMethod = "close")
  EmbeddedPostgresHolder embeddedPostgres(
      DatabaseProperties db, OctopostProperties core, ObjectProvider<EarlyEmbeddedStart.Started> early) {
    if (!db.embedded()) {
      return new EmbeddedPostgresHolder(null);
    }
    var started = early.getIfAvailable();
    if (started != null && started.isFor(core.dataDir())) {
      return new EmbeddedPostgresHolder(started.take());
    }
    if (started != null) {
      started.destroy(); // it holds a lock this start would wait for
    }
    return new EmbeddedPostgresHolder(EmbeddedPostgresServer.start(core.dataDir()));
  }

  @Bean
  @ConfigurationProperties("spring.datasource.hikari")
  HikariDataSource dataSource(DatabaseProperties db, EmbeddedPostgresHolder embedded) {
    var ds = new HikariDataSource();
    ds.setPoolName("octopost");
    if (embedded.server() != null) {
      ds.setJdbcUrl(embedded.server().jdbcUrl());
      ds.setUsername("postgres");
    } else {
      String url = db.url().startsWith("jdbc:") ? db.url() : "jdbc:" + db.url();
      ds.setJdbcUrl(url);
      ds.setUsername(db.username());
      ds.setPassword(db.password());
    }
    return ds;
  }

  /** Holds the embedded server, or nothing when an external database is configured. */
  record EmbeddedPostgresHolder(EmbeddedPostgresServer server) implements AutoCloseable {
    @Override
    public void close() {
      if (server != null) {
        server.close();
      }
    }
  }
}

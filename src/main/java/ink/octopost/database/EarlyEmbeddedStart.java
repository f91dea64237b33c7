package ink.octopost.database;

import ink.octopost.shared.OctopostProperties;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;

/**
 * Starts the embedded PostgreSQL on its own thread as soon as the application context exists
 * (registered in {@code META-INF/spring.factories}). initdb and the postmaster's start, most of
 * them waiting on the disk, then overlap the seconds the context spends on its own classes and
 * beans before it first needs the database, instead of adding to them. {@link DatabaseConfig}
 * takes the server it started; if the context fails before that, the server is stopped with the
 * context's other singletons.
 */
final class EarlyEmbeddedStart implements ApplicationListener<ApplicationPreparedEvent> {

  static final String BEAN = "octopostEarlyEmbeddedPostgres";

  @Override
  public void onApplicationEvent(ApplicationPreparedEvent event) {
    var context = event.getApplicationContext();
    if (!(context.getBeanFactory() instanceof DefaultListableBeanFactory beans) || beans.containsSingleton(BEAN)) {
      return;
    }
    Path dataDir;
    try {
      var binder = Binder.get(context.getEnvironment());
      if (!binder.bindOrCreate("octopost.database", DatabaseProperties.class).embedded()) {
        return;
      }
      dataDir = binder.bindOrCreate("octopost", OctopostProperties.class).dataDir();
    } catch (RuntimeException e) {
      return; // the context binds the same settings again and reports what is wrong with them
    }
    var started = new Started(dataDir, CompletableFuture.supplyAsync(
        () -> EmbeddedPostgresServer.start(dataDir),
        task -> Thread.ofPlatform().name("octopost-embedded-postgres").daemon().start(task)));
    beans.registerSingleton(BEAN, started);
    beans.registerDisposableBean(BEAN, started);
  }

  /** A server being started for one data directory; whoever {@link #take}s it closes it. */
  static final class Started implements org.springframework.beans.factory.DisposableBean {
    private final Path dataDir;
    private final CompletableFuture<EmbeddedPostgresServer> server;
    private final AtomicBoolean taken = new AtomicBoolean();

    Started(Path dataDir, CompletableFuture<EmbeddedPostgresServer> server) {
      this.dataDir = dataDir;
      this.server = server;
    }

    boolean isFor(Path dir) {
      return dataDir.toAbsolutePath().normalize().equals(dir.toAbsolutePath().normalize());
    }

    /** Waits for the start; rethrows what made it fail. */
    EmbeddedPostgresServer take() {
      taken.set(true);
      try {
        return server.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException cause) {
          throw cause;
        }
        throw e;
      }
    }

    /** Not taken: the context failed first, or configured another directory. Stop it. */
    @Override
    public void destroy() {
      if (taken.compareAndSet(false, true)) {
        try {
          server.join().close();
        } catch (RuntimeException e) {
          // it did not start: nothing to stop
        }
      }
    }
  }
}

package ink.octopost.media;

import ink.octopost.shared.WorkLoop;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Imports, in the background, the URLs that scheduled or published posts named: each once, on one
 * node (rows are leased), a few at a time per node. A post's targets wait for their media.
 */
@Component
class MediaImporter extends WorkLoop {

  private static final Logger log = LoggerFactory.getLogger(MediaImporter.class);
  private static final int CONCURRENCY = 4;

  private final MediaRepository repo;
  private final MediaLibrary library;
  private final MediaProperties properties;
  private final Clock clock;
  private final Semaphore slots = new Semaphore(CONCURRENCY);

  MediaImporter(MediaRepository repo, MediaLibrary library, MediaProperties properties, Clock clock) {
    super("media-importer", "media-import-", Duration.ofSeconds(10), 0);
    this.repo = repo;
    this.library = library;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  protected int runPass() {
    int free = slots.availablePermits();
    if (free == 0) {
      return 0;
    }
    Instant now = clock.instant();
    var claimed = repo.claimProcessing(free, now, now.plus(properties.importTimeout()).plusSeconds(60));
    for (var c : claimed) {
      slots.acquireUninterruptibly();
      workers.submit(() -> {
        try {
          library.runImport(c.row(), c.sandbox());
        } catch (MediaLibrary.RetryLater e) {
          repo.retryAt(c.row().id(), clock.instant().plusSeconds(15));
          log.info("Media import {} will be tried again: {}", c.row().id(), e.getMessage());
        } catch (RuntimeException e) {
          repo.retryAt(c.row().id(), clock.instant().plusSeconds(60));
          log.warn("Media import {} failed unexpectedly; trying again in a minute", c.row().id(), e);
        } finally {
          slots.release();
          wake();
        }
      });
    }
    return claimed.size();
  }

  @Override
  protected int batchSize() {
    return CONCURRENCY;
  }

  @Override
  protected long sleepNanos(int started) {
    return repo.nextImportDue()
        .map(due -> Duration.between(clock.instant(), due))
        .map(d -> Math.min(Math.max(d.toNanos(), 50_000_000L), Duration.ofSeconds(5).toNanos()))
        .orElse(Duration.ofSeconds(5).toNanos());
  }
}

package ink.octopost.media;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Media garbage collection, safe with any number of nodes. Every ten minutes a sweep deletes, batch
 * by batch: resumable uploads past their expiry with their part objects; media that no post uses
 * and that was last used (or created, if never used) longer ago than {@code
 * octopost.media.unused-retention}; and failed media older than {@code
 * octopost.uploads.failed-retention} (with media still processing after that long: its ingest died
 * with its node). Each batch is one transaction holding an advisory lock (one
 * node sweeps at a time) and the row locks of what it collects; a post that takes media into use
 * meanwhile either is seen by the recheck under the lock or waits for the batch and then finds the
 * media gone. Store objects are deleted before their row, inside the transaction: if that fails the
 * row stays and the next sweep finishes the job, rather than leaving objects that nothing names.
 */
@Component
class MediaCollector {

  private static final Logger log = LoggerFactory.getLogger(MediaCollector.class);
  static final int BATCH = 100;

  /** What one sweep collected. {@code skipped}: another node was sweeping. */
  record Sweep(int uploads, int media, long bytes, boolean skipped) {}

  private final CollectorRepository repo;
  private final UploadRepository uploads;
  private final MediaStore store;
  private final MediaProperties media;
  private final UploadProperties props;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final Path tmpDir;
  private final Counter collectedUnused;
  private final Counter collectedFailed;
  private final Counter collectedBytes;
  private final Counter expiredUploads;

  MediaCollector(CollectorRepository repo, UploadRepository uploads, MediaStore store, MediaProperties media,
      UploadProperties props, ink.octopost.shared.OctopostProperties octopost, TransactionTemplate tx, Clock clock,
      MeterRegistry registry) {
    this.repo = repo;
    this.uploads = uploads;
    this.store = store;
    this.media = media;
    this.props = props;
    this.tx = tx;
    this.clock = clock;
    this.tmpDir = octopost.dataDir().resolve("tmp").resolve("uploads");
    collectedUnused = collected(registry, "unused");
    collectedFailed = collected(registry, "failed");
    collectedBytes = Counter.builder("octopost.media.collected.bytes")
        .description("Bytes of media (originals and fitted variants) this node's garbage collection deleted")
        .baseUnit("bytes")
        .register(registry);
    expiredUploads = Counter.builder("octopost.uploads.expired")
        .description("Resumable uploads past their expiry that this node deleted with their parts")
        .register(registry);
  }

  private static Counter collected(MeterRegistry registry, String reason) {
    return Counter.builder("octopost.media.collected")
        .description("Media objects this node's garbage collection deleted, by why")
        .tag("reason", reason)
        .register(registry);
  }

  @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT3M")
  void scheduled() {
    try {
      Sweep s = sweep();
      if (s.uploads() + s.media() > 0) {
        log.info("Media collection: {} expired uploads, {} media objects ({} bytes)", s.uploads(), s.media(), s.bytes());
      }
    } catch (RuntimeException e) {
      log.warn("Media collection failed; it runs again in ten minutes: {}", e.getMessage());
    }
  }

  /** One sweep, batch by batch, until nothing is due. */
  Sweep sweep() {
    Instant now = clock.instant();
    int expired = 0;
    int collected = 0;
    long bytes = 0;
    while (true) {
      Integer n = tx.execute(s -> repo.trySweepLock() ? expiredUploads(now) : -1);
      if (n == null || n < 0) {
        return new Sweep(expired, collected, bytes, true);
      }
      expired += n;
      expiredUploads.increment(n);
      if (n < BATCH) {
        break;
      }
    }
    while (true) {
      Batch b = tx.execute(s -> repo.trySweepLock() ? mediaBatch(now) : null);
      if (b == null) {
        return new Sweep(expired, collected, bytes, true);
      }
      collectedUnused.increment(b.unused());
      collectedFailed.increment(b.failed());
      collectedBytes.increment(b.bytes());
      collected += b.unused() + b.failed();
      bytes += b.bytes();
      if (b.unused() + b.failed() < BATCH) {
        break;
      }
    }
    removeStaleTemporaryFiles(now);
    return new Sweep(expired, collected, bytes, false);
  }

  private int expiredUploads(Instant now) {
    var due = uploads.lockExpired(now, BATCH);
    for (var u : due) {
      delete(u.parts());
    }
    if (!due.isEmpty()) {
      uploads.deleteAll(due.stream().map(UploadRepository.Upload::id).toList());
    }
    return due.size();
  }

  private record Batch(int unused, int failed, long bytes) {}

  private Batch mediaBatch(Instant now) {
    var doomed = repo.lockCollectable(now.minus(media.unusedRetention()), now.minus(props.failedRetention()), BATCH);
    long bytes = 0;
    int failed = 0;
    for (var d : doomed) {
      delete(d.keys());
      bytes += d.bytes();
      failed += "ready".equals(d.status()) ? 0 : 1;
    }
    if (!doomed.isEmpty()) {
      repo.deleteMedia(doomed.stream().map(CollectorRepository.Doomed::id).toList());
    }
    return new Batch(doomed.size() - failed, failed, bytes);
  }

  private void delete(List<String> keys) {
    for (String key : keys) {
      try {
        store.delete(key);
      } catch (IOException e) {
        throw new UncheckedIOException("could not delete " + key + " from the " + store.kind() + " media store", e);
      }
    }
  }

  /** PATCH bodies left behind by a node that stopped mid-request. */
  private void removeStaleTemporaryFiles(Instant now) {
    if (!Files.isDirectory(tmpDir)) {
      return;
    }
    Instant before = now.minus(props.expiry());
    try (var files = Files.list(tmpDir)) {
      files.filter(f -> {
        try {
          return Files.getLastModifiedTime(f).toInstant().isBefore(before);
        } catch (IOException e) {
          return false;
        }
      }).forEach(f -> {
        try {
          Files.deleteIfExists(f);
        } catch (IOException ignored) {
          // tried again at the next sweep
        }
      });
    } catch (IOException e) {
      log.debug("Could not list {}: {}", tmpDir, e.getMessage());
    }
  }
}

package ink.octopost.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Buckets in this process's memory, for a server that owns its database alone (the embedded
 * PostgreSQL, guarded by the data-directory lock): no other process can serve the same keys, so
 * the count is as exact as the shared one without a database round trip per request. Each bucket
 * is updated atomically under its map entry, so concurrent requests on one key never both take
 * the last token. Buckets do not survive a restart; at worst a key gets a full bucket early.
 */
final class LocalRateLimiter implements RateLimiter {

  private final ConcurrentHashMap<String, Long> buckets = new ConcurrentHashMap<>();
  private final Clock clock;

  LocalRateLimiter(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Decision consume(String bucket, int limit, Duration period) {
    long now = RateLimiter.micros(clock.instant());
    long periodUs = RateLimiter.periodMicros(period);
    long increment = RateLimiter.increment(periodUs, limit);
    var outcome = new Decision[1];
    buckets.compute(
        bucket,
        (key, stored) -> {
          long tat = stored == null ? now : stored;
          long advanced = RateLimiter.advanced(tat, now, periodUs, increment);
          if (RateLimiter.fits(advanced, now, periodUs)) {
            outcome[0] = RateLimiter.allowed(limit, advanced, now, periodUs, increment);
            return advanced;
          }
          long clamped = RateLimiter.clamped(tat, now, periodUs);
          outcome[0] = RateLimiter.refused(limit, clamped, now, periodUs, increment);
          return stored == null ? null : clamped;
        });
    return outcome[0];
  }

  /** A bucket whose tat has passed is full, exactly as if it had no entry: drop those entries. */
  @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
  void forgetFullBuckets() {
    long now = RateLimiter.micros(clock.instant());
    // Removes an entry only if it still holds the value tested, so a concurrent take survives.
    buckets.values().removeIf(tat -> tat < now);
  }

  int size() {
    return buckets.size();
  }
}

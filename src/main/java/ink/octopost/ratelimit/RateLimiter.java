package ink.octopost.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * GCRA (a token bucket expressed as one timestamp) on PostgreSQL. For a limit of {@code L} per
 * period {@code P}, each request advances the bucket's theoretical arrival time {@code tat} by
 * {@code T = P/L}; a request is allowed while {@code tat - now <= P}. The bucket is full again at
 * {@code tat}.
 */
@Component
class RateLimiter {

  private final JdbcClient jdbc;
  private final Clock clock;

  RateLimiter(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** The outcome of one attempt to take a token. */
  record Decision(boolean allowed, int limit, int remaining, Instant resetAt, Duration retryAfter) {

    long resetEpochSeconds() {
      return (resetAt.toEpochMilli() + 999) / 1000;
    }

    long retryAfterSeconds() {
      return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
  }

  Decision consume(String bucket, int limit, Duration period) {
    long now = micros(clock.instant());
    long periodUs = period.toNanos() / 1000;
    long increment = Math.max(1, periodUs / limit); // a limit finer than 1 µs is as good as none
    Long tat =
        jdbc.sql(
                """
                INSERT INTO rate_limit_buckets AS b (bucket_key, tat_us) VALUES (:key, :now + :inc)
                ON CONFLICT (bucket_key) DO UPDATE
                  SET tat_us = LEAST(GREATEST(b.tat_us, :now), :now + :period) + :inc
                  WHERE LEAST(GREATEST(b.tat_us, :now), :now + :period) + :inc - :now <= :period
                RETURNING tat_us""")
            .param("key", bucket)
            .param("now", now)
            .param("inc", increment)
            .param("period", periodUs)
            .query(Long.class)
            .optional()
            .orElse(null);
    if (tat != null) {
      int remaining = (int) Math.max(0, Math.min(limit - 1, (periodUs - (tat - now)) / increment));
      return new Decision(true, limit, remaining, instant(tat), Duration.ZERO);
    }
    long current =
        jdbc.sql("SELECT tat_us FROM rate_limit_buckets WHERE bucket_key = ?")
            .param(bucket)
            .query(Long.class)
            .optional()
            .orElse(now);
    // A bucket is never more than one period ahead of this node's clock: a clock that stepped
    // back (or a node behind another) sees an empty bucket that refills, not one locked for the
    // difference. The clamp is stored so the refill starts now.
    if (current > now + periodUs) {
      jdbc.sql("UPDATE rate_limit_buckets SET tat_us = LEAST(tat_us, ?) WHERE bucket_key = ?")
          .params(now + periodUs, bucket)
          .update();
      current = now + periodUs;
    }
    // The next request fits once tat + T - now <= P.
    long waitUs = Math.max(0, current + increment - periodUs - now);
    return new Decision(false, limit, 0, instant(Math.max(current, now)), Duration.ofNanos(waitUs * 1000));
  }

  /** A bucket whose tat has passed is full, exactly as if it had no row: drop those rows. */
  @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
  void forgetFullBuckets() {
    jdbc.sql("DELETE FROM rate_limit_buckets WHERE tat_us < ?").param(micros(clock.instant())).update();
  }

  private static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  private static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }
}

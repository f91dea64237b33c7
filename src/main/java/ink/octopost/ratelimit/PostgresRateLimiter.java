package ink.octopost.ratelimit;

import java.time.Clock;
import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Buckets shared by every node through PostgreSQL: one row per bucket, one atomic {@code INSERT
 * ... ON CONFLICT DO UPDATE} per request, so limits hold exactly across nodes with one round trip
 * and no lock held between statements.
 */
final class PostgresRateLimiter implements RateLimiter {

  private final JdbcClient jdbc;
  private final Clock clock;

  PostgresRateLimiter(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @Override
  public Decision consume(String bucket, int limit, Duration period) {
    long now = RateLimiter.micros(clock.instant());
    long periodUs = RateLimiter.periodMicros(period);
    long increment = RateLimiter.increment(periodUs, limit);
    // The SQL is RateLimiter.advanced and RateLimiter.fits, evaluated on the row under its lock.
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
      return RateLimiter.allowed(limit, tat, now, periodUs, increment);
    }
    long current =
        jdbc.sql("SELECT tat_us FROM rate_limit_buckets WHERE bucket_key = ?")
            .param(bucket)
            .query(Long.class)
            .optional()
            .orElse(now);
    long clamped = RateLimiter.clamped(current, now, periodUs);
    if (clamped != current) {
      // Stored, so the refill starts now.
      jdbc.sql("UPDATE rate_limit_buckets SET tat_us = LEAST(tat_us, ?) WHERE bucket_key = ?")
          .params(clamped, bucket)
          .update();
    }
    return RateLimiter.refused(limit, clamped, now, periodUs, increment);
  }

  /** A bucket whose tat has passed is full, exactly as if it had no row: drop those rows. */
  @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
  void forgetFullBuckets() {
    jdbc.sql("DELETE FROM rate_limit_buckets WHERE tat_us < ?").param(RateLimiter.micros(clock.instant())).update();
  }
}

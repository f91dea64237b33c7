package ink.octopost.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * GCRA (a token bucket expressed as one timestamp). For a limit of {@code L} per period {@code P},
 * each request advances the bucket's theoretical arrival time {@code tat} by {@code T = P/L}; a
 * request is allowed while {@code tat - now <= P}. The bucket is full again at {@code tat}, so a
 * bucket whose {@code tat} has passed is the same as no bucket at all.
 *
 * <p>Two places keep the timestamps: PostgreSQL when several nodes may share the database, and
 * this process's memory when it owns the database alone. Both take their answers from the
 * arithmetic below, so the headers and 429s a client sees do not depend on where the bucket lives.
 */
sealed interface RateLimiter permits PostgresRateLimiter, LocalRateLimiter {

  /** Takes one token from {@code bucket}, whose limit is {@code limit} per {@code period}. */
  Decision consume(String bucket, int limit, Duration period);

  /** The outcome of one attempt to take a token. */
  record Decision(boolean allowed, int limit, int remaining, Instant resetAt, Duration retryAfter) {

    long resetEpochSeconds() {
      return (resetAt.toEpochMilli() + 999) / 1000;
    }

    long retryAfterSeconds() {
      return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
  }

  static long periodMicros(Duration period) {
    return period.toNanos() / 1000;
  }

  /** T: a limit finer than 1 µs is as good as none. */
  static long increment(long periodUs, int limit) {
    return Math.max(1, periodUs / limit);
  }

  /** Where a taken token leaves the bucket, or a value over {@code now + period} when it cannot. */
  static long advanced(long tat, long now, long periodUs, long increment) {
    return Math.min(Math.max(tat, now), now + periodUs) + increment;
  }

  static boolean fits(long advanced, long now, long periodUs) {
    return advanced - now <= periodUs;
  }

  /**
   * A bucket is never more than one period ahead of this node's clock: a clock that stepped back
   * (or a node behind another) sees an empty bucket that refills, not one locked for the
   * difference.
   */
  static long clamped(long tat, long now, long periodUs) {
    return Math.min(tat, now + periodUs);
  }

  static Decision allowed(int limit, long tat, long now, long periodUs, long increment) {
    int remaining = (int) Math.max(0, Math.min(limit - 1, (periodUs - (tat - now)) / increment));
    return new Decision(true, limit, remaining, instant(tat), Duration.ZERO);
  }

  /** Refused, with the bucket at {@code tat} (already clamped). */
  static Decision refused(int limit, long tat, long now, long periodUs, long increment) {
    // The next request fits once tat + T - now <= P.
    long waitUs = Math.max(0, tat + increment - periodUs - now);
    return new Decision(false, limit, 0, instant(Math.max(tat, now)), Duration.ofNanos(waitUs * 1000));
  }

  static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  private static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }
}

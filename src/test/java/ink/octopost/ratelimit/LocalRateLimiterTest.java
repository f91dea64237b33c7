package ink.octopost.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.testing.TestClock;
import ink.octopost.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** The in-memory buckets of a single node: exact under concurrency, and answering as PostgreSQL does. */
class LocalRateLimiterTest {

  private final TestClock clock = new TestClock();

  @Test
  void concurrentRequestsOnOneKey_takeExactlyTheLimit() throws Exception {
    clock.freezeAt(Instant.parse("2026-01-01T00:00:00Z"));
    var limiter = new LocalRateLimiter(clock);
    var allowed = new AtomicInteger();
    try (var pool = Executors.newFixedThreadPool(8)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < 2_000; i++) {
            if (limiter.consume("req:key_1", 5_000, Duration.ofMinutes(1)).allowed()) {
              allowed.incrementAndGet();
            }
          }
        }));
      }
      for (var f : done) {
        f.get();
      }
    }
    assertThat(allowed.get()).as("16,000 attempts on a bucket of 5,000").isEqualTo(5_000);
    assertThat(limiter.consume("req:key_2", 5_000, Duration.ofMinutes(1)).remaining())
        .as("another key is untouched").isEqualTo(4_999);
  }

  @Test
  void answersExactlyAsTheSharedBuckets_forTheSameRequestsAndClock() {
    var dataSource = new SingleConnectionDataSource(TestDatabase.newDatabase("limits"), true);
    var jdbc = JdbcClient.create(dataSource);
    jdbc.sql("CREATE UNLOGGED TABLE rate_limit_buckets (bucket_key text PRIMARY KEY, tat_us bigint NOT NULL)")
        .update();
    clock.freezeAt(Instant.parse("2026-01-01T00:00:00Z"));
    var shared = new PostgresRateLimiter(jdbc, clock);
    var local = new LocalRateLimiter(clock);
    var random = new Random(20261205);
    int refused = 0;
    for (int i = 0; i < 1_500; i++) {
      // Mostly bursts, some waits, and now and then a clock that steps back.
      int step = random.nextInt(100);
      if (step < 10) {
        clock.advance(Duration.ofMillis(random.nextInt(20_000)));
      } else if (step == 10) {
        clock.advance(Duration.ofMinutes(-5));
      }
      String bucket = "req:key_" + random.nextInt(3);
      int limit = 1 + random.nextInt(12);
      var period = random.nextBoolean() ? Duration.ofMinutes(1) : Duration.ofHours(1);
      var expected = shared.consume(bucket + limit + period, limit, period);
      var actual = local.consume(bucket + limit + period, limit, period);
      assertThat(actual).as("request %d on %s", i, bucket).isEqualTo(expected);
      refused += expected.allowed() ? 0 : 1;
    }
    assertThat(refused).as("the sequence exercises refusals too").isGreaterThan(100);
    dataSource.destroy();
  }

  @Test
  void fullBuckets_areForgotten_andAForgottenBucketIsFull() {
    clock.freezeAt(Instant.parse("2026-01-01T00:00:00Z"));
    var limiter = new LocalRateLimiter(clock);
    for (int i = 0; i < 3; i++) {
      limiter.consume("req:a", 3, Duration.ofMinutes(1));
    }
    limiter.consume("pub:a", 10, Duration.ofHours(1));
    clock.advance(Duration.ofSeconds(61));
    limiter.forgetFullBuckets();

    assertThat(limiter.size()).as("only the hourly bucket still holds a taken token").isEqualTo(1);
    assertThat(limiter.consume("req:a", 3, Duration.ofMinutes(1)).remaining()).isEqualTo(2);
  }
}

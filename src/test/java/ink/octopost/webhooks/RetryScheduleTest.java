package ink.octopost.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** The default retry schedule: exponential with jitter, at least 24 hours, then failed. */
class RetryScheduleTest {

  private static WebhookProperties defaults() {
    return new WebhookProperties(true, 256, 8, Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofSeconds(5),
        Duration.ofHours(2), Duration.ofHours(24), Duration.ofDays(5), Duration.ofHours(24), Duration.ofSeconds(1), 256, 2000, Duration.ofDays(30));
  }

  @Test
  void retriesForAtLeast24Hours_withGrowingJitteredDelays_thenGivesUp() {
    Instant first = Instant.parse("2026-01-01T00:00:00Z");
    var worker = new DeliveryWorker(null, null, null, Clock.fixed(first, ZoneOffset.UTC), defaults(), null, null);
    var delays = new ArrayList<Duration>();
    Instant now = first;
    int attempts = 1;
    while (true) {
      var claimed = new DeliveryStore.Claimed("msg_x", "wh_x", "https://example.com", "{}", attempts, first, null, null, null);
      Instant next = worker.retryAt(claimed, now);
      if (next == null) {
        break;
      }
      assertThat(next).isAfter(now);
      delays.add(Duration.between(now, next));
      now = next;
      attempts++;
      assertThat(attempts).isLessThan(100);
    }
    assertThat(Duration.between(first, now)).isGreaterThanOrEqualTo(Duration.ofHours(24));
    assertThat(delays.getFirst()).isBetween(Duration.ofMillis(3750), Duration.ofMillis(6250));
    assertThat(delays.get(3)).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(50));
    assertThat(delays).allMatch(d -> d.compareTo(Duration.ofHours(2)) <= 0);
    assertThat(attempts).isBetween(15, 30);
  }

  @Test
  void jitterSpreadsRetriesOfTheSameAttempt() {
    Instant first = Instant.parse("2026-01-01T00:00:00Z");
    var worker = new DeliveryWorker(null, null, null, Clock.fixed(first, ZoneOffset.UTC), defaults(), null, null);
    var claimed = new DeliveryStore.Claimed("msg_x", "wh_x", "https://example.com", "{}", 6, first, null, null, null);
    var distinct = new java.util.HashSet<Instant>();
    for (int i = 0; i < 20; i++) {
      distinct.add(worker.retryAt(claimed, first.plusSeconds(60)));
    }
    assertThat(distinct.size()).isGreaterThan(10);
  }
}

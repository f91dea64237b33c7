package ink.octopost.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.queue.QueueSettings;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueSlotsTest {

  private static final ZoneId NY = ZoneId.of("America/New_York");

  private static List<Instant> slots(QueueSettings s, Instant from, int n) {
    var out = new ArrayList<Instant>();
    Instant at = from;
    for (int i = 0; i < n; i++) {
      at = QueueSlots.next(s, at);
      out.add(at);
    }
    return out;
  }

  @Test
  void slotsKeepTheirWallClockTime_acrossSpringForward() {
    var s = new QueueSettings(NY, LocalTime.of(9, 0), LocalTime.of(20, 0), 240, EnumSet.allOf(DayOfWeek.class));
    // 2026-03-08 is the day New York moves from EST (-5) to EDT (-4).
    var got = slots(s, Instant.parse("2026-03-07T12:00:00Z"), 6);
    assertThat(got).containsExactly(
        Instant.parse("2026-03-07T14:00:00Z"), // 09:00 EST
        Instant.parse("2026-03-07T18:00:00Z"), // 13:00 EST
        Instant.parse("2026-03-07T22:00:00Z"), // 17:00 EST
        Instant.parse("2026-03-08T13:00:00Z"), // 09:00 EDT
        Instant.parse("2026-03-08T17:00:00Z"), // 13:00 EDT
        Instant.parse("2026-03-08T21:00:00Z")); // 17:00 EDT
  }

  @Test
  void slotsKeepTheirWallClockTime_acrossFallBack() {
    var s = new QueueSettings(NY, LocalTime.of(9, 0), LocalTime.of(10, 0), 60, EnumSet.allOf(DayOfWeek.class));
    var got = slots(s, Instant.parse("2026-10-31T00:00:00Z"), 3);
    assertThat(got).containsExactly(
        Instant.parse("2026-10-31T13:00:00Z"), // 09:00 EDT
        Instant.parse("2026-11-01T14:00:00Z"), // 09:00 EST
        Instant.parse("2026-11-02T14:00:00Z"));
  }

  @Test
  void aSlotInTheSpringForwardGap_movesForwardLikeTheClocks() {
    var s = new QueueSettings(NY, LocalTime.of(2, 30), LocalTime.of(3, 0), 60, EnumSet.allOf(DayOfWeek.class));
    assertThat(QueueSlots.next(s, Instant.parse("2026-03-08T05:00:00Z")))
        .isEqualTo(Instant.parse("2026-03-08T07:30:00Z")); // 03:30 EDT: 02:30 does not exist that night
  }

  @Test
  void onlyActiveDays_andEndIsExclusive() {
    var s = new QueueSettings(ZoneId.of("UTC"), LocalTime.of(9, 0), LocalTime.of(17, 0), 240, EnumSet.of(DayOfWeek.MONDAY));
    // 2026-11-23 is a Monday.
    assertThat(slots(s, Instant.parse("2026-11-22T00:00:00Z"), 3)).containsExactly(
        Instant.parse("2026-11-23T09:00:00Z"), Instant.parse("2026-11-23T13:00:00Z"), Instant.parse("2026-11-30T09:00:00Z"));
    assertThat(QueueSlots.latestAtOrBefore(s, Instant.parse("2026-11-25T12:00:00Z"))).isEqualTo(Instant.parse("2026-11-23T13:00:00Z"));
  }
}

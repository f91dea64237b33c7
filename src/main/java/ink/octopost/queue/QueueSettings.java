package ink.octopost.queue;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;

/** When queued posts may go out. */
public record QueueSettings(
    ZoneId timezone, LocalTime activeStart, LocalTime activeEnd, int intervalMinutes, Set<DayOfWeek> days) {

  static final QueueSettings DEFAULT =
      new QueueSettings(ZoneId.of("UTC"), LocalTime.of(9, 0), LocalTime.of(20, 0), 60, Set.of(DayOfWeek.values()));
}

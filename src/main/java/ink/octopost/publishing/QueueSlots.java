package ink.octopost.publishing;

import ink.octopost.queue.QueueSettings;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;

/**
 * The queue's slots: on each active day, from the start of the active hours every interval
 * until (not including) their end, as wall-clock times in the workspace's zone. A slot keeps its
 * wall-clock time across daylight-saving changes; a slot that falls in a spring-forward gap moves
 * forward by the gap, as the clocks do.
 */
final class QueueSlots {

  private QueueSlots() {}

  /** The first slot strictly after {@code after}, looking at most 15 days ahead (null if none). */
  static Instant next(QueueSettings s, Instant after) {
    LocalDate day = after.atZone(s.timezone()).toLocalDate().minusDays(1);
    for (int d = 0; d < 17; d++, day = day.plusDays(1)) {
      for (Instant slot : slots(s, day)) {
        if (slot.isAfter(after)) {
          return slot;
        }
      }
    }
    return null;
  }

  /**
   * The first {@code count} slots strictly after {@code after}, in order: what calling {@link
   * #next} again and again gives, walking each day once. Fewer when 15 days in a row have none.
   */
  static java.util.List<Instant> following(QueueSettings s, Instant after, int count) {
    var out = new java.util.ArrayList<Instant>(Math.min(count, 1024));
    LocalDate day = after.atZone(s.timezone()).toLocalDate().minusDays(1);
    for (int empty = 0; out.size() < count && empty < 17; day = day.plusDays(1)) {
      var daySlots = slots(s, day);
      empty = daySlots.isEmpty() ? empty + 1 : 0;
      for (Instant slot : daySlots) {
        if (out.size() < count && slot.isAfter(after)) {
          out.add(slot);
        }
      }
    }
    return out;
  }

  /** The latest slot at or before {@code at}, within the last 15 days (null if none). */
  static Instant latestAtOrBefore(QueueSettings s, Instant at) {
    LocalDate day = at.atZone(s.timezone()).toLocalDate().plusDays(1);
    for (int d = 0; d < 17; d++, day = day.minusDays(1)) {
      var daySlots = slots(s, day);
      for (int i = daySlots.size() - 1; i >= 0; i--) {
        if (!daySlots.get(i).isAfter(at)) {
          return daySlots.get(i);
        }
      }
    }
    return null;
  }

  /** The slots of one local day, in order (none on an inactive day). */
  static java.util.List<Instant> slots(QueueSettings s, LocalDate day) {
    var out = new java.util.ArrayList<Instant>();
    if (!s.days().contains(day.getDayOfWeek())) {
      return out;
    }
    for (LocalTime t = s.activeStart(); t.isBefore(s.activeEnd()); ) {
      out.add(ZonedDateTime.of(day, t, s.timezone()).toInstant());
      LocalTime next = t.plusMinutes(s.intervalMinutes());
      if (!next.isAfter(t)) {
        break; // wrapped past midnight
      }
      t = next;
    }
    return out;
  }
}

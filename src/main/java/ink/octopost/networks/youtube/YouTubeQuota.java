package ink.octopost.networks.youtube;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Data API units this node spent today per Google API project (the OAuth client id), counted in
 * memory for a figure in the logs (one bean, shared by the connector and the login); Google resets quotas at midnight Pacific time (networks.md 9.3).
 */
@org.springframework.stereotype.Component
final class YouTubeQuota {

  private static final Logger log = LoggerFactory.getLogger(YouTubeQuota.class);

  static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");

  /** Units per call (networks.md 9.3); the insert's is configurable. */
  static final int LIST = 1;
  static final int DELETE = 50;
  static final int PLAYLIST_INSERT = 50;
  static final int THUMBNAIL = 50;

  private record Day(LocalDate date, long units) {}

  private final Clock clock;
  private final int daily;
  private final Map<String, Day> used = new ConcurrentHashMap<>();

  @org.springframework.beans.factory.annotation.Autowired
  YouTubeQuota(Clock clock, org.springframework.beans.factory.ObjectProvider<YouTubeProperties> youtube) {
    this(clock, youtube.getIfAvailable(() -> YouTubeProperties.DEFAULTS).dailyQuota());
  }

  YouTubeQuota(Clock clock, int daily) {
    this.clock = clock;
    this.daily = daily;
  }

  /** Records {@code units} spent by {@code project} on {@code call}; returns the day's total. */
  long spend(String project, int units, String call) {
    LocalDate today = LocalDate.now(clock.withZone(PACIFIC));
    Day day = used.merge(project == null ? "" : project, new Day(today, units),
        (old, add) -> old.date().equals(today) ? new Day(today, old.units() + add.units()) : add);
    log.info("YouTube quota: {} cost {} units; {} of {} used today (Pacific) by this project", call, units, day.units(), daily);
    return day.units();
  }

  /** Units spent today by {@code project}. */
  long used(String project) {
    Day day = used.get(project == null ? "" : project);
    return day == null || !day.date().equals(LocalDate.now(clock.withZone(PACIFIC))) ? 0 : day.units();
  }

  /** The next midnight in America/Los_Angeles, when Google resets the daily quota. */
  static java.time.Instant nextReset(Clock clock) {
    ZonedDateTime now = ZonedDateTime.now(clock.withZone(PACIFIC));
    return now.toLocalDate().plusDays(1).atStartOfDay(PACIFIC).toInstant();
  }
}

package ink.octopost.queue;

import java.sql.Time;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Queue settings: the public face of this feature. */
@Service
public class QueueService {

  private final JdbcClient jdbc;
  private final Clock clock;

  QueueService(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public QueueSettings settings(String workspaceId) {
    return jdbc.sql("SELECT * FROM queue_settings WHERE workspace_id = ?")
        .param(workspaceId)
        .query((rs, n) -> new QueueSettings(
            ZoneId.of(rs.getString("timezone")),
            rs.getTime("active_start").toLocalTime(),
            rs.getTime("active_end").toLocalTime(),
            rs.getInt("interval_minutes"),
            days((String[]) rs.getArray("days").getArray())))
        .optional()
        .orElse(QueueSettings.DEFAULT);
  }

  void save(String workspaceId, QueueSettings s) {
    jdbc.sql(
            """
            INSERT INTO queue_settings (workspace_id, timezone, active_start, active_end, interval_minutes, days, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (workspace_id) DO UPDATE SET timezone = EXCLUDED.timezone, active_start = EXCLUDED.active_start,
              active_end = EXCLUDED.active_end, interval_minutes = EXCLUDED.interval_minutes, days = EXCLUDED.days,
              updated_at = EXCLUDED.updated_at""")
        .params(workspaceId, s.timezone().getId(), Time.valueOf(s.activeStart()), Time.valueOf(s.activeEnd()),
            s.intervalMinutes(), s.days().stream().sorted().map(QueueService::wire).toArray(String[]::new),
            Timestamp.from(clock.instant()))
        .update();
  }

  static String wire(DayOfWeek d) {
    return d.name().substring(0, 3).toLowerCase(Locale.ROOT);
  }

  static java.util.Optional<DayOfWeek> day(String wire) {
    return Arrays.stream(DayOfWeek.values()).filter(d -> wire(d).equals(wire)).findFirst();
  }

  private static java.util.Set<DayOfWeek> days(String[] wires) {
    var set = EnumSet.noneOf(DayOfWeek.class);
    for (String w : wires) {
      day(w).ifPresent(set::add);
    }
    return set;
  }
}

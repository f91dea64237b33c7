package ink.octopost.events;

import ink.octopost.shared.Ids;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Records events; must be called inside the transaction that makes the change. */
@Service
public class EventOutbox {

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final Clock clock;

  EventOutbox(JdbcClient jdbc, JsonMapper json, Clock clock) {
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
  }

  /**
   * Records {@code type} with {@code data} under {@code key} ({@code "post"} or {@code
   * "account"}), rendered now as the API renders it.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public String record(String workspaceId, boolean sandbox, EventType type, String key, Object data) {
    String id = Ids.newId("evt");
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    var payload = new LinkedHashMap<String, Object>();
    payload.put("id", id);
    payload.put("type", type.wire());
    payload.put("created_at", now);
    payload.put("data", Map.of(key, data));
    jdbc.sql(
            "INSERT INTO events (id, workspace_id, sandbox, type, payload, created_at)"
                + " VALUES (?, ?, ?, ?, ?::jsonb, ?)")
        .params(id, workspaceId, sandbox, type.wire(), json.writeValueAsString(payload), Timestamp.from(now))
        .update();
    return id;
  }
}

package ink.octopost.events;

import ink.octopost.shared.Ids;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
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
    return recordAll(List.of(new NewEvent(workspaceId, sandbox, type, key, data))).getFirst();
  }

  /** An event to record: {@code data} under {@code key} ({@code "post"} or {@code "account"}). */
  public record NewEvent(String workspaceId, boolean sandbox, EventType type, String key, Object data) {}

  /** Records several events in one statement, in list order; returns their ids. */
  @Transactional(propagation = Propagation.MANDATORY)
  public List<String> recordAll(List<NewEvent> events) {
    if (events.isEmpty()) {
      return List.of();
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    int n = events.size();
    var ids = new String[n];
    var workspaces = new String[n];
    var sandboxes = new Boolean[n];
    var types = new String[n];
    var payloads = new String[n];
    for (int i = 0; i < n; i++) {
      var e = events.get(i);
      ids[i] = Ids.newId("evt");
      var payload = new LinkedHashMap<String, Object>();
      payload.put("id", ids[i]);
      payload.put("type", e.type().wire());
      payload.put("created_at", now);
      payload.put("data", Map.of(e.key(), e.data()));
      workspaces[i] = e.workspaceId();
      sandboxes[i] = e.sandbox();
      types[i] = e.type().wire();
      payloads[i] = json.writeValueAsString(payload);
    }
    // WITH ORDINALITY keeps the list's order in the ids' sequence numbers.
    jdbc.sql(
            """
            INSERT INTO events (id, workspace_id, sandbox, type, payload, created_at)
            SELECT e.id, e.ws, e.sandbox, e.type, CAST(e.payload AS jsonb), ?
            FROM unnest(?, ?, ?, ?, ?) WITH ORDINALITY AS e(id, ws, sandbox, type, payload, n) ORDER BY e.n""")
        .params(Timestamp.from(now), ids, workspaces, sandboxes, types, payloads)
        .update();
    return List.of(ids);
  }
}

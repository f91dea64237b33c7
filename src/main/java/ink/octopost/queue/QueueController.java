package ink.octopost.queue;

import ink.octopost.auth.ApiKeyPrincipal;
import ink.octopost.auth.RequiresScope;
import ink.octopost.auth.Scope;
import ink.octopost.shared.JsonBody;
import ink.octopost.shared.Violations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/v1/queue")
@Tag(name = "Queue", description = "When queued posts go out")
class QueueController {

  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  private final QueueService queue;

  QueueController(QueueService queue) {
    this.queue = queue;
  }

  record ActiveHours(@Schema(pattern = "^\\d\\d:\\d\\d$", example = "09:00") String start,
      @Schema(pattern = "^\\d\\d:\\d\\d$", example = "20:00") String end) {}

  record QueueView(
      @Schema(description = "An IANA time zone", example = "Europe/Paris") String timezone, ActiveHours activeHours,
      @Schema(minimum = "5", maximum = "1440", example = "60") Integer intervalMinutes,
      @ArraySchema(schema = @Schema(allowableValues = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}),
          arraySchema = @Schema(description = "The days slots fall on")) List<String> days) {
    static QueueView of(QueueSettings s) {
      return new QueueView(
          s.timezone().getId(),
          new ActiveHours(s.activeStart().format(HH_MM), s.activeEnd().format(HH_MM)),
          s.intervalMinutes(),
          s.days().stream().sorted().map(QueueService::wire).toList());
    }
  }

  @GetMapping
  @RequiresScope(Scope.WORKSPACE_READ)
  @Operation(operationId = "getQueueSettings", summary = "The queue settings (defaults until changed)",
      description = "When queued posts go out: slots every interval_minutes inside the active hours of the listed days,"
          + " in the workspace's time zone.")
  QueueView get(ApiKeyPrincipal caller) {
    return QueueView.of(queue.settings(caller.workspaceId()));
  }

  @PutMapping
  @RequiresScope(Scope.WORKSPACE_WRITE)
  @Operation(operationId = "updateQueueSettings", summary = "Change the queue settings; omitted fields keep their value",
      description = "A partial update: only the fields sent change. Queued posts take the new slots.")
  QueueView put(ApiKeyPrincipal caller, @RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content = @io.swagger.v3.oas.annotations.media.Content(
          schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = QueueView.class))) JsonNode root) {
    var current = queue.settings(caller.workspaceId());
    var v = new Violations();
    var body = read(JsonBody.of(root, v));
    ZoneId zone = current.timezone();
    if (body.timezone() != null) {
      zone = ZoneId.getAvailableZoneIds().contains(body.timezone()) ? ZoneId.of(body.timezone()) : null;
      if (zone == null) {
        v.add("timezone", "'" + body.timezone() + "' is not an IANA time zone (e.g. America/New_York)");
      }
    }
    LocalTime start = current.activeStart();
    LocalTime end = current.activeEnd();
    if (body.activeHours() != null) {
      start = time(v, "active_hours.start", body.activeHours().start(), start);
      end = time(v, "active_hours.end", body.activeHours().end(), end);
      if (start != null && end != null && !end.isAfter(start)) {
        v.add("active_hours.end", "must be after active_hours.start");
      }
    }
    int interval = current.intervalMinutes();
    if (body.intervalMinutes() != null) {
      interval = body.intervalMinutes();
      if (interval < 5 || interval > 1440) {
        v.add("interval_minutes", "must be between 5 and 1440");
      }
    }
    var days = EnumSet.copyOf(current.days());
    if (body.days() != null) {
      days = EnumSet.noneOf(DayOfWeek.class);
      if (body.days().isEmpty()) {
        v.add("days", "must name at least one day");
      }
      for (int i = 0; i < body.days().size(); i++) {
        String d = body.days().get(i);
        var day = d == null ? java.util.Optional.<DayOfWeek>empty() : QueueService.day(d);
        if (day.isEmpty()) {
          v.add("days[" + i + "]", "must be one of mon, tue, wed, thu, fri, sat, sun");
        } else if (!days.add(day.get())) {
          v.add("days[" + i + "]", "'" + d + "' is listed twice");
        }
      }
    }
    v.throwIfAny();
    var updated = new QueueSettings(zone, start, end, interval, days);
    queue.save(caller.workspaceId(), updated);
    return QueueView.of(updated);
  }

  /** The body as the view it mirrors; a field absent or null stays null (keeps its value). */
  private static QueueView read(JsonBody fields) {
    var hours = fields.object("active_hours");
    return new QueueView(
        fields.string("timezone"),
        hours == null ? null : new ActiveHours(hours.string("start"), hours.string("end")),
        fields.integer("interval_minutes"),
        fields.strings("days"));
  }

  private static LocalTime time(Violations v, String field, String value, LocalTime current) {
    if (value == null) {
      return current;
    }
    try {
      if (!value.matches("\\d\\d:\\d\\d")) {
        throw new DateTimeParseException("", value, 0);
      }
      return LocalTime.parse(value, HH_MM);
    } catch (DateTimeParseException e) {
      v.add(field, "must be a time of day as HH:mm (e.g. 09:00)");
      return null;
    }
  }
}

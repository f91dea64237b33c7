package ink.octopost.publishing;

import ink.octopost.networks.NetworkFailure;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Targets whose network is still working on the current part ({@link NetworkFailure.InProgress}:
 * an Instagram or Threads container processing, an upload being checked). The target goes back to
 * pending until the connector's {@code checkAt}, holding no thread and spending no attempt, with
 * the connector's small map stored on it ({@code post_targets.progress}, V18) and handed back as
 * {@code Publication.progress()} on the next call of that same part, and only that part: a part
 * that publishes, a target that finishes (published, failed, unconfirmed) and a retry all clear it.
 *
 * <p>The connector bounds the wait itself (it fails with Rejected); behind it the engine gives up
 * after {@code octopost.engine.max-in-progress} of waiting for one part, so a connector that never
 * stops answering InProgress cannot keep a target pending forever.
 */
@Component
class ProgressWaits {

  /** How soon and how late a connector that answered InProgress may ask to be called again. */
  static final Duration MIN_CHECK_DELAY = Duration.ofMillis(100);
  static final Duration MAX_CHECK_DELAY = Duration.ofHours(1);
  /** When a connector gives no checkAt. */
  private static final Duration DEFAULT_CHECK_DELAY = Duration.ofSeconds(1);
  private static final TypeReference<Map<String, String>> PROGRESS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final EngineProperties props;

  ProgressWaits(JdbcClient jdbc, JsonMapper json, EngineProperties props) {
    this.jdbc = jdbc;
    this.json = json;
    this.props = props;
  }

  /** The progress to hand the connector for part {@code segment}: what it stored for it, or empty. */
  Map<String, String> given(TargetStore.Claimed c, int segment) {
    String stored = c.progressFor(segment);
    return stored == null ? Map.of() : json.readValue(stored, PROGRESS);
  }

  /** How long the network has been working on part {@code segment}, counting from its first InProgress. */
  Duration waited(TargetStore.Claimed c, int segment, Instant now) {
    return Duration.between(since(c, segment, now), now);
  }

  /** Whether this part has waited past the engine's cap; then the target fails instead of waiting again. */
  boolean tooLong(TargetStore.Claimed c, int segment, Instant now) {
    return waited(c, segment, now).compareTo(props.maxInProgress()) >= 0;
  }

  /** "Reply segment 2 of 3: " for a reply, nothing for the post itself. */
  String where(int part, int parts) {
    return part == 0 ? "" : "Reply segment " + part + " of " + (parts - 1) + ": ";
  }

  /**
   * Gives the target back, due at the connector's {@code checkAt} (kept between 100 ms and an hour
   * away, so a connector can neither spin the engine nor park a target out of sight), with its
   * progress stored; returns false when this node no longer held the target.
   */
  boolean waitFor(TargetStore.Claimed c, String owner, int part, int parts, NetworkFailure.InProgress p, Instant now) {
    Instant at = p.checkAt() == null ? now.plus(DEFAULT_CHECK_DELAY) : p.checkAt();
    if (at.isBefore(now.plus(MIN_CHECK_DELAY))) {
      at = now.plus(MIN_CHECK_DELAY);
    } else if (at.isAfter(now.plus(MAX_CHECK_DELAY))) {
      at = now.plus(MAX_CHECK_DELAY);
    }
    return store(c, owner, part, at, json.writeValueAsString(p.progress()), since(c, part, now), where(part, parts) + p.getMessage(),
        now);
  }

  /** When the wait for this part began: at its first InProgress (this one, if there was none before). */
  private static Instant since(TargetStore.Claimed c, int segment, Instant now) {
    return c.progressFor(segment) != null ? c.waiting().since() : now;
  }

  /**
   * Back to pending, due at {@code at}, with {@code progress} stored for part {@code segment} and
   * the connector's message shown as {@code in_progress} meanwhile. No attempt is spent, and the
   * target is left not "sending" even when the send gate opened during this run:
   *
   * <ul>
   *   <li>{@code sending_at} is cleared in the same statement that stores the progress, so a
   *       takeover ({@link EngineNodes}) can never find this target "maybe sent": while it waits
   *       it is pending and held by no node, so a node dying meanwhile affects nothing, and the
   *       next run claims it like any other target and resumes from the stored progress.
   *   <li>If the gate did open (its marker committed: {@code sending_at} set, {@code attempts}
   *       raised, an attempt begun in the log), the connector has told us, by the InProgress
   *       contract, that the post exists with enough in {@code progress} to finish it without
   *       creating it again; nothing is left to confirm. The attempt count is put back and the
   *       open log entry removed; the next run's marker begins that same attempt again. A long
   *       wait thus neither counts against max-attempts nor pushes real attempts out of the log.
   *   <li>A crash after the marker and before this statement commits keeps today's rule: an
   *       idempotent network is re-run with the same key (and the progress stored before that
   *       run), any other becomes {@code unconfirmed}, because the request may have created the
   *       post and nothing recorded how far it got.
   *   <li>A crash during a later run before its gate opens (the connector only checking) finds
   *       no marker: the target runs again, no attempt spent, and the stored progress is still
   *       there, so the wait resumes instead of starting the part over.
   * </ul>
   */
  private boolean store(TargetStore.Claimed c, String owner, int segment, Instant at, String progressJson, Instant since,
      String message, Instant now) {
    return jdbc.sql(
                """
                UPDATE post_targets SET status = 'pending', due_at = :at, error_code = 'in_progress', error = :error,
                  progress = CAST(:progress AS jsonb), progress_segment = :segment, progress_since = :since,
                  attempts = CASE WHEN sending_at IS NOT NULL THEN least(attempts, :n - 1) ELSE attempts END,
                  attempt_log = CASE
                    WHEN sending_at IS NOT NULL AND jsonb_array_length(attempt_log) > 0
                      AND (attempt_log -> -1 ->> 'number')::int = :n AND attempt_log -> -1 -> 'finished_at' IS NULL
                    THEN attempt_log - (-1) ELSE attempt_log END,
                  lease_until = NULL, lease_owner = NULL, sending_at = NULL, updated_at = :now
                WHERE id = :id AND status = 'publishing' AND lease_owner = :owner""")
            .param("at", Timestamp.from(at)).param("error", truncate(message)).param("progress", progressJson)
            .param("segment", segment).param("since", Timestamp.from(since)).param("n", c.attempts())
            .param("now", Timestamp.from(now)).param("id", c.id()).param("owner", owner)
            .update() == 1;
  }

  private static String truncate(String s) {
    return s == null || s.length() <= 2000 ? s : s.substring(0, 2000) + "…";
  }
}

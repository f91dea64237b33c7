package ink.octopost.networks.linkedin;

import ink.octopost.networks.NetworkFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Watches an uploaded video until LinkedIn says {@code AVAILABLE} (networks.md 4.3), without holding a
 * thread: while it processes, {@link NetworkFailure.InProgress} hands the video's URN and the start time to
 * the engine, which calls publish again later; the post is created only once the video is available.
 */
final class LinkedInVideoWait {

  static final String VIDEO = "video";
  static final String STARTED = "started";
  /** Longest wait for LinkedIn's processing before the post fails. */
  static final Duration LIMIT = Duration.ofMinutes(60);
  static final Duration FIRST_CHECK = Duration.ofSeconds(5);
  static final Duration LATER_CHECKS = Duration.ofSeconds(30);

  private final LinkedInMedia uploads;
  private final Clock clock;

  LinkedInVideoWait(LinkedInMedia uploads, Clock clock) {
    this.uploads = uploads;
    this.clock = clock;
  }

  /** Returns when the video is available; else throws InProgress (still processing) or Rejected (failed, too long). */
  void untilAvailable(String urn, String token, boolean refreshable, Map<String, String> progress) throws NetworkFailure {
    JsonNode status = uploads.videoStatus(urn, token, refreshable);
    String s = status.path("status").asString("");
    if ("AVAILABLE".equals(s)) {
      return;
    }
    if ("PROCESSING_FAILED".equals(s)) {
      String reason = status.path("processingFailureReason").asString("");
      throw new NetworkFailure.Rejected("video_processing_failed",
          "LinkedIn could not process the video" + (reason.isBlank() ? "" : ": " + reason));
    }
    Instant now = clock.instant();
    Instant started = started(progress.get(STARTED), now);
    if (Duration.between(started, now).compareTo(LIMIT) > 0) {
      throw new NetworkFailure.Rejected("video_processing_timeout",
          "LinkedIn was still processing the video after " + LIMIT.toMinutes() + " minutes (status " + s + ")");
    }
    Duration wait = progress.isEmpty() ? FIRST_CHECK : LATER_CHECKS;
    throw new NetworkFailure.InProgress("LinkedIn is processing the video (" + (s.isBlank() ? "status unknown" : s) + ")",
        now.plus(wait), Map.of(VIDEO, urn, STARTED, started.toString()));
  }

  private static Instant started(String s, Instant now) {
    if (s == null) {
      return now;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      return now;
    }
  }
}

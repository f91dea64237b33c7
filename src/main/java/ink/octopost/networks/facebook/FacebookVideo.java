package ink.octopost.networks.facebook;

import ink.octopost.networks.MediaFile;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.Publication;
import ink.octopost.networks.SendGate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A Page video: the resumable upload of {@code POST /{page-id}/videos} (networks.md 7.2) with
 * {@code upload_phase=start} (the size), {@code transfer} (each chunk Meta asks for, streamed from the
 * media store at the offsets Meta names) and {@code finish} (title and description: this creates the
 * post, so the send gate opens right before it). The bytes are sent rather than pulled with
 * {@code file_url}, so a video never depends on Meta fetching a large file from this server, and all
 * of it is uploaded before the gate opens. Meta then processes the video ({@code GET /{video-id}?fields=status});
 * the connector looks again later ({@link NetworkFailure.InProgress}) instead of waiting in a thread.
 */
final class FacebookVideo {

  /** Progress keys: the video (the post's id) and when processing was first seen. */
  static final String VIDEO_ID = "video_id";
  static final String SINCE = "processing_since";

  /** How often to look at a processing video, and how long to wait before calling it failed. */
  static final Duration CHECK_EVERY = Duration.ofSeconds(30);
  static final Duration GIVE_UP_AFTER = Duration.ofMinutes(60);

  /** Transfers that may be asked for before Meta's offsets are taken as going nowhere. */
  private static final int MAX_TRANSFERS = 100_000;

  private final GraphApi api;
  private final Clock clock;

  FacebookVideo(GraphApi api, Clock clock) {
    this.api = api;
    this.clock = clock;
  }

  /** Uploads the video, opens the gate, finishes it as a post; returns the video id. */
  String upload(String pageId, String token, MediaFile file, String description, String title, SendGate gate)
      throws NetworkFailure {
    var start = api.uploadVideo(pageId + "/videos", token,
        Map.of("upload_phase", "start", "file_size", Long.toString(file.size())));
    String videoId = start.path("video_id").asString(null);
    String session = start.path("upload_session_id").asString(null);
    if (blank(videoId) || blank(session)) {
      throw new NetworkFailure.Unavailable("Facebook started a video upload without a video or session id");
    }
    long from = offset(start, "start_offset");
    long to = offset(start, "end_offset");
    int transfers = 0;
    while (from < to) {
      if (to > file.size() || ++transfers > MAX_TRANSFERS) {
        throw new NetworkFailure.Unavailable("Facebook asked for bytes " + from + "-" + to + " of a " + file.size() + "-byte video");
      }
      var next = api.uploadVideo(pageId + "/videos", token,
          Map.of("upload_phase", "transfer", "upload_session_id", session, "start_offset", Long.toString(from)),
          "video_file_chunk", file.fileName(), file.bodyPublisher(from, to - from));
      long nextFrom = offset(next, "start_offset");
      long nextTo = offset(next, "end_offset");
      if (nextFrom <= from && nextTo <= to) {
        throw new NetworkFailure.Unavailable("Facebook did not move on after bytes " + from + "-" + to);
      }
      from = nextFrom;
      to = nextTo;
    }
    if (from != file.size()) {
      throw new NetworkFailure.Unavailable("Facebook ended the upload at " + from + " of " + file.size() + " bytes");
    }
    var finish = new LinkedHashMap<String, String>();
    finish.put("upload_phase", "finish");
    finish.put("upload_session_id", session);
    if (!blank(description)) {
      finish.put("description", description);
    }
    if (!blank(title)) {
      finish.put("title", title);
    }
    // Start and transfer created nothing anyone sees; finish publishes the video.
    gate.open();
    JsonNode done = api.publishVideo(pageId + "/videos", token, finish);
    if (!done.path("success").asBoolean(true)) {
      throw new NetworkFailure.OutcomeUnknown("Facebook answered the video's finish without success");
    }
    return videoId;
  }

  /**
   * The video post once Meta processed it; {@link NetworkFailure.InProgress} while it processes (or
   * cannot be asked just now: the post exists, so it is never created again); {@code Rejected} when
   * processing failed or took longer than {@link #GIVE_UP_AFTER}.
   */
  Publication.Published check(String videoId, String token, Map<String, String> progress) throws NetworkFailure {
    Instant now = clock.instant();
    Instant since = since(progress, now);
    JsonNode video;
    try {
      video = api.get(videoId, token, Map.of("fields", "status,permalink_url"));
    } catch (NetworkFailure.Unavailable | NetworkFailure.RateLimited | NetworkFailure.OutcomeUnknown e) {
      Instant at = e instanceof NetworkFailure.RateLimited r && r.retryAt() != null ? r.retryAt() : now.plus(CHECK_EVERY);
      throw waiting(videoId, since, at, "Facebook could not say how the video is doing: " + e.getMessage());
    } catch (NetworkFailure e) {
      // The post exists; its status cannot be read with this token. Record it as it is.
      return published(videoId, null);
    }
    JsonNode status = video.path("status");
    String state = status.path("video_status").asString("");
    if ("error".equals(state) || "error".equals(status.path("processing_phase").path("status").asString(""))) {
      throw new NetworkFailure.Rejected("video_processing_failed", "Facebook could not process the video: " + reason(status));
    }
    if ("processing".equals(state) || "upload_complete".equals(state)
        || "in_progress".equals(status.path("processing_phase").path("status").asString(""))) {
      if (Duration.between(since, now).compareTo(GIVE_UP_AFTER) > 0) {
        throw new NetworkFailure.Rejected("video_processing_timeout",
            "Facebook was still processing the video after " + GIVE_UP_AFTER.toMinutes() + " minutes");
      }
      throw waiting(videoId, since, now.plus(CHECK_EVERY), "Facebook is processing the video");
    }
    return published(videoId, video.path("permalink_url").asString(null));
  }

  static Publication.Published published(String videoId, String permalink) {
    return new Publication.Published(videoId, FacebookConnector.permalink(permalink, videoId), Map.of("id", videoId));
  }

  private static NetworkFailure.InProgress waiting(String videoId, Instant since, Instant at, String message) {
    return new NetworkFailure.InProgress(message, at, Map.of(VIDEO_ID, videoId, SINCE, since.toString()));
  }

  private static Instant since(Map<String, String> progress, Instant now) {
    try {
      return progress.containsKey(SINCE) ? Instant.parse(progress.get(SINCE)) : now;
    } catch (java.time.format.DateTimeParseException e) {
      return now;
    }
  }

  private static String reason(JsonNode status) {
    for (String phase : new String[] {"processing_phase", "publishing_phase", "uploading_phase"}) {
      JsonNode errors = status.path(phase).path("errors");
      if (errors.isArray() && !errors.isEmpty()) {
        return errors.get(0).path("message").asString("no reason given");
      }
    }
    return "no reason given";
  }

  private static long offset(JsonNode node, String field) throws NetworkFailure {
    JsonNode v = node.path(field);
    try {
      return v.isNumber() ? v.asLong() : Long.parseLong(v.asString(""));
    } catch (NumberFormatException e) {
      throw new NetworkFailure.Unavailable("Facebook's video upload answer has no " + field);
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}

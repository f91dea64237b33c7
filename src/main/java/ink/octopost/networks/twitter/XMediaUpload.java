package ink.octopost.networks.twitter;

import ink.octopost.networks.MediaFile;
import ink.octopost.networks.NetworkFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * The v2 chunked upload (networks.md 1.3): initialize, append the bytes in numbered segments,
 * finalize, and, when X answers with {@code processing_info}, poll its status until it succeeded:
 * media must not be used in a post before that.
 */
final class XMediaUpload {

  /** X takes at most 5 MB per APPEND; a little less leaves room for the multipart framing. */
  static final int DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;
  private static final Duration MAX_WAIT = Duration.ofMinutes(10);
  private static final long MAX_CHECK_AFTER_SECONDS = 30;

  private final XApi api;
  private final Clock clock;
  private final int chunkBytes;

  XMediaUpload(XApi api, Clock clock, int chunkBytes) {
    this.api = api;
    this.clock = clock;
    this.chunkBytes = chunkBytes;
  }

  /** Uploads one image or video and returns its media id, ready to attach. */
  String upload(XApi.Bearer auth, MediaFile media, String altText) throws NetworkFailure {
    long size = media.size();
    var init = api.initializeUpload(auth, media.mimeType(), size, category(media));
    String id = init.path("id").asString(null);
    if (id == null || id.isBlank()) {
      throw new NetworkFailure.Unavailable("X did not return a media id when the upload was initialized");
    }
    int segment = 0;
    // Each segment is read from the store as its request is sent: never more than one chunk in flight.
    for (long offset = 0; offset < size || segment == 0; offset += chunkBytes) {
      api.appendUpload(auth, id, segment++, media.bodyPublisher(offset, Math.min(size - offset, chunkBytes)));
    }
    var processing = api.finalizeUpload(auth, id).path("processing_info");
    Instant deadline = clock.instant().plus(MAX_WAIT);
    while (!processing.isMissingNode() && !processing.isNull()) {
      String state = processing.path("state").asString("");
      if (state.equals("succeeded")) {
        break;
      }
      if (state.equals("failed")) {
        throw new NetworkFailure.Rejected("media_rejected", "X could not process the media: " + failure(processing));
      }
      if (clock.instant().isAfter(deadline)) {
        throw new NetworkFailure.Unavailable("X was still processing the media after " + MAX_WAIT.toMinutes() + " minutes");
      }
      sleep(processing.path("check_after_secs").asLong(1));
      processing = api.uploadStatus(auth, id).path("processing_info");
    }
    if (altText != null && !altText.isBlank()) {
      api.altText(auth, id, altText);
    }
    return id;
  }

  private static String category(MediaFile media) {
    if (media.isVideo()) {
      return "tweet_video";
    }
    return media.mimeType().equals("image/gif") ? "tweet_gif" : "tweet_image";
  }

  private static String failure(JsonNode processing) {
    var error = processing.path("error");
    return error.path("message").asString(error.path("name").asString("processing failed"));
  }

  private static void sleep(long seconds) throws NetworkFailure {
    try {
      Thread.sleep(Duration.ofSeconds(Math.clamp(seconds, 1, MAX_CHECK_AFTER_SECONDS)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NetworkFailure.Unavailable("interrupted while X processed the media");
    }
  }
}

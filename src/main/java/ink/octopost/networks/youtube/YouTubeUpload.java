package ink.octopost.networks.youtube;

import ink.octopost.networks.MediaFile;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.SendGate;
import ink.octopost.shared.OutboundHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Google's resumable upload protocol for {@code videos.insert} (networks.md 9.2): a session is created
 * with the metadata ({@code Location} is its URI), then the bytes go in chunks of a multiple of 256 KiB,
 * each streamed from the media store, answered with {@code 308} and {@code Range: bytes=0-N} until the
 * last one returns the video. When a chunk fails (a dropped connection, a 5xx), the session is asked
 * how far it got ({@code Content-Range: bytes *}/size) and the upload continues from the byte after
 * the acknowledged one: never from zero. When asking fails too, the session URI goes into the
 * target's progress ({@link NetworkFailure.InProgress}) and the next call resumes the same session.
 *
 * <p>The send gate: the session and every chunk but the last create nothing anyone sees; the request
 * carrying the file's last byte is the one that makes the video. So the gate opens right before the
 * first request that could complete the upload. After it opened, the session URI is what makes a retry
 * safe: asking it answers with the video when the upload completed, so it is never uploaded twice.
 */
final class YouTubeUpload {

  static final String SESSION = "upload_session";
  static final String SIZE = "upload_size";

  /** Retries of a failing chunk within one call before handing over to the engine. */
  private static final int TRIES_PER_CALL = 3;
  static final Duration RESUME_AFTER = Duration.ofSeconds(30);

  private final GoogleApi api;
  private final Clock clock;
  private final long chunk;

  YouTubeUpload(GoogleApi api, Clock clock, long chunkBytes) {
    this.api = api;
    this.clock = clock;
    this.chunk = chunkBytes;
  }

  /** A new session for {@code file} with the video resource {@code metadata}; returns its URI. */
  String start(String token, MediaFile file, Object metadata, boolean notifySubscribers) throws NetworkFailure {
    String query = "uploadType=resumable&part=snippet,status" + (notifySubscribers ? "" : "&notifySubscribers=false");
    var req = OutboundHttp.request(URI.create(api.api + "/upload/youtube/v3/videos?" + query))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json; charset=UTF-8")
        .header("X-Upload-Content-Length", Long.toString(file.size()))
        .header("X-Upload-Content-Type", file.mimeType().startsWith("video/") ? file.mimeType() : "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(api.json().writeValueAsBytes(metadata))).build();
    var r = api.quietly(req);
    if (r.statusCode() / 100 != 2) {
      throw api.failure(r);
    }
    String location = r.headers().firstValue("Location").orElse(null);
    if (location == null || !location.startsWith(api.api + "/")) {
      throw new NetworkFailure.Unavailable("YouTube started an upload without a usable session URI");
    }
    return location;
  }

  /**
   * Sends the bytes the session lacks, from {@code from}, and returns the video resource.
   *
   * @param resuming whether the session existed before this call (then it is asked first where it stands)
   */
  JsonNode send(String session, String token, MediaFile file, boolean resuming, SendGate gate) throws NetworkFailure {
    long size = file.size();
    boolean gateOpen = false;
    int failures = 0;
    Object at = resuming ? query(session, token, size, gate, false) : Long.valueOf(0);
    while (true) {
      if (at instanceof JsonNode video) {
        return video;
      }
      long from = (Long) at;
      long length = Math.min(chunk, size - from);
      boolean last = from + length >= size;
      if (last && !gateOpen) {
        gate.open(); // this request may create the video
        gateOpen = true;
      }
      var req = OutboundHttp.request(URI.create(session))
          .timeout(Duration.ofMinutes(10))
          .header("Authorization", "Bearer " + token)
          .header("Content-Type", file.mimeType())
          .header("Content-Range", "bytes " + from + "-" + (from + length - 1) + "/" + size)
          .PUT(file.bodyPublisher(from, length)).build();
      HttpResponse<byte[]> r;
      try {
        r = api.send(req);
      } catch (NetworkFailure.Unavailable | NetworkFailure.OutcomeUnknown dropped) {
        r = null;
      }
      if (r != null && r.statusCode() != 308 && r.statusCode() / 100 != 2 && r.statusCode() < 500) {
        throw api.failure(r); // the session refused the chunk for good (or the token expired)
      }
      if (r != null && r.statusCode() != 308 && r.statusCode() / 100 == 2) {
        return api.read(r);
      }
      if (r != null && r.statusCode() == 308) {
        at = acknowledged(r, size);
        if ((Long) at <= from) {
          failures++;
        }
      } else {
        failures++;
        if (failures > TRIES_PER_CALL) {
          throw resumeLater(session, size, "YouTube kept failing to take the video's bytes at " + from + " of " + size);
        }
        at = query(session, token, size, gate, gateOpen);
        gateOpen |= at instanceof JsonNode;
      }
      if (failures > TRIES_PER_CALL) {
        throw resumeLater(session, size, "YouTube kept not taking the video's bytes at " + from + " of " + size);
      }
    }
  }

  /**
   * Asks the session how far it got: the video (the upload completed), or the next byte it needs. When
   * that cannot be asked just now, the same session is resumed by a later call.
   */
  private Object query(String session, String token, long size, SendGate gate, boolean gateOpen) throws NetworkFailure {
    var req = OutboundHttp.request(URI.create(session))
        .header("Authorization", "Bearer " + token)
        .header("Content-Range", "bytes */" + size)
        .PUT(HttpRequest.BodyPublishers.noBody()).build();
    HttpResponse<byte[]> r;
    try {
      r = api.quietly(req);
    } catch (NetworkFailure.Unavailable e) {
      throw resumeLater(session, size, "YouTube's upload session could not be asked where it stands: " + e.getMessage());
    }
    if (r.statusCode() == 308) {
      return acknowledged(r, size);
    }
    if (r.statusCode() / 100 == 2) {
      return api.read(r);
    }
    if (r.statusCode() >= 500) {
      throw resumeLater(session, size, "YouTube's upload session answered HTTP " + r.statusCode());
    }
    if (r.statusCode() == 404 || r.statusCode() == 410) {
      // Sessions live about a week; an expired one never made a video.
      throw new NetworkFailure.Unavailable("YouTube's upload session expired before the video was complete; it starts over");
    }
    throw api.failure(r);
  }

  /** The byte after {@code Range: bytes=0-N}; 0 when no byte was kept. */
  private static Long acknowledged(HttpResponse<byte[]> r, long size) throws NetworkFailure {
    String range = r.headers().firstValue("Range").orElse(null);
    if (range == null || range.isBlank()) {
      return 0L;
    }
    try {
      long last = Long.parseLong(range.substring(range.lastIndexOf('-') + 1).strip());
      if (last + 1 > size) {
        throw new NetworkFailure.Unavailable("YouTube acknowledged more bytes than the video has");
      }
      return last + 1;
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      throw new NetworkFailure.Unavailable("YouTube's upload session answered an unreadable Range: " + range);
    }
  }

  private NetworkFailure.InProgress resumeLater(String session, long size, String message) {
    return new NetworkFailure.InProgress(message, clock.instant().plus(RESUME_AFTER),
        Map.of(SESSION, session, SIZE, Long.toString(size)));
  }
}

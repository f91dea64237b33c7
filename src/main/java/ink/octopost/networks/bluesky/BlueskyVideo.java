package ink.octopost.networks.bluesky;

import ink.octopost.networks.MediaFile;
import ink.octopost.networks.NetworkCalls;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.shared.OutboundHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A video through Bluesky's video service (https://docs.bsky.app/docs/tutorials/video), which
 * transcodes it and stores the result on the user's PDS before the post exists: the limits are
 * checked first ({@code app.bsky.video.getUploadLimits}, with a service-auth token for the video
 * service), the bytes go to {@code app.bsky.video.uploadVideo?did=&name=} with a service-auth
 * token the PDS issues for itself ({@code aud} = the PDS's DID: {@code did:web:} and the host of
 * the {@code #atproto_pds} endpoint in the session's DID document, as Bluesky's app does, since
 * an entryway such as bsky.social is not the PDS that will check the token; describeServer's
 * {@code did} when the session has no DID document, as on a PDS that serves itself), {@code lxm} =
 * {@code com.atproto.repo.uploadBlob}, 30 minutes: the service uploads the result with it), and
 * {@code app.bsky.video.getJobStatus} is polled until the job has a blob. The service answers
 * uploadVideo with a bare JobStatus rather than the lexicon's {@code {jobStatus}}, and a video it
 * has seen before as {@code already_exists} with the earlier job, whose status carries the blob;
 * both shapes are read. A failed job is a refusal with the service's message; 429 waits for
 * {@code RateLimit-Reset}; 5xx and an unreachable service are transient, and so is a job still
 * running at the timeout (a retry finds the video already processed).
 */
final class BlueskyVideo {

  static final String UPLOAD_BLOB = "com.atproto.repo.uploadBlob";
  static final String GET_UPLOAD_LIMITS = "app.bsky.video.getUploadLimits";

  /** The video service cannot take this video now: whoever configured a fallback may use the PDS. */
  static final class ServiceRefused extends Exception {
    final NetworkFailure failure;

    ServiceRefused(NetworkFailure failure) {
      super(failure.getMessage(), null, false, false);
      this.failure = failure;
    }
  }

  /** Waits between polls; tests pass one that does not sleep. */
  interface Pause {
    void pause(Duration d) throws InterruptedException;
  }

  private final BlueskyApi api;
  private final OutboundHttp http;
  private final JsonMapper json;
  private final Clock clock;
  private final BlueskyVideoProperties settings;
  private final Pause pause;

  BlueskyVideo(BlueskyApi api, OutboundHttp http, JsonMapper json, Clock clock, BlueskyVideoProperties settings,
      Pause pause) {
    this.api = api;
    this.http = http;
    this.json = json;
    this.clock = clock;
    this.settings = settings;
    this.pause = pause;
  }

  /** The processed video's blob, stored on the user's PDS by the service. */
  JsonNode upload(String service, String accessJwt, String did, MediaFile video)
      throws NetworkFailure, ServiceRefused {
    long expires = clock.instant().plus(Duration.ofMinutes(30)).getEpochSecond();
    String limitsToken = api.getServiceAuth(service, accessJwt, settings.did(), GET_UPLOAD_LIMITS, expires);
    checkLimits(limitsToken, video.size());
    String pdsDid = pdsDid(service, accessJwt);
    String uploadToken = api.getServiceAuth(service, accessJwt, pdsDid, UPLOAD_BLOB, expires);
    String name = video.fileName() == null || video.fileName().isBlank() ? "video.mp4" : video.fileName();
    var req = OutboundHttp.request(uri("app.bsky.video.uploadVideo?did=" + enc(did) + "&name=" + enc(name)))
        .timeout(Duration.ofMinutes(5))
        .header("Authorization", "Bearer " + uploadToken)
        .header("Content-Type", video.mimeType())
        .POST(video.bodyPublisher()) // streamed from the store, with its Content-Length
        .build();
    var r = send(req);
    JsonNode status = jobStatus(r);
    if (!success(r) && !"already_exists".equals(status.path("error").asString(""))) {
      throw refusal(r, "uploadVideo");
    }
    return await(status);
  }

  /** The DID of the PDS that holds the account's repository: the audience of the upload token. */
  private String pdsDid(String service, String accessJwt) throws NetworkFailure {
    for (JsonNode entry : api.getSession(service, accessJwt).path("didDoc").path("service")) {
      if (entry.path("id").asString("").endsWith("#atproto_pds")) {
        try {
          String host = URI.create(entry.path("serviceEndpoint").asString("")).getHost();
          if (host != null) {
            return "did:web:" + host;
          }
        } catch (IllegalArgumentException ignored) {
          // an unreadable endpoint: ask the service itself
        }
      }
    }
    String did = api.describeServer(service).path("did").asString(null);
    if (did == null || !did.startsWith("did:")) {
      throw new NetworkFailure.Unavailable("Bluesky's describeServer answered without the PDS's DID");
    }
    return did;
  }

  /** canUpload, and room for one more video of this size today. */
  private void checkLimits(String token, long size) throws NetworkFailure, ServiceRefused {
    var r = send(OutboundHttp.request(uri(GET_UPLOAD_LIMITS)).header("Authorization", "Bearer " + token).GET().build());
    JsonNode limits = read(r);
    if (!success(r) && !limits.has("canUpload")) {
      throw refusal(r, "getUploadLimits");
    }
    if (!limits.path("canUpload").asBoolean(false)) {
      throw new ServiceRefused(new NetworkFailure.Rejected("video_upload_refused",
          "Bluesky's video service does not take videos from this account now: " + reason(limits, "canUpload is false")));
    }
    if (limits.has("remainingDailyVideos") && limits.path("remainingDailyVideos").asLong() < 1
        || limits.has("remainingDailyBytes") && limits.path("remainingDailyBytes").asLong() < size) {
      throw new ServiceRefused(new NetworkFailure.Rejected("video_limit_reached",
          "Bluesky's daily video limit is reached for this account (" + limits.path("remainingDailyVideos").asLong()
              + " videos, " + limits.path("remainingDailyBytes").asLong() + " bytes left; this video has " + size + ")"));
    }
  }

  /** Polls until the job has a blob, fails, or the timeout passes. */
  private JsonNode await(JsonNode status) throws NetworkFailure, ServiceRefused {
    String jobId = status.path("jobId").asString(null);
    // counted, not timed: an interval under half a second (tests use none) counts as half a second
    long polls = Math.max(1, settings.timeout().toMillis() / Math.max(500, settings.pollInterval().toMillis()));
    for (long i = 0; ; i++) {
      JsonNode blob = status.path("blob");
      if (blob.isObject()) {
        return blob;
      }
      if ("JOB_STATE_FAILED".equals(status.path("state").asString(null))) {
        throw new NetworkFailure.Rejected("video_rejected", "Bluesky's video service could not process the video: "
            + reason(status, "the job failed"));
      }
      // already_exists comes without the blob: the job's status has it
      if (jobId == null || i > 0 && "JOB_STATE_COMPLETED".equals(status.path("state").asString(null))) {
        throw new NetworkFailure.Unavailable("Bluesky's video service answered a job without a blob: " + status);
      }
      if (i >= polls) {
        throw new NetworkFailure.Unavailable("Bluesky's video service was still processing the video after "
            + settings.timeout().toSeconds() + " s (job " + jobId + ", " + status.path("state").asString("") + ")");
      }
      try {
        pause.pause(settings.pollInterval());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new NetworkFailure.Unavailable("Interrupted while Bluesky's video service processed the video");
      }
      var r = send(OutboundHttp.request(uri("app.bsky.video.getJobStatus?jobId=" + enc(jobId))).GET().build());
      if (!success(r)) {
        throw refusal(r, "getJobStatus");
      }
      status = jobStatus(r);
    }
  }

  /** The JobStatus of an answer: the lexicon's {@code {jobStatus}}, or the bare object the service sends. */
  private JsonNode jobStatus(HttpResponse<byte[]> r) {
    JsonNode body = read(r);
    return body.path("jobStatus").isObject() ? body.path("jobStatus") : body;
  }

  /** 429 waits; 5xx and 404 (no such service here) may go to the fallback; other refusals stand. */
  private ServiceRefused refusal(HttpResponse<byte[]> r, String method) throws NetworkFailure {
    var e = api.error(r);
    NetworkFailure failure = api.classify(r, e);
    String message = "Bluesky's video service answered " + r.statusCode() + " to " + method + ": " + e;
    if (failure instanceof NetworkFailure.RateLimited limited) {
      return new ServiceRefused(new NetworkFailure.RateLimited(message, limited.retryAt()));
    }
    if (failure instanceof NetworkFailure.Unavailable || r.statusCode() == 404 || r.statusCode() == 501) {
      return new ServiceRefused(new NetworkFailure.Unavailable(message));
    }
    throw new NetworkFailure.Rejected("video_rejected", message);
  }

  private static String reason(JsonNode n, String otherwise) {
    String message = n.path("message").asString("");
    String error = n.path("error").asString("");
    if (message.isBlank()) {
      return error.isBlank() ? otherwise : error;
    }
    return error.isBlank() ? message : message + " (" + error + ")";
  }

  private JsonNode read(HttpResponse<byte[]> r) {
    try {
      JsonNode n = json.readTree(r.body());
      return n.isObject() ? n : json.createObjectNode();
    } catch (RuntimeException e) {
      return json.createObjectNode();
    }
  }

  private HttpResponse<byte[]> send(HttpRequest req) throws ServiceRefused, NetworkFailure {
    try {
      return NetworkCalls.send(http, req, "Bluesky's video service");
    } catch (NetworkFailure.Unavailable e) {
      throw new ServiceRefused(e);
    }
  }

  private static boolean success(HttpResponse<byte[]> r) {
    return r.statusCode() >= 200 && r.statusCode() < 300;
  }

  private URI uri(String pathAndQuery) {
    return URI.create(settings.url() + "/xrpc/" + pathAndQuery);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}

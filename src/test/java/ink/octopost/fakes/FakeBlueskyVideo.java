package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import ink.octopost.fakes.Xrpc.Answer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * Bluesky's video service (video.bsky.app) on loopback, as its docs and the lexicons
 * app.bsky.video.* describe it and as clients report it answers: getUploadLimits takes a
 * service-auth token for this service ({@code aud} its did:web, {@code lxm} the method);
 * uploadVideo takes {@code did} and {@code name} and a token the user's PDS issued for itself
 * ({@code lxm} com.atproto.repo.uploadBlob), answers a bare JobStatus (not the lexicon's
 * {@code {jobStatus}}), and a video it already processed for that DID with 409 and
 * {@code already_exists} (the earlier job, without its blob); getJobStatus answers
 * {@code {jobStatus}} and moves the job on one step per poll; when it completes, the video is
 * stored on the PDS with uploadBlob and that token (as the real service does after transcoding),
 * so the PDS, fake or real, checks the token. Faults can be scripted.
 */
public final class FakeBlueskyVideo implements AutoCloseable {

  /** Faults for the next uploadVideo (or, for {@code LIMITS_REFUSED}, getUploadLimits). */
  public enum Fault {
    /** getUploadLimits: 401 {@code canUpload: false}, "unconfirmed_email". */
    LIMITS_REFUSED,
    /** uploadVideo: 429 with RateLimit-Reset. */
    RATE_LIMITED,
    /** uploadVideo: 503. */
    UNAVAILABLE,
    /** The job fails while processing: JOB_STATE_FAILED with the service's error and message. */
    JOB_FAILS
  }

  /** A processing job. */
  public record Job(String jobId, String did, String name, byte[] bytes, String token, int polls, JsonNode blob, String failure) {}

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  /** getJobStatus polls until a job completes: one while it encodes, then the upload to the PDS. */
  private static final int POLLS_TO_COMPLETE = 2;

  private final HttpServer server;
  private final String pdsUrl;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final Map<String, String> processed = new ConcurrentHashMap<>(); // did + sha-256 -> jobId
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private volatile Instant rateLimitReset = Instant.ofEpochSecond(0);

  /** A video service that stores processed videos on the PDS at {@code pdsUrl}. */
  public FakeBlueskyVideo(String pdsUrl) throws IOException {
    this.pdsUrl = pdsUrl;
    server = LoopbackHttp.server();
    server.createContext("/xrpc/", this::dispatch);
    server.start();
  }

  public String url() {
    return LoopbackHttp.origin(server);
  }

  /** This service's DID, the audience of tokens for getUploadLimits (a did:web with a port is refused by the PDS). */
  public static final String DID = "did:web:video.fake.test";

  public synchronized FakeBlueskyVideo fault(Fault f) {
    faults.add(f);
    return this;
  }

  public FakeBlueskyVideo rateLimitResetAt(Instant at) {
    this.rateLimitReset = at;
    return this;
  }

  public int calls(String nsid) {
    var n = calls.get(nsid);
    return n == null ? 0 : n.get();
  }

  public java.util.List<Job> jobs() {
    return java.util.List.copyOf(jobs.values());
  }

  private synchronized boolean takeFault(Fault f) {
    return faults.remove(f);
  }

  private void dispatch(HttpExchange ex) throws IOException {
    String nsid = ex.getRequestURI().getPath().substring("/xrpc/".length());
    calls.computeIfAbsent(nsid, k -> new AtomicInteger()).incrementAndGet();
    try {
      switch (nsid) {
        case "app.bsky.video.getUploadLimits" -> limits(ex);
        case "app.bsky.video.uploadVideo" -> upload(ex);
        case "app.bsky.video.getJobStatus" -> status(ex);
        default -> throw new Answer(404, "MethodNotImplemented", "Method Not Implemented");
      }
    } catch (Answer a) {
      Xrpc.send(ex, a);
    } catch (RuntimeException e) {
      Xrpc.send(ex, 500, Map.of("error", "InternalServerError", "message", "Internal Server Error"));
    }
  }

  private void limits(HttpExchange ex) throws IOException, Answer {
    if (!ex.getRequestMethod().equals("GET")) {
      throw new Answer(400, "InvalidRequest", "Incorrect HTTP method (" + ex.getRequestMethod() + ") expected GET");
    }
    claims(ex, DID, "app.bsky.video.getUploadLimits");
    if (takeFault(Fault.LIMITS_REFUSED)) {
      Xrpc.send(ex, 401, Map.of("canUpload", false, "error", "unconfirmed_email",
          "message", "Please verify your email address before uploading videos"));
      return;
    }
    Xrpc.send(ex, 200, Map.of("canUpload", true, "remainingDailyVideos", 25, "remainingDailyBytes", 10_000_000_000L));
  }

  private void upload(HttpExchange ex) throws IOException, Answer {
    if (!ex.getRequestMethod().equals("POST")) {
      throw new Answer(400, "InvalidRequest", "Incorrect HTTP method (" + ex.getRequestMethod() + ") expected POST");
    }
    var q = Xrpc.query(ex);
    String did = q.get("did");
    String name = q.get("name");
    if (did == null || name == null || name.isBlank()) {
      throw new Answer(400, "InvalidRequest", "did and name are required query parameters");
    }
    // the token is the PDS's, for the PDS: only the PDS can check its audience and signature
    JsonNode claims = claims(ex, null, "com.atproto.repo.uploadBlob");
    if (!did.equals(claims.path("iss").asString())) {
      throw new Answer(401, "AuthenticationRequired", "token issuer does not match did");
    }
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.startsWith("video/")) {
      throw new Answer(400, "InvalidRequest", "unsupported content type: " + type);
    }
    if (takeFault(Fault.RATE_LIMITED)) {
      Xrpc.rateLimitHeaders(ex, 25, rateLimitReset, "25;w=86400");
      throw new Answer(429, "RateLimitExceeded", "Rate Limit Exceeded");
    }
    if (takeFault(Fault.UNAVAILABLE)) {
      throw new Answer(503, "ServiceUnavailable", "Service Unavailable");
    }
    byte[] bytes = ex.getRequestBody().readAllBytes();
    String key = did + " " + sha256(bytes);
    String earlier = processed.get(key);
    if (earlier != null && jobs.get(earlier).blob() != null) {
      Xrpc.send(ex, 409, view(jobs.get(earlier), "already_exists", "Video already processed"));
      return;
    }
    String jobId = Long.toString(Math.abs(Xrpc.RANDOM.nextLong()), 32);
    var job = new Job(jobId, did, name, bytes, Xrpc.bearer(ex), 0, null, takeFault(Fault.JOB_FAILS) ? "fail" : null);
    jobs.put(jobId, job);
    processed.put(key, jobId);
    Xrpc.send(ex, 200, view(job, null, null));
  }

  private void status(HttpExchange ex) throws IOException, Answer {
    String jobId = Xrpc.query(ex).get("jobId");
    Job job = jobId == null ? null : jobs.get(jobId);
    if (job == null) {
      throw new Answer(404, "NotFound", "job not found");
    }
    boolean failed = job.failure() != null && job.polls() > 0;
    if (job.blob() == null && !failed) {
      job = advance(job);
      jobs.put(jobId, job);
    }
    Xrpc.send(ex, 200, Map.of("jobStatus", view(job, null, null)));
  }

  /** One poll further; the last step stores the video on the PDS with the user's token. */
  private Job advance(Job job) {
    int polls = job.polls() + 1;
    if (job.failure() != null || polls < POLLS_TO_COMPLETE) {
      return new Job(job.jobId(), job.did(), job.name(), job.bytes(), job.token(), polls, null, job.failure());
    }
    try {
      var r = HTTP.send(HttpRequest.newBuilder(URI.create(pdsUrl + "/xrpc/com.atproto.repo.uploadBlob"))
          .header("Authorization", "Bearer " + job.token()).header("Content-Type", "video/mp4")
          .POST(HttpRequest.BodyPublishers.ofByteArray(job.bytes())).build(), HttpResponse.BodyHandlers.ofByteArray());
      JsonNode body = Xrpc.JSON.readTree(r.body());
      if (r.statusCode() != 200) {
        return new Job(job.jobId(), job.did(), job.name(), job.bytes(), job.token(), polls, null,
            "upload to PDS failed: " + body.path("error").asString() + " " + body.path("message").asString());
      }
      return new Job(job.jobId(), job.did(), job.name(), job.bytes(), job.token(), polls, body.path("blob"), null);
    } catch (IOException | InterruptedException e) {
      return new Job(job.jobId(), job.did(), job.name(), job.bytes(), job.token(), polls, null, "PDS unreachable");
    }
  }

  private static Map<String, Object> view(Job job, String error, String message) {
    var m = new LinkedHashMap<String, Object>();
    m.put("did", job.did());
    m.put("jobId", job.jobId());
    if (job.failure() != null && job.polls() > 0) {
      m.put("state", "JOB_STATE_FAILED");
      m.put("error", "video processing error for job: " + job.jobId());
      m.put("message", "Failed to process video");
      return m;
    }
    m.put("state", job.blob() != null ? "JOB_STATE_COMPLETED" : job.polls() == 0 ? "JOB_STATE_CREATED" : "JOB_STATE_ENCODING");
    if (job.blob() == null && job.polls() > 0) {
      m.put("progress", 100 * job.polls() / (job.polls() + 1));
    }
    if (error != null) { // already_exists: the earlier job, its blob only through getJobStatus
      m.put("error", error);
      m.put("message", message);
    } else if (job.blob() != null) {
      m.put("blob", job.blob());
    }
    return m;
  }

  /** A service-auth JWT's claims: its lxm, exp, and (when given) audience. */
  private static JsonNode claims(HttpExchange ex, String audience, String lxm) throws Answer {
    String bearer = Xrpc.bearer(ex);
    if (bearer == null) {
      throw new Answer(401, "AuthMissing", "Authentication Required");
    }
    JsonNode claims;
    try {
      claims = Xrpc.JSON.readTree(Base64.getUrlDecoder().decode(bearer.split("\\.")[1]));
    } catch (RuntimeException e) {
      throw new Answer(401, "InvalidToken", "Malformed token");
    }
    if (!claims.path("iss").isString() || !claims.path("aud").isString()) {
      throw new Answer(401, "InvalidToken", "Not a service-auth token");
    }
    if (audience != null && !audience.equals(claims.path("aud").asString())) {
      throw new Answer(401, "BadJwtAudience", "jwt audience does not match service did");
    }
    if (!lxm.equals(claims.path("lxm").asString(null))) {
      throw new Answer(401, "BadJwtLexiconMethod", "bad jwt lexicon method (\"lxm\"). must match: " + lxm);
    }
    if (claims.path("exp").asLong(0) < Instant.now().getEpochSecond()) {
      throw new Answer(401, "JwtExpired", "jwt expired");
    }
    return claims;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

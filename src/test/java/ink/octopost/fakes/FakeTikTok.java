package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * TikTok's Content Posting API on loopback (networks.md 8): Bearer tokens from {@link
 * FakeTikTokAuth} on the same server, {@code /v2/user/info/}, {@code creator_info/query} (privacy
 * options, max duration, disabled interactions), {@code video/init} checking post_info against the
 * creator and TikTok's chunk rules (5-64 MB chunks, the last up to 128 MB, files under 5 MB in one
 * chunk, {@code total_chunk_count = floor(video_size / chunk_size)}, 1-1000 chunks), chunk {@code PUT}s
 * checked by {@code Content-Range} in order (206, the last 201), {@code PULL_FROM_URL} only under a
 * verified prefix (videos are fetched at once; photos are only checked, as TikTok pulls them later),
 * and {@code status/fetch} answering {@code PROCESSING_UPLOAD} until every byte arrived and then for
 * {@link #processingPolls} more reads, then {@code PUBLISH_COMPLETE} (or {@code FAILED} with a
 * reason). Errors in TikTok's envelope. Faults: token ones at the first call of a publish ({@code
 * creator_info}), the others at the init call that creates the post. Chunks travel with the
 * creating request's post, so {@link #mediaUploads()} is 0.
 */
public final class FakeTikTok implements FakeNetwork {

  public static final long MB = 1_000_000L;

  /** A post TikTok holds (or is still receiving). */
  public record Post(String publishId, String postId, String openId, String title, String description, boolean video,
      int photos, Map<String, Object> postInfo, Map<String, Object> sourceInfo, String sha256) {}


  private final HttpServer server;
  private final FakeTikTokAuth auth;
  private final Map<String, FakeTikTokChunks.Upload> uploads = new ConcurrentHashMap<>();
  private final List<Post> held = new CopyOnWriteArrayList<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final AtomicInteger publishCalls = new AtomicInteger();
  private final AtomicInteger statusReads = new AtomicInteger();
  private final AtomicLong ids = new AtomicLong(7_300_000_000_000_000_000L);
  private final List<String> verifiedPrefixes = new CopyOnWriteArrayList<>();
  private final HttpClient client = HttpClient.newHttpClient();
  private final Map<String, String> usernames = new ConcurrentHashMap<>();
  private volatile List<String> privacyOptions = List.of("PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY");
  private volatile int maxDuration = 600;
  private volatile boolean commentDisabled;
  private volatile boolean duetDisabled;
  private volatile boolean stitchDisabled;
  private volatile int processingPolls;
  private volatile String failNextWith;

  public FakeTikTok() throws IOException {
    this(Clock.systemUTC());
  }

  public FakeTikTok(Clock clock) throws IOException {
    auth = new FakeTikTokAuth(clock);
    server = LoopbackHttp.server();
    server.createContext("/v2/auth/authorize/", auth::authorize);
    server.createContext("/v2/oauth/token/", auth::token);
    server.createContext("/v2/user/info/", this::userInfo);
    server.createContext("/v2/post/publish/creator_info/query/", this::creatorInfo);
    server.createContext("/v2/post/publish/video/init/", ex -> init(ex, true));
    server.createContext("/v2/post/publish/content/init/", ex -> init(ex, false));
    server.createContext("/v2/post/publish/status/fetch/", this::status);
    server.createContext("/upload/", ex -> FakeTikTokChunks.chunk(ex, uploads));
    server.start();
  }

  public String url() {
    return LoopbackHttp.origin(server);
  }

  public FakeTikTokAuth auth() {
    return auth;
  }

  public FakeTikTok user(String openId, String username) {
    usernames.put(openId, username);
    return this;
  }

  /** What creator_info answers. */
  public FakeTikTok creator(List<String> privacy, int maxDurationSec, boolean comment, boolean duet, boolean stitch) {
    privacyOptions = List.copyOf(privacy);
    maxDuration = maxDurationSec;
    commentDisabled = comment;
    duetDisabled = duet;
    stitchDisabled = stitch;
    return this;
  }

  /** Status reads answering PROCESSING_UPLOAD after the media arrived, before PUBLISH_COMPLETE. */
  public FakeTikTok processingPolls(int n) {
    processingPolls = n;
    return this;
  }

  /** The next post ends FAILED with this fail_reason. */
  public FakeTikTok failNextWith(String reason) {
    failNextWith = reason;
    return this;
  }

  /** URL prefixes verified for PULL_FROM_URL. */
  public FakeTikTok verify(String prefix) {
    verifiedPrefixes.add(prefix);
    return this;
  }

  public List<Post> posts() {
    return List.copyOf(held);
  }

  public int statusReads() {
    return statusReads.get();
  }

  @Override
  public List<Held> held() {
    return held.stream().filter(p -> p.postId() != null)
        .map(p -> new Held(p.postId(), p.video() ? p.title() : p.description(), null, p.photos(), List.of(), p.video()))
        .toList();
  }

  @Override
  public int publishCalls() {
    return publishCalls.get();
  }

  @Override
  public int mediaUploads() {
    return 0;
  }

  @Override
  public synchronized void failNext(Fault fault) {
    faults.add(fault);
  }

  @Override
  public long rateLimitResetSeconds() {
    return 60;
  }

  private synchronized boolean take(Fault... which) {
    for (Fault f : which) {
      if (faults.peek() == f) {
        faults.poll();
        return true;
      }
    }
    return false;
  }

  private FakeTikTokAuth.Token authorized(HttpExchange ex) throws IOException {
    String h = LoopbackHttp.header(ex, "Authorization");
    var t = h.startsWith("Bearer ") ? auth.valid(h.substring(7)) : null;
    if (t == null) {
      error(ex, 401, "access_token_invalid", "The access token is invalid or not found in the request.");
    }
    return t;
  }

  private void userInfo(HttpExchange ex) throws IOException {
    var t = authorized(ex);
    if (t == null) {
      return;
    }
    var user = new LinkedHashMap<String, Object>();
    user.put("open_id", t.openId());
    user.put("display_name", "Octo " + usernames.getOrDefault(t.openId(), "user"));
    user.put("username", usernames.get(t.openId()));
    user.put("avatar_url", "https://p16.tiktokcdn.example/" + t.openId() + ".jpeg");
    ok(ex, 200, Map.of("user", user));
  }

  private void creatorInfo(HttpExchange ex) throws IOException {
    if (take(Fault.EXPIRED_TOKEN)) {
      error(ex, 401, "access_token_invalid", "The access token is invalid or not found in the request.");
      return;
    }
    if (faults.peek() == Fault.REVOKED) {
      take(Fault.REVOKED);
      String h = LoopbackHttp.header(ex, "Authorization");
      var t = h.startsWith("Bearer ") ? auth.valid(h.substring(7)) : null;
      if (t != null) {
        auth.revokeAll(t.openId());
      }
    }
    var t = authorized(ex);
    if (t == null) {
      return;
    }
    var d = new LinkedHashMap<String, Object>();
    d.put("creator_avatar_url", "https://p16.tiktokcdn.example/a.jpeg");
    d.put("creator_username", usernames.get(t.openId()));
    d.put("creator_nickname", "Octo");
    d.put("privacy_level_options", privacyOptions);
    d.put("comment_disabled", commentDisabled);
    d.put("duet_disabled", duetDisabled);
    d.put("stitch_disabled", stitchDisabled);
    d.put("max_video_post_duration_sec", maxDuration);
    ok(ex, 200, d);
  }

  private void init(HttpExchange ex, boolean videoEndpoint) throws IOException {
    var t = authorized(ex);
    if (t == null) {
      return;
    }
    publishCalls.incrementAndGet();
    if (take(Fault.RATE_LIMITED)) {
      error(ex, 429, "rate_limit_exceeded", "The API rate limit was exceeded.");
      return;
    }
    if (take(Fault.SERVER_ERROR)) {
      error(ex, 500, "internal_error", "Something went wrong.");
      return;
    }
    if (!LoopbackHttp.header(ex, "Content-Type").startsWith("application/json")) {
      error(ex, 400, "invalid_params", "Content-Type must be application/json");
      return;
    }
    JsonNode body = LoopbackHttp.JSON.readTree(ex.getRequestBody().readAllBytes());
    JsonNode info = body.path("post_info");
    JsonNode source = body.path("source_info");
    String privacy = info.path("privacy_level").asString("");
    if (!privacyOptions.contains(privacy)) {
      error(ex, 400, "privacy_level_option_mismatch", "privacy_level must be one of the creator's privacy_level_options");
      return;
    }
    if ((commentDisabled && !info.path("disable_comment").asBoolean(false))
        || (videoEndpoint && duetDisabled && !info.path("disable_duet").asBoolean(false))
        || (videoEndpoint && stitchDisabled && !info.path("disable_stitch").asBoolean(false))) {
      error(ex, 400, "invalid_params", "the creator disabled comments, duets or stitches for their posts");
      return;
    }
    if (info.path("brand_content_toggle").asBoolean(false) && "SELF_ONLY".equals(privacy)) {
      error(ex, 400, "invalid_params", "branded content cannot be private");
      return;
    }
    var up = new FakeTikTokChunks.Upload();
    String publishId = (videoEndpoint ? "v_pub_file~v2-1." : "p_pub_url~v2-1.") + ids.incrementAndGet();
    var answer = new LinkedHashMap<String, Object>();
    answer.put("publish_id", publishId);
    String title = info.path("title").asString("");
    Post post;
    if (videoEndpoint) {
      if (title.length() > 2200) {
        error(ex, 400, "invalid_params", "title is longer than 2200");
        return;
      }
      switch (source.path("source").asString("")) {
        case "FILE_UPLOAD" -> {
          String problem = FakeTikTokChunks.rules(source.path("video_size").asLong(-1), source.path("chunk_size").asLong(-1),
              source.path("total_chunk_count").asInt(-1));
          if (problem != null) {
            error(ex, 400, "invalid_params", problem);
            return;
          }
          up.size = source.path("video_size").asLong();
          up.chunkSize = source.path("chunk_size").asLong();
          up.count = source.path("total_chunk_count").asInt();
          answer.put("upload_url", url() + "/upload/" + publishId);
        }
        case "PULL_FROM_URL" -> {
          String u = source.path("video_url").asString("");
          if (verifiedPrefixes.stream().noneMatch(u::startsWith)) {
            error(ex, 403, "url_ownership_unverified", "The domain or URL prefix of video_url is not verified");
            return;
          }
          byte[] bytes;
          try {
            bytes = client.send(HttpRequest.newBuilder(URI.create(u)).GET().build(), HttpResponse.BodyHandlers.ofByteArray()).body();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
          }
          up.size = bytes.length;
          up.digest.update(bytes);
          up.complete = true;
        }
        default -> {
          error(ex, 400, "invalid_params", "source must be FILE_UPLOAD or PULL_FROM_URL");
          return;
        }
      }
      post = new Post(publishId, null, t.openId(), title, null, true, 0, map(info), map(source), null);
    } else {
      var images = new ArrayList<String>();
      source.path("photo_images").forEach(n -> images.add(n.asString()));
      if (!"PHOTO".equals(body.path("media_type").asString("")) || !"PULL_FROM_URL".equals(source.path("source").asString(""))
          || images.isEmpty() || images.size() > 35 || title.length() > 90 || info.path("description").asString("").length() > 4000) {
        error(ex, 400, "invalid_params", "photo posts: media_type PHOTO, PULL_FROM_URL, 1-35 photo_images, title <= 90");
        return;
      }
      if (images.stream().anyMatch(u -> verifiedPrefixes.stream().noneMatch(u::startsWith))) {
        error(ex, 403, "url_ownership_unverified", "The domain or URL prefix of a photo is not verified");
        return;
      }
      up.complete = true;
      post = new Post(publishId, null, t.openId(), title, info.path("description").asString(""), false, images.size(),
          map(info), map(source), null);
    }
    up.post = post;
    up.failReason = failNextWith;
    failNextWith = null;
    uploads.put(publishId, up);
    if (take(Fault.DROP_AFTER_SEND)) {
      up.polls = Integer.MAX_VALUE;
      ex.close(); // the post exists; its answer is lost
      return;
    }
    ok(ex, 200, answer);
  }

  private void status(HttpExchange ex) throws IOException {
    var t = authorized(ex);
    if (t == null) {
      return;
    }
    statusReads.incrementAndGet();
    String id = LoopbackHttp.JSON.readTree(ex.getRequestBody().readAllBytes()).path("publish_id").asString("");
    var up = uploads.get(id);
    if (up == null || !up.post.openId().equals(t.openId())) {
      error(ex, 400, "invalid_params", "publish_id not found");
      return;
    }
    var d = new LinkedHashMap<String, Object>();
    synchronized (up) {
      if (!up.complete) {
        d.put("status", "PROCESSING_UPLOAD");
        d.put("uploaded_bytes", up.next);
      } else if (up.failReason != null) {
        d.put("status", "FAILED");
        d.put("fail_reason", up.failReason);
      } else if (up.post.postId() == null && up.polls < processingPolls) {
        up.polls++;
        d.put("status", up.post.video() ? "PROCESSING_UPLOAD" : "PROCESSING_DOWNLOAD");
      } else {
        if (up.post.postId() == null) {
          up.sha256 = HexFormat.of().formatHex(up.digest.digest());
          var p = up.post;
          up.post = new Post(p.publishId(), String.valueOf(ids.incrementAndGet()), p.openId(), p.title(), p.description(),
              p.video(), p.photos(), p.postInfo(), p.sourceInfo(), p.video() ? up.sha256 : null);
          held.add(up.post);
        }
        d.put("status", "PUBLISH_COMPLETE");
        d.put("publicaly_available_post_id", List.of(Long.parseLong(up.post.postId())));
        d.put("uploaded_bytes", up.size);
      }
    }
    ok(ex, 200, d);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(JsonNode n) {
    return LoopbackHttp.JSON.convertValue(n, Map.class);
  }

  private static void ok(HttpExchange ex, int status, Object data) throws IOException {
    LoopbackHttp.json(ex, status, Map.of("data", data, "error", Map.of("code", "ok", "message", "", "log_id", "L" + System.nanoTime())));
  }

  static void error(HttpExchange ex, int status, String code, String message) throws IOException {
    LoopbackHttp.json(ex, status, Map.of("data", Map.of(),
        "error", Map.of("code", code, "message", message, "log_id", "L" + System.nanoTime())));
  }

  static MessageDigest sha() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

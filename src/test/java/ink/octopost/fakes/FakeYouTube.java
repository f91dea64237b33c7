package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;

/**
 * A local YouTube Data API v3 and Google OAuth server (networks.md 9), validating like Google: resumable
 * sessions ({@code Location}), chunks of multiples of 256 KiB but the last, {@code Content-Range},
 * {@code 308} with {@code Range: bytes=0-N}, the status query {@code bytes *}/size, Google's error envelope
 * ({@code quotaExceeded}, {@code rateLimitExceeded}, 401), channels, playlists and delete. It can drop the
 * connection in the middle of a chunk after keeping part of it, as a network failure would.
 */
public final class FakeYouTube implements FakeNetwork {

  static final long QUANTUM = 256 * 1024;

  /** A video as YouTube holds it. */
  public record Video(String id, String channelId, JsonNode resource, String sha256, long size, boolean notifySubscribers) {}

  /** One chunk PUT as received: its range (first, last) and the bytes that actually arrived. */
  public record Chunk(long first, long last, long arrived) {}

  private final HttpServer server;
  private final String origin;
  private final FakeGoogleAuth auth = new FakeGoogleAuth();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<String, Video> videos = new ConcurrentHashMap<>();
  private final List<String> order = new CopyOnWriteArrayList<>();
  private final List<Chunk> chunks = new CopyOnWriteArrayList<>();
  private final List<Map<String, String>> playlistItems = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> thumbnails = new ConcurrentHashMap<>();
  private final AtomicReference<Fault> next = new AtomicReference<>();
  private final AtomicBoolean quotaExceeded = new AtomicBoolean();
  private final AtomicLong dropAfterBytes = new AtomicLong(-1);
  private final AtomicLong dropAt = new AtomicLong(-1);
  private final AtomicBoolean outageAfterDrop = new AtomicBoolean();
  private final AtomicBoolean outage = new AtomicBoolean();
  private final AtomicInteger publishCalls = new AtomicInteger();
  private final AtomicInteger mediaUploads = new AtomicInteger();
  private final AtomicInteger statusQueries = new AtomicInteger();

  private static final class Session {
    final String channelId;
    final JsonNode resource;
    final long size;
    final boolean notify;
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String videoId;

    Session(String channelId, JsonNode resource, long size, boolean notify) {
      this.channelId = channelId;
      this.resource = resource;
      this.size = size;
      this.notify = notify;
    }
  }

  public FakeYouTube() throws IOException {
    server = LoopbackHttp.server();
    origin = LoopbackHttp.origin(server);
    server.createContext("/", this::handle);
    server.start();
  }

  public String url() {
    return origin;
  }

  public FakeGoogleAuth auth() {
    return auth;
  }

  /** Adds a channel to the Google user; returns an access token for that user. */
  public String channel(String id, String title) {
    auth.channel(id, title);
    return auth.accessToken();
  }

  public void quotaExceeded(boolean on) {
    quotaExceeded.set(on);
  }

  /**
   * The chunk that starts at byte {@code first} keeps only {@code bytes} of its body (rounded down to
   * 256 KiB, as Google persists whole units) and the connection drops; then, when {@code thenOutage},
   * every session request answers 503 until {@link #recover()}.
   */
  public void dropChunkAt(long first, long bytes, boolean thenOutage) {
    outageAfterDrop.set(thenOutage);
    dropAt.set(first);
    dropAfterBytes.set(bytes);
  }

  public void recover() {
    outage.set(false);
  }

  public List<Chunk> chunks() {
    return List.copyOf(chunks);
  }

  public int statusQueries() {
    return statusQueries.get();
  }

  public List<Video> videos() {
    return order.stream().map(videos::get).filter(java.util.Objects::nonNull).toList();
  }

  /** Thumbnail sizes in bytes by video id. */
  public Map<String, Integer> thumbnails() {
    return Map.copyOf(thumbnails);
  }

  public List<Map<String, String>> playlistItems() {
    return List.copyOf(playlistItems);
  }

  @Override
  public List<Held> held() {
    return videos().stream()
        .map(v -> new Held(v.id(), v.resource().path("snippet").path("description").asString(""), null, 0, List.of(), true))
        .toList();
  }

  @Override
  public int publishCalls() {
    return publishCalls.get();
  }

  @Override
  public int mediaUploads() {
    return mediaUploads.get();
  }

  @Override
  public void failNext(Fault fault) {
    next.set(fault);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (path.equals("/o/oauth2/v2/auth") || path.equals("/token")) {
        auth.handle(ex, path);
      } else if (path.equals("/upload/youtube/v3/videos") && method.equals("POST")) {
        createSession(ex);
      } else if (path.equals("/upload/youtube/v3/videos") && method.equals("PUT")) {
        chunk(ex);
      } else if (path.equals("/upload/youtube/v3/thumbnails/set") && method.equals("POST")) {
        thumbnail(ex);
      } else if (path.equals("/youtube/v3/channels") && method.equals("GET")) {
        if (authorized(ex) != null) {
          channels(ex);
        }
      } else if (path.equals("/youtube/v3/videos") && method.equals("DELETE")) {
        delete(ex);
      } else if (path.equals("/youtube/v3/playlistItems") && method.equals("POST")) {
        playlist(ex);
      } else {
        error(ex, 404, "notFound", "No such endpoint: " + method + " " + path);
      }
    } catch (RuntimeException e) {
      error(ex, 500, "backendError", String.valueOf(e));
    }
  }

  /** The Google user's channel for a valid bearer token, else answers 401 and returns null. */
  private String authorized(HttpExchange ex) throws IOException {
    String header = LoopbackHttp.header(ex, "Authorization");
    if (!header.startsWith("Bearer ") || !auth.validAccess(header.substring(7))) {
      error(ex, 401, "authError", "Request had invalid authentication credentials.");
      return null;
    }
    if (quotaExceeded.get()) {
      error(ex, 403, "quotaExceeded", "The request cannot be completed because you have exceeded your quota.");
      return null;
    }
    return auth.firstChannel();
  }

  /** A fault for the request that needs one, answered; true when the request is done. */
  private boolean fault(HttpExchange ex) throws IOException {
    Fault f = next.getAndSet(null);
    if (f == null || f == Fault.DROP_AFTER_SEND) {
      if (f != null) {
        next.set(f);
      }
      return false;
    }
    switch (f) {
      case EXPIRED_TOKEN -> error(ex, 401, "authError", "Request had invalid authentication credentials.");
      case REVOKED -> {
        auth.revoke();
        error(ex, 401, "authError", "Request had invalid authentication credentials.");
      }
      case RATE_LIMITED -> error(ex, 403, "rateLimitExceeded", "The request cannot be completed because you have exceeded your rate limit.");
      case SERVER_ERROR -> error(ex, 503, "backendError", "Backend Error");
      default -> throw new IllegalStateException(f.toString());
    }
    return true;
  }

  private void createSession(HttpExchange ex) throws IOException {
    mediaUploads.incrementAndGet();
    var q = new LinkedHashMap<String, String>();
    LoopbackHttp.form(ex.getRequestURI().getRawQuery(), q);
    byte[] body = ex.getRequestBody().readAllBytes();
    String channel = authorized(ex);
    if (channel == null || fault(ex)) {
      return;
    }
    if (!"resumable".equals(q.get("uploadType")) || !q.getOrDefault("part", "").contains("snippet")) {
      error(ex, 400, "invalidParameter", "uploadType=resumable and part=snippet,status are required");
      return;
    }
    long size;
    try {
      size = Long.parseLong(LoopbackHttp.header(ex, "X-Upload-Content-Length"));
    } catch (NumberFormatException e) {
      error(ex, 400, "invalidValue", "X-Upload-Content-Length is required");
      return;
    }
    String type = LoopbackHttp.header(ex, "X-Upload-Content-Type");
    if (!type.startsWith("video/") && !type.equals("application/octet-stream")) {
      error(ex, 400, "invalidValue", "X-Upload-Content-Type must be video/* or application/octet-stream");
      return;
    }
    JsonNode resource = LoopbackHttp.JSON.readTree(body);
    String title = resource.path("snippet").path("title").asString("");
    if (title.isBlank() || title.length() > 100 || title.contains("<")) {
      error(ex, 400, "invalidTitle", "The request metadata specifies an invalid or empty video title.");
      return;
    }
    String privacy = resource.path("status").path("privacyStatus").asString("private");
    if (resource.path("status").has("publishAt") && !"private".equals(privacy)) {
      error(ex, 400, "invalidPublishAt", "publishAt requires privacyStatus private");
      return;
    }
    String id = UUID.randomUUID().toString().replace("-", "");
    sessions.put(id, new Session(channel, resource, size, !"false".equals(q.get("notifySubscribers"))));
    ex.getResponseHeaders().add("Location", origin + "/upload/youtube/v3/videos?uploadType=resumable&upload_id=" + id);
    LoopbackHttp.empty(ex, 200);
  }

  private void chunk(HttpExchange ex) throws IOException {
    var q = new LinkedHashMap<String, String>();
    LoopbackHttp.form(ex.getRequestURI().getRawQuery(), q);
    Session s = q.get("upload_id") == null ? null : sessions.get(q.get("upload_id"));
    if (s == null) {
      ex.getRequestBody().readAllBytes();
      error(ex, 404, "notFound", "No such upload session");
      return;
    }
    String range = LoopbackHttp.header(ex, "Content-Range");
    if (outage.get()) {
      ex.getRequestBody().readAllBytes();
      error(ex, 503, "backendError", "Backend Error");
      return;
    }
    synchronized (s) {
      if (range.startsWith("bytes */")) { // where does the session stand?
        statusQueries.incrementAndGet();
        ex.getRequestBody().readAllBytes();
        answer(ex, s);
        return;
      }
      var m = java.util.regex.Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)").matcher(range);
      if (!m.matches()) {
        ex.getRequestBody().readAllBytes();
        error(ex, 400, "badContent", "Content-Range is required");
        return;
      }
      long first = Long.parseLong(m.group(1));
      long last = Long.parseLong(m.group(2));
      long total = Long.parseLong(m.group(3));
      long length = last - first + 1;
      boolean completes = last == s.size - 1;
      if (completes) {
        publishCalls.incrementAndGet();
      } else {
        mediaUploads.incrementAndGet();
      }
      if (total != s.size || first != s.bytes.size() || last >= s.size || (!completes && length % QUANTUM != 0)) {
        ex.getRequestBody().readAllBytes();
        error(ex, 400, "badContent", "Content-Range " + range + " does not continue the " + s.bytes.size()
            + " bytes received, or is not a multiple of 256 KiB");
        return;
      }
      long drop = dropAt.compareAndSet(first, -1) ? dropAfterBytes.getAndSet(-1) : -1;
      InputStream in = ex.getRequestBody();
      if (drop >= 0) {
        long keep = Math.min(length, drop - drop % QUANTUM);
        byte[] part = in.readNBytes((int) Math.min(drop, length));
        s.bytes.write(part, 0, (int) Math.min(keep, part.length));
        chunks.add(new Chunk(first, last, part.length));
        outage.set(outageAfterDrop.getAndSet(false));
        ex.close(); // no answer: the connection goes down mid-chunk
        return;
      }
      byte[] body = in.readAllBytes();
      chunks.add(new Chunk(first, last, body.length));
      if (body.length != length) {
        error(ex, 400, "badContent", "The chunk has " + body.length + " bytes, Content-Range says " + length);
        return;
      }
      if (completes && fault(ex)) {
        return;
      }
      s.bytes.write(body, 0, body.length);
      if (completes) {
        s.videoId = "yt" + UUID.randomUUID().toString().replace("-", "").substring(0, 9);
        videos.put(s.videoId, new Video(s.videoId, s.channelId, s.resource, sha256(s.bytes.toByteArray()), s.size, s.notify));
        order.add(s.videoId);
        if (next.compareAndSet(Fault.DROP_AFTER_SEND, null)) {
          ex.close();
          return;
        }
      }
      answer(ex, s);
    }
  }

  /** 200 with the video once complete, else 308 with the bytes kept. */
  private void answer(HttpExchange ex, Session s) throws IOException {
    if (s.videoId != null) {
      var video = new LinkedHashMap<String, Object>();
      video.put("kind", "youtube#video");
      video.put("id", s.videoId);
      video.put("snippet", s.resource.path("snippet"));
      video.put("status", s.resource.path("status"));
      LoopbackHttp.json(ex, 200, video);
      return;
    }
    if (s.bytes.size() > 0) {
      ex.getResponseHeaders().add("Range", "bytes=0-" + (s.bytes.size() - 1));
    }
    ex.sendResponseHeaders(308, -1);
    ex.close();
  }

  private void channels(HttpExchange ex) throws IOException {
    var q = new LinkedHashMap<String, String>();
    LoopbackHttp.form(ex.getRequestURI().getRawQuery(), q);
    if (!"true".equals(q.get("mine")) || !q.getOrDefault("part", "").contains("snippet")) {
      error(ex, 400, "invalidParameter", "mine=true and part=snippet are required here");
      return;
    }
    var items = new ArrayList<Map<String, Object>>();
    auth.channels().forEach((id, title) -> items.add(Map.of("kind", "youtube#channel", "id", id,
        "snippet", Map.of("title", title, "customUrl", "@" + title.toLowerCase().replace(" ", ""),
            "thumbnails", Map.of("default", Map.of("url", origin + "/avatar/" + id))))));
    LoopbackHttp.json(ex, 200, Map.of("kind", "youtube#channelListResponse", "items", items));
  }

  private void delete(HttpExchange ex) throws IOException {
    if (authorized(ex) == null) {
      return;
    }
    var q = new LinkedHashMap<String, String>();
    LoopbackHttp.form(ex.getRequestURI().getRawQuery(), q);
    String id = q.get("id");
    if (id == null || videos.remove(id) == null) {
      error(ex, 404, "videoNotFound", "The video that you are trying to delete cannot be found.");
      return;
    }
    order.remove(id);
    LoopbackHttp.empty(ex, 204);
  }

  private void playlist(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    if (authorized(ex) == null) {
      return;
    }
    JsonNode snippet = LoopbackHttp.JSON.readTree(body).path("snippet");
    String playlist = snippet.path("playlistId").asString("");
    String video = snippet.path("resourceId").path("videoId").asString("");
    if (!playlist.startsWith("PL")) {
      error(ex, 404, "playlistNotFound", "The playlist identified with the request's playlistId parameter cannot be found.");
      return;
    }
    if (!videos.containsKey(video)) {
      error(ex, 404, "videoNotFound", "The video cannot be found.");
      return;
    }
    playlistItems.add(Map.of("playlistId", playlist, "videoId", video));
    LoopbackHttp.json(ex, 200, Map.of("kind", "youtube#playlistItem", "id", "PLI" + playlistItems.size()));
  }

  private void thumbnail(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    if (authorized(ex) == null) {
      return;
    }
    var q = new LinkedHashMap<String, String>();
    LoopbackHttp.form(ex.getRequestURI().getRawQuery(), q);
    String type = LoopbackHttp.header(ex, "Content-Type");
    if (body.length == 0) {
      error(ex, 400, "mediaBodyRequired", "The request does not include the image content.");
      return;
    }
    if (!type.equals("image/jpeg") && !type.equals("image/png") && !type.equals("application/octet-stream")) {
      error(ex, 400, "invalidImage", "The provided image content is invalid.");
      return;
    }
    if (!videos.containsKey(q.getOrDefault("videoId", ""))) {
      error(ex, 404, "videoNotFound", "The video that you are trying to update cannot be found.");
      return;
    }
    thumbnails.put(q.get("videoId"), body.length);
    LoopbackHttp.json(ex, 200, Map.of("kind", "youtube#thumbnailSetResponse", "items", List.of(Map.of("default", Map.of("url", "x")))));
  }

  static void error(HttpExchange ex, int status, String reason, String message) throws IOException {
    LoopbackHttp.json(ex, status, Map.of("error", Map.of("code", status, "message", message,
        "errors", List.of(Map.of("domain", reason.startsWith("quota") ? "youtube.quota" : "global", "reason", reason, "message", message)))));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

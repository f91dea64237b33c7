package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * X's v2 chunked media upload (networks.md 1.3) as a state machine: initialize (type, size and
 * category checked against X's limits), append numbered segments (0..999, at most 5 MB each),
 * finalize (the segments must add up to the announced size), then for video and GIFs a {@code
 * processing_info} that STATUS polls move from pending through in_progress to succeeded (or
 * failed). Alt text attaches through {@code POST /2/media/metadata}. A post may only use media
 * that finished processing, that its author uploaded, at most 4 images or 1 video.
 */
public final class FakeXMedia {

  /** An upload as the fake holds it. */
  public record Upload(String id, String owner, String mediaType, String category, long totalBytes, int segments,
      String state, String altText) {
    public boolean video() {
      return category.equals("tweet_video") || category.equals("amplify_video") || category.equals("tweet_gif");
    }
  }

  private static final long MB = 1_000_000L;

  private final AtomicLong ids;
  private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
  private final Map<String, TreeMap<Integer, Integer>> segments = new ConcurrentHashMap<>();
  private final Map<String, Integer> polls = new ConcurrentHashMap<>();
  /** SHA-256 of each upload's bytes, fed segment by segment while they arrive in order; null once one does not. */
  private final Map<String, java.security.MessageDigest> digests = new ConcurrentHashMap<>();
  private final java.util.Set<String> outOfOrder = ConcurrentHashMap.newKeySet();
  private final AtomicLong received = new AtomicLong();
  private volatile int pollsToSucceed = 1;
  private volatile boolean failProcessing;

  FakeXMedia(AtomicLong ids) {
    this.ids = ids;
  }

  /** STATUS polls a video needs before it succeeds. */
  public FakeXMedia pollsToSucceed(int n) {
    pollsToSucceed = n;
    return this;
  }

  /** Processing fails (an unsupported video, as X would say). */
  public FakeXMedia failProcessing(boolean fail) {
    failProcessing = fail;
    return this;
  }

  public Upload get(String id) {
    return uploads.get(id);
  }

  public List<Upload> uploads() {
    return List.copyOf(uploads.values());
  }

  /** All bytes appended so far, over every upload: what has arrived at X. */
  public long bytesReceived() {
    return received.get();
  }

  /** The hex SHA-256 of the bytes appended to upload {@code id}, in segment order; null if they came out of order. */
  public String sha256(String id) {
    var digest = digests.get(id);
    if (digest == null || outOfOrder.contains(id)) {
      return null;
    }
    try {
      return java.util.HexFormat.of().formatHex(((java.security.MessageDigest) digest.clone()).digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }

  void handle(HttpExchange ex, String userId, String token) throws IOException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    if (method.equals("POST") && path.equals("/2/media/upload/initialize")) {
      initialize(ex, userId);
    } else if (method.equals("POST") && path.matches("/2/media/upload/[^/]+/append")) {
      append(ex, userId, path.split("/")[4]);
    } else if (method.equals("POST") && path.matches("/2/media/upload/[^/]+/finalize")) {
      finalizeUpload(ex, userId, path.split("/")[4]);
    } else if (method.equals("GET") && path.equals("/2/media/upload")) {
      var q = FakeXAuth.parse(ex.getRequestURI().getRawQuery());
      if (!"STATUS".equals(q.get("command"))) {
        invalid(ex, "command must be STATUS");
        return;
      }
      status(ex, userId, q.getOrDefault("media_id", ""));
    } else if (method.equals("POST") && path.equals("/2/media/metadata")) {
      metadata(ex, userId);
    } else {
      FakeX.problem(ex, 404, "Not Found Error", "about:blank", "No such endpoint");
    }
  }

  private void initialize(HttpExchange ex, String userId) throws IOException {
    JsonNode body = FakeX.JSON.readTree(ex.getRequestBody().readAllBytes());
    String type = body.path("media_type").asString("");
    long total = body.path("total_bytes").asLong(0);
    String category = body.path("media_category").asString("");
    long max = switch (category) {
      case "tweet_image" -> Set.of("image/jpeg", "image/png", "image/webp", "image/gif").contains(type) ? 5 * MB : -1;
      case "tweet_gif" -> type.equals("image/gif") ? 15 * MB : -1;
      case "tweet_video", "amplify_video" -> type.equals("video/mp4") ? 512 * MB : -1;
      default -> -1;
    };
    if (max < 0 || total <= 0 || total > max) {
      invalid(ex, "media_type " + type + ", media_category " + category + " and total_bytes " + total + " do not fit X's limits");
      return;
    }
    var u = new Upload(String.valueOf(ids.incrementAndGet()), userId, type, category, total, 0, "initialized", null);
    uploads.put(u.id(), u);
    segments.put(u.id(), new TreeMap<>());
    FakeX.send(ex, 200, Map.of("data", Map.of("id", u.id(), "media_key", key(u), "expires_after_secs", 86_399)));
  }

  private void append(HttpExchange ex, String userId, String id) throws IOException {
    var u = owned(id, userId);
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (u == null || !u.state().equals("initialized")) {
      invalid(ex, "media " + id + " is not an upload in progress");
      return;
    }
    if (type == null || !type.startsWith("multipart/form-data; boundary=")) {
      invalid(ex, "APPEND takes multipart/form-data");
      return;
    }
    var parts = Multiparts.parse(ex.getRequestBody().readAllBytes(), type.substring(type.indexOf('=') + 1));
    var chunk = parts.get("media");
    var index = parts.get("segment_index");
    int segment;
    try {
      segment = Integer.parseInt(new String(index.bytes(), java.nio.charset.StandardCharsets.UTF_8).strip());
    } catch (RuntimeException e) {
      segment = -1;
    }
    if (chunk == null || segment < 0 || segment > 999 || chunk.bytes().length > 5 * MB) {
      invalid(ex, "APPEND needs media (at most 5 MB) and a segment_index from 0 to 999");
      return;
    }
    var received = segments.get(id);
    if (segment != received.size()) {
      outOfOrder.add(id);
    }
    digests.computeIfAbsent(id, k -> {
      try {
        return java.security.MessageDigest.getInstance("SHA-256");
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }).update(chunk.bytes());
    received.put(segment, chunk.bytes().length);
    this.received.addAndGet(chunk.bytes().length);
    FakeX.send(ex, 200, Map.of("data", Map.of("expires_at", System.currentTimeMillis() / 1000 + 86_399)));
  }

  private void finalizeUpload(HttpExchange ex, String userId, String id) throws IOException {
    var u = owned(id, userId);
    if (u == null || !u.state().equals("initialized")) {
      invalid(ex, "media " + id + " is not an upload in progress");
      return;
    }
    var parts = segments.get(id);
    long size = parts.values().stream().mapToLong(Integer::longValue).sum();
    if (parts.isEmpty() || parts.lastKey() != parts.size() - 1 || size != u.totalBytes()) {
      invalid(ex, "the segments (" + parts.size() + ", " + size + " bytes) do not make the announced " + u.totalBytes() + " bytes");
      return;
    }
    boolean processes = u.video();
    u = with(u, parts.size(), processes ? "pending" : "succeeded", u.altText());
    var data = new java.util.LinkedHashMap<String, Object>();
    data.put("id", id);
    data.put("media_key", key(u));
    data.put("size", size);
    data.put("expires_after_secs", 86_399);
    if (processes) {
      data.put("processing_info", Map.of("state", "pending", "check_after_secs", 1));
    }
    FakeX.send(ex, 200, Map.of("data", data));
  }

  private void status(HttpExchange ex, String userId, String id) throws IOException {
    var u = owned(id, userId);
    if (u == null || u.state().equals("initialized")) {
      invalid(ex, "media " + id + " was not finalized");
      return;
    }
    if (u.state().equals("pending") || u.state().equals("in_progress")) {
      int n = polls.merge(id, 1, Integer::sum);
      String next = n >= pollsToSucceed ? (failProcessing ? "failed" : "succeeded") : "in_progress";
      u = with(u, u.segments(), next, u.altText());
    }
    var info = new java.util.LinkedHashMap<String, Object>();
    info.put("state", u.state());
    if (u.state().equals("in_progress")) {
      info.put("check_after_secs", 1);
      info.put("progress_percent", 50);
    }
    if (u.state().equals("failed")) {
      info.put("error", Map.of("code", 1, "name", "InvalidMedia", "message", "Unsupported video format"));
    }
    FakeX.send(ex, 200, Map.of("data", Map.of("id", id, "media_key", key(u), "processing_info", info)));
  }

  private void metadata(HttpExchange ex, String userId) throws IOException {
    JsonNode body = FakeX.JSON.readTree(ex.getRequestBody().readAllBytes());
    var u = owned(body.path("id").asString(""), userId);
    String text = body.path("metadata").path("alt_text").path("text").asString(null);
    if (u == null || text == null || text.codePointCount(0, text.length()) > 1000) {
      invalid(ex, "metadata needs a known media id and alt_text.text of at most 1000 characters");
      return;
    }
    with(u, u.segments(), u.state(), text);
    FakeX.send(ex, 200, Map.of("data", Map.of("id", u.id(), "associated_metadata", true)));
  }

  /** Why these media ids cannot go into a post, or null. */
  String attachable(JsonNode mediaIds, String userId) {
    if (!mediaIds.isArray() || mediaIds.isEmpty() || mediaIds.size() > 4) {
      return "media.media_ids must hold 1 to 4 ids";
    }
    var found = new ArrayList<Upload>();
    for (JsonNode id : mediaIds) {
      var u = owned(id.asString(""), userId);
      if (u == null) {
        return "media id " + id.asString() + " is unknown";
      }
      if (!u.state().equals("succeeded")) {
        return "media id " + id.asString() + " is not ready (" + u.state() + ")";
      }
      found.add(u);
    }
    if (found.stream().anyMatch(Upload::video) && found.size() > 1) {
      return "a post carries up to 4 images or 1 video or GIF, never both";
    }
    return null;
  }

  private Upload owned(String id, String userId) {
    var u = uploads.get(id);
    return u != null && u.owner().equals(userId) ? u : null;
  }

  private Upload with(Upload u, int segmentCount, String state, String alt) {
    var next = new Upload(u.id(), u.owner(), u.mediaType(), u.category(), u.totalBytes(), segmentCount, state, alt);
    uploads.put(u.id(), next);
    return next;
  }

  private static String key(Upload u) {
    return (u.video() ? "7_" : "3_") + u.id();
  }

  private static void invalid(HttpExchange ex, String detail) throws IOException {
    FakeX.problem(ex, 400, "Invalid Request", "https://api.x.com/2/problems/invalid-request", detail);
  }
}

package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Instagram's Graph API content publishing as networks.md 6 describes it, on two loopback hosts
 * standing in for {@code graph.instagram.com} ({@link #url()}) and {@code graph.facebook.com}
 * ({@link #facebookUrl()}); a token works only on the host of the login that issued it. Containers
 * ({@code POST /{ig-user-id}/media}) are validated like Meta does (required fields per
 * {@code media_type}, JPEG only, caption limits, carousel 2 to 10 finished items of this user), their
 * media fetched from {@code image_url} / {@code video_url} at creation, and they go {@code IN_PROGRESS}
 * for {@link #processing} status reads, then {@code FINISHED} (or {@code ERROR}, {@code EXPIRED}, or
 * never). {@code media_publish} refuses unfinished containers (9007/2207027) and a spent
 * publishing limit (9/2207042). Errors use Meta's envelope, throttling the usage headers. The
 * OAuth side of both logins is {@link FakeMetaAuth}.
 */
public final class FakeInstagram implements FakeNetwork {

  /** A container as Meta holds it. */
  public record Container(String id, String userId, String mediaType, String caption, String imageUrl, String videoUrl,
      String altText, boolean carouselItem, List<String> children, String shareToFeed) {}

  /** A published post: what its container said, and its comments. */
  public record Post(String id, String userId, Container container, List<Container> items, String permalink,
      List<String> comments) {}

  private static final class State {
    String status = "IN_PROGRESS";
    int pollsLeft;
    String error;
  }

  private final HttpServer instagram;
  private final HttpServer facebook;
  private final FakeMetaAuth auth;
  private final HttpClient fetcher = HttpClient.newHttpClient();
  private final Map<String, Container> containers = new ConcurrentHashMap<>();
  private final Map<String, State> states = new ConcurrentHashMap<>();
  private final List<Post> posts = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger(17_840_000);
  private final AtomicInteger publishCalls = new AtomicInteger();
  private final AtomicInteger creates = new AtomicInteger();
  private final AtomicInteger statusReads = new AtomicInteger();
  private final Map<String, Integer> used = new HashMap<>();
  private volatile Fault fault;
  private volatile int processing;
  private volatile String failWith;
  private volatile int expire;
  private volatile boolean neverFinish;
  private volatile boolean refuseComments;
  private volatile int quotaTotal = 50;

  public FakeInstagram() throws IOException {
    instagram = LoopbackHttp.server();
    facebook = LoopbackHttp.server();
    auth = new FakeMetaAuth(this);
    instagram.createContext("/", ex -> handle(ex, FakeMetaAuth.INSTAGRAM));
    facebook.createContext("/", ex -> handle(ex, FakeMetaAuth.FACEBOOK));
    instagram.start();
    facebook.start();
  }

  /** The stand-in for graph.instagram.com (and www.instagram.com, api.instagram.com). */
  public String url() {
    return LoopbackHttp.origin(instagram);
  }

  /** The stand-in for graph.facebook.com (and www.facebook.com). */
  public String facebookUrl() {
    return LoopbackHttp.origin(facebook);
  }

  public FakeMetaAuth auth() {
    return auth;
  }

  /** New containers stay IN_PROGRESS for this many status reads. */
  public void processing(int statusReads) {
    processing = statusReads;
  }

  /** New containers end in ERROR with this status (e.g. Meta's "2207026" unsupported video). */
  public void failProcessing(String status) {
    failWith = status;
  }

  /** The next {@code n} containers created go EXPIRED instead of FINISHED. */
  public void expireNext(int n) {
    expire = n;
  }

  public void neverFinish(boolean never) {
    neverFinish = never;
  }

  public void refuseComments(boolean refuse) {
    refuseComments = refuse;
  }

  /** The publishing limit every account has ({@code quota_total}), and how much of it one has used. */
  public synchronized void quota(int total, String userId, int usedSoFar) {
    quotaTotal = total;
    used.put(userId, usedSoFar);
  }

  public synchronized List<Post> posts() {
    return List.copyOf(posts);
  }

  public Map<String, Container> containers() {
    return Map.copyOf(containers);
  }

  public int statusReads() {
    return statusReads.get();
  }

  @Override
  public synchronized List<Held> held() {
    var out = new ArrayList<Held>();
    for (Post p : posts) {
      var media = p.items().isEmpty() ? List.of(p.container()) : p.items();
      int images = (int) media.stream().filter(c -> c.imageUrl() != null).count();
      boolean video = media.stream().anyMatch(c -> c.videoUrl() != null);
      var alts = media.stream().filter(c -> c.imageUrl() != null).map(Container::altText).toList();
      out.add(new Held(p.id(), p.container().caption(), null, images, alts, video));
    }
    return out;
  }

  @Override
  public int publishCalls() {
    return publishCalls.get();
  }

  /** Containers created: the requests that hand media to Meta before the post is published. */
  @Override
  public int mediaUploads() {
    return creates.get();
  }

  @Override
  public void failNext(Fault fault) {
    this.fault = fault;
  }

  @Override
  public long rateLimitResetSeconds() {
    return 120;
  }

  private void handle(HttpExchange ex, String host) throws IOException {
    try {
      String path = ex.getRequestURI().getPath();
      var params = LoopbackHttp.params(ex).values();
      ex.getResponseHeaders().add("X-App-Usage", "{\"call_count\":3,\"total_cputime\":1,\"total_time\":2}");
      if (auth.handles(ex, host, path, params)) {
        return;
      }
      String[] parts = path.split("/");
      if (parts.length < 3 || !parts[1].matches("v\\d+\\.\\d+")) {
        error(ex, 400, 100, 0, "Unknown path components: " + path);
        return;
      }
      Fault f = fault;
      if (f != null && f != Fault.DROP_AFTER_SEND) {
        fault = null;
        fault(ex, f);
        return;
      }
      String token = token(ex, params);
      var who = auth.access(token, host);
      if (who == null) {
        error(ex, 400, 190, 0, "Invalid OAuth access token - Cannot parse access token");
        return;
      }
      route(ex, parts, params, who);
    } catch (RuntimeException e) {
      error(ex, 500, 1, 0, "An unknown error occurred: " + e);
    }
  }

  private static String token(HttpExchange ex, Map<String, String> params) {
    String header = LoopbackHttp.header(ex, "Authorization");
    if (header.startsWith("Bearer ") || header.startsWith("OAuth ")) {
      return header.substring(header.indexOf(' ') + 1);
    }
    return params.get("access_token");
  }

  private void route(HttpExchange ex, String[] parts, Map<String, String> params, FakeMetaAuth.Access who) throws IOException {
    String method = ex.getRequestMethod();
    if (parts.length == 3 && parts[2].equals("me") && method.equals("GET")) {
      auth.me(ex, who);
    } else if (parts.length == 4 && parts[2].equals("me") && parts[3].equals("accounts")) {
      auth.accounts(ex, who);
    } else if (parts.length == 4 && parts[3].equals("content_publishing_limit") && method.equals("GET")) {
      if (!mine(ex, parts[2], who)) {
        return;
      }
      synchronized (this) {
        LoopbackHttp.json(ex, 200, Map.of("data", List.of(Map.of("quota_usage", used.getOrDefault(parts[2], 0),
            "config", Map.of("quota_total", quotaTotal, "quota_duration", 86400)))));
      }
    } else if (parts.length == 4 && parts[3].equals("media") && method.equals("POST")) {
      if (mine(ex, parts[2], who)) {
        create(ex, parts[2], params);
      }
    } else if (parts.length == 4 && parts[3].equals("media_publish") && method.equals("POST")) {
      if (mine(ex, parts[2], who)) {
        publish(ex, parts[2], params, who);
      }
    } else if (parts.length == 4 && parts[3].equals("comments") && method.equals("POST")) {
      comment(ex, parts[2], params);
    } else if (parts.length == 3 && method.equals("GET")) {
      read(ex, parts[2], params);
    } else {
      error(ex, 400, 100, 0, "Unsupported " + method + " request");
    }
  }

  private boolean mine(HttpExchange ex, String userId, FakeMetaAuth.Access who) throws IOException {
    if (!userId.equals(who.userId())) {
      error(ex, 400, 100, 33, "Unsupported request - Object with ID '" + userId + "' does not exist, cannot be loaded due to"
          + " missing permissions, or does not support this operation");
      return false;
    }
    return true;
  }

  private void create(HttpExchange ex, String userId, Map<String, String> p) throws IOException {
    creates.incrementAndGet();
    var refusal = FakeInstagramMedia.refusal(p, userId, containers::get, id -> states.get(id).status);
    if (refusal == null) {
      String url = p.get("image_url") != null ? p.get("image_url") : p.get("video_url");
      String fetchError = url == null ? null : FakeInstagramMedia.fetch(fetcher, url, p.get("image_url") != null);
      if (fetchError != null) {
        refusal = new FakeInstagramMedia.Refusal(9004, fetchError.startsWith("format") ? 2207005 : 2207052,
            "Media download failed: " + fetchError);
      }
    }
    if (refusal != null) {
      error(ex, 400, refusal.code(), refusal.subcode(), refusal.message());
      return;
    }
    String type = p.get("media_type");
    List<String> children = "CAROUSEL".equals(type) ? List.of(p.get("children").split(",")) : List.of();
    String id = String.valueOf(ids.incrementAndGet());
    containers.put(id, new Container(id, userId, type == null ? "IMAGE" : type, p.get("caption"), p.get("image_url"),
        p.get("video_url"), p.get("alt_text"), "true".equals(p.get("is_carousel_item")), children, p.get("share_to_feed")));
    var state = new State();
    state.pollsLeft = processing;
    synchronized (this) {
      if (expire > 0) {
        expire--;
        state.error = "EXPIRED";
      }
    }
    if (failWith != null) {
      state.error = failWith;
    }
    states.put(id, state);
    LoopbackHttp.json(ex, 200, Map.of("id", id));
  }

  private void read(HttpExchange ex, String id, Map<String, String> p) throws IOException {
    String fields = p.getOrDefault("fields", "id");
    var container = containers.get(id);
    if (container != null && fields.contains("status_code")) {
      statusReads.incrementAndGet();
      String status = status(id);
      var body = new LinkedHashMap<String, Object>();
      body.put("status_code", status);
      body.put("id", id);
      if ("ERROR".equals(status)) {
        body.put("status", "Error: " + states.get(id).error);
      }
      LoopbackHttp.json(ex, 200, body);
      return;
    }
    synchronized (this) {
      for (Post post : posts) {
        if (post.id().equals(id)) {
          LoopbackHttp.json(ex, 200, Map.of("id", id, "permalink", post.permalink()));
          return;
        }
      }
    }
    error(ex, 400, 100, 33, "Object with ID '" + id + "' does not exist");
  }

  private synchronized String status(String id) {
    var s = states.get(id);
    if (s.status.equals("IN_PROGRESS") && !neverFinish) {
      if (s.pollsLeft > 0) {
        s.pollsLeft--;
      } else {
        s.status = s.error == null ? "FINISHED" : s.error.equals("EXPIRED") ? "EXPIRED" : "ERROR";
      }
    }
    return s.status;
  }

  private void publish(HttpExchange ex, String userId, Map<String, String> p, FakeMetaAuth.Access who) throws IOException {
    publishCalls.incrementAndGet();
    String id = p.get("creation_id");
    var container = id == null ? null : containers.get(id);
    if (container == null || container.carouselItem() || !container.userId().equals(userId)) {
      error(ex, 400, 24, 2207008, "The media container does not exist or has expired");
      return;
    }
    Post post;
    synchronized (this) {
      String status = states.get(id).status;
      if (!status.equals("FINISHED")) {
        error(ex, 400, 9007, 2207027, "Media ID is not available: the media is not ready for publishing (" + status + ")");
        return;
      }
      int n = used.getOrDefault(userId, 0);
      if (n >= quotaTotal) {
        error(ex, 400, 9, 2207042, "You reached the maximum number of posts allowed in 24 hours");
        return;
      }
      used.put(userId, n + 1);
      states.get(id).status = "PUBLISHED";
      String mediaId = String.valueOf(ids.incrementAndGet());
      String permalink = switch (container.mediaType()) {
        case "REELS" -> "https://www.instagram.com/reel/C" + mediaId + "/";
        case "STORIES" -> "https://www.instagram.com/stories/" + who.username() + "/" + mediaId + "/";
        default -> "https://www.instagram.com/p/C" + mediaId + "/";
      };
      post = new Post(mediaId, userId, container, container.children().stream().map(containers::get).toList(), permalink,
          new java.util.concurrent.CopyOnWriteArrayList<>());
      posts.add(post);
    }
    if (fault == Fault.DROP_AFTER_SEND) {
      fault = null;
      ex.close(); // the post exists; the answer is lost
      return;
    }
    LoopbackHttp.json(ex, 200, Map.of("id", post.id()));
  }

  private void comment(HttpExchange ex, String mediaId, Map<String, String> p) throws IOException {
    Post post;
    synchronized (this) {
      post = posts.stream().filter(x -> x.id().equals(mediaId)).findFirst().orElse(null);
    }
    if (post == null || p.get("message") == null || p.get("message").isBlank()) {
      error(ex, 400, 100, 0, "Invalid parameter: message is required on an existing media");
      return;
    }
    if (refuseComments) {
      error(ex, 403, 10, 0, "Application does not have permission for this action");
      return;
    }
    post.comments().add(p.get("message"));
    LoopbackHttp.json(ex, 200, Map.of("id", "c" + ids.incrementAndGet()));
  }

  private void fault(HttpExchange ex, Fault f) throws IOException {
    switch (f) {
      case EXPIRED_TOKEN -> error(ex, 400, 190, 463, "Error validating access token: Session has expired");
      case REVOKED -> error(ex, 400, 190, 460, "Error validating access token: The session has been invalidated because"
          + " the user changed their password");
      case RATE_LIMITED -> {
        ex.getResponseHeaders().add("X-Business-Use-Case-Usage", "{\"17841400000000000\":[{\"type\":\"instagram\","
            + "\"call_count\":100,\"total_cputime\":20,\"total_time\":30,\"estimated_time_to_regain_access\":"
            + rateLimitResetSeconds() / 60 + "}]}");
        error(ex, 400, 80002, 0, "There have been too many calls to this Instagram account. Wait a bit and try again.");
      }
      case SERVER_ERROR -> error(ex, 500, 2, 0, "Service temporarily unavailable");
      case DROP_AFTER_SEND -> ex.close();
    }
  }

  static void error(HttpExchange ex, int status, int code, int subcode, String message) throws IOException {
    var e = new LinkedHashMap<String, Object>();
    e.put("message", message);
    e.put("type", code == 190 ? "OAuthException" : "IGApiException");
    e.put("code", code);
    if (subcode != 0) {
      e.put("error_subcode", subcode);
    }
    e.put("is_transient", code == 2 || code == 1);
    e.put("fbtrace_id", "A" + Long.toHexString(System.nanoTime()));
    LoopbackHttp.json(ex, status, Map.of("error", e));
  }

  @Override
  public void close() {
    instagram.stop(0);
    facebook.stop(0);
  }
}

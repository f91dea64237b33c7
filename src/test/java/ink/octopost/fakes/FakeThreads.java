package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Threads API on loopback, as networks.md section 5 describes it: {@code access_token} checked
 * with its scopes ({@link FakeThreadsAuth} on the same server), containers ({@link
 * FakeThreadsContainers}) published with {@code threads_publish} only once {@code FINISHED},
 * replies only to the user's own live posts, the 24-hour publishing quota ({@code
 * threads_publishing_limit}, posts and replies apart), permalinks, {@code DELETE /{id}}, errors in
 * Meta's envelope with {@code X-App-Usage} on every answer and {@code X-Business-Use-Case-Usage}
 * when throttled. Faults apply to the next container creation, except a dropped answer, which
 * drops the next {@code threads_publish} after the post exists.
 */
public final class FakeThreads implements FakeNetwork {

  public static final String VERSION = "v1.0";

  /** Faults beyond the contract's: {@code APP_LIMIT} is a 429 with only {@code X-App-Usage} at 100%. */
  public enum Fault { EXPIRED_TOKEN, REVOKED, RATE_LIMITED, APP_LIMIT, SERVER_ERROR, DROP_AFTER_PUBLISH }

  /** A published post. */
  public record Post(String id, String userId, String text, String replyTo, List<String> images, List<String> altTexts,
      boolean video, String mediaType, Map<String, String> params, Instant at) {}

  public record User(String id, String username, String name) {}

  private final HttpServer server;
  private final Clock clock;
  private final FakeThreadsAuth auth;
  private final FakeThreadsContainers containers;
  private final AtomicLong ids = new AtomicLong(17_841_400_000_000_000L);
  private final Map<String, User> users = new ConcurrentHashMap<>();
  private final Map<String, Post> live = new ConcurrentHashMap<>();
  private final List<Post> published = new CopyOnWriteArrayList<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final AtomicInteger publishCalls = new AtomicInteger();
  private final AtomicInteger statusReads = new AtomicInteger();
  private volatile int postQuota = 250;
  private volatile int replyQuota = 1000;

  public FakeThreads() throws IOException {
    this(Clock.systemUTC());
  }

  public FakeThreads(Clock clock) throws IOException {
    this.clock = clock;
    this.auth = new FakeThreadsAuth(clock);
    this.containers = new FakeThreadsContainers(clock, ids);
    server = LoopbackHttp.server();
    server.createContext("/oauth/authorize", auth::authorize);
    server.createContext("/oauth/access_token", auth::accessToken);
    server.createContext("/access_token", auth::exchange);
    server.createContext("/refresh_access_token", auth::refresh);
    server.createContext("/" + VERSION + "/", this::api);
    server.start();
  }

  public String url() {
    return LoopbackHttp.origin(server);
  }

  public FakeThreadsAuth auth() {
    return auth;
  }

  public FakeThreads user(String id, String username, String name) {
    users.put(id, new User(id, username, name));
    return this;
  }

  /** How many status reads each kind of container answers {@code IN_PROGRESS} before it is done. */
  public FakeThreads processingPolls(int text, int image, int video) {
    containers.polls(text, image, video);
    return this;
  }

  /** Containers created from now on stay {@code IN_PROGRESS} forever (or until they expire). */
  public FakeThreads neverFinish(boolean never) {
    containers.neverFinish(never);
    return this;
  }

  /** The next container ends in {@code ERROR} with this {@code error_message}. */
  public FakeThreads errorNextContainer(String reason) {
    containers.errorNext(reason);
    return this;
  }

  public FakeThreads quota(int posts, int replies) {
    postQuota = posts;
    replyQuota = replies;
    return this;
  }

  public synchronized FakeThreads fault(Fault f) {
    faults.add(f);
    return this;
  }

  public List<Post> published() {
    return List.copyOf(published);
  }

  /** Media URLs Meta pulled. */
  public List<String> fetched() {
    return containers.fetched();
  }

  public int statusReads() {
    return statusReads.get();
  }

  private synchronized Fault nextFault() {
    return faults.peek() == Fault.DROP_AFTER_PUBLISH ? null : faults.poll();
  }

  private synchronized boolean take(Fault f) {
    if (faults.peek() == f) {
      faults.poll();
      return true;
    }
    return false;
  }

  private void api(HttpExchange ex) throws IOException {
    var params = new LinkedHashMap<>(LoopbackHttp.params(ex).values());
    String token = params.remove("access_token");
    String[] path = ex.getRequestURI().getPath().substring(VERSION.length() + 2).split("/");
    var grant = token == null ? null : auth.valid(token);
    usage(ex, 4);
    if (grant == null) {
      error(ex, 400, 190, token == null ? 0 : 463, token == null ? "An active access token must be used" : auth.refusal(token),
          "OAuthException");
      return;
    }
    String user = grant.userId();
    String method = ex.getRequestMethod();
    if (path.length == 2 && !path[0].equals(user) && !path[0].equals("me")) {
      error(ex, 400, 100, 33, "Object with ID '" + path[0] + "' does not exist, cannot be loaded due to missing permissions",
          "THApiException");
      return;
    }
    String route = path.length == 2 ? path[1] : path[0].equals("me") ? "me" : "object";
    boolean needsPublish = route.equals("threads") || route.equals("threads_publish");
    if ((needsPublish && !grant.scopes().contains("threads_content_publish"))
        || (method.equals("DELETE") && !grant.scopes().contains("threads_delete"))
        || (route.equals("threads") && params.containsKey("reply_to_id") && !grant.scopes().contains("threads_manage_replies"))) {
      error(ex, 403, 10, 0, "(#10) Application does not have permission for this action", "OAuthException");
      return;
    }
    switch (method + " " + route) {
      case "GET me" -> me(ex, user);
      case "POST threads" -> create(ex, user, token, params);
      case "POST threads_publish" -> publish(ex, user, params);
      case "GET threads_publishing_limit" -> LoopbackHttp.json(ex, 200, Map.of("data", List.of(Map.of(
          "quota_usage", used(user, false), "config", Map.of("quota_total", postQuota, "quota_duration", 86400),
          "reply_quota_usage", used(user, true), "reply_config", Map.of("quota_total", replyQuota, "quota_duration", 86400)))));
      case "GET object" -> object(ex, user, path[0]);
      case "DELETE object" -> delete(ex, user, path[0]);
      default -> error(ex, 400, 100, 0, "Unsupported " + method + " request", "THApiException");
    }
  }

  private void me(HttpExchange ex, String user) throws IOException {
    var u = users.getOrDefault(user, new User(user, "user" + user, "User " + user));
    LoopbackHttp.json(ex, 200, Map.of("id", u.id(), "username", u.username(), "name", u.name(),
        "threads_profile_picture_url", url() + "/pictures/" + u.id() + ".jpg"));
  }

  private void create(HttpExchange ex, String user, String token, Map<String, String> params) throws IOException {
    Fault fault = nextFault();
    if (fault != null && failed(ex, fault, token, user)) {
      return;
    }
    try {
      var c = containers.create(user, params, Map.copyOf(live.entrySet().stream()
          .filter(e -> e.getValue().userId().equals(user)).collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))));
      LoopbackHttp.json(ex, 200, Map.of("id", c.id));
    } catch (FakeThreadsContainers.RefusalException e) {
      error(ex, 400, e.refusal.code(), e.refusal.subcode(), e.refusal.message(), "THApiException");
    }
  }

  /** Answers a scripted fault; false when there is none for this request. */
  private boolean failed(HttpExchange ex, Fault fault, String token, String user) throws IOException {
    switch (fault) {
      case EXPIRED_TOKEN -> error(ex, 400, 190, 463, "Error validating access token: Session has expired", "OAuthException");
      case REVOKED -> {
        auth.revoke(token);
        error(ex, 400, 190, 460, "Error validating access token: The session has been invalidated because the user changed"
            + " their password", "OAuthException");
      }
      case RATE_LIMITED -> {
        ex.getResponseHeaders().add("X-Business-Use-Case-Usage", "{\"" + user + "\":[{\"type\":\"threads\",\"call_count\":100,"
            + "\"total_cputime\":12,\"total_time\":30,\"estimated_time_to_regain_access\":" + rateLimitResetSeconds() / 60 + "}]}");
        error(ex, 400, 17, 0, "(#17) User request limit reached", "OAuthException");
      }
      case APP_LIMIT -> {
        usage(ex, 100);
        error(ex, 429, 4, 0, "(#4) Application request limit reached", "OAuthException");
      }
      case SERVER_ERROR -> {
        error(ex, 500, 2, 0, "An unexpected error has occurred. Please retry your request later.", "OAuthException", true);
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  private void publish(HttpExchange ex, String user, Map<String, String> params) throws IOException {
    publishCalls.incrementAndGet();
    var c = containers.get(params.getOrDefault("creation_id", ""));
    if (c == null || !c.userId.equals(user)) {
      error(ex, 400, 100, 33, "Object with ID '" + params.get("creation_id") + "' does not exist", "THApiException");
      return;
    }
    Post post;
    synchronized (this) {
      String status = containers.status(c, false);
      if (!"FINISHED".equals(status) || c.item()) {
        error(ex, 400, 24, 4279009, c.item() ? "A carousel item cannot be published on its own"
            : "The media is not ready for publishing, please wait for a moment (status " + status + ")", "THApiException");
        return;
      }
      boolean reply = c.params.containsKey("reply_to_id");
      if (used(user, reply) >= (reply ? replyQuota : postQuota)) {
        error(ex, 400, 4, 2207042, "You have reached the maximum number of posts allowed in 24 hours", "THApiException");
        return;
      }
      if (reply && !live.containsKey(c.params.get("reply_to_id"))) {
        error(ex, 400, 100, 33, "The post being replied to no longer exists", "THApiException");
        return;
      }
      var media = "CAROUSEL".equals(c.type()) ? containers.children(c) : List.of(c);
      var images = media.stream().filter(m -> "IMAGE".equals(m.type())).toList();
      post = new Post(String.valueOf(ids.incrementAndGet()), user, c.params.getOrDefault("text", ""), c.params.get("reply_to_id"),
          images.stream().map(m -> m.params.get("image_url")).toList(),
          images.stream().map(m -> m.params.get("alt_text")).filter(java.util.Objects::nonNull).toList(),
          media.stream().anyMatch(m -> m.video), c.type(), c.params, clock.instant());
      c.published = true;
      live.put(post.id(), post);
      published.add(post);
    }
    if (take(Fault.DROP_AFTER_PUBLISH)) {
      ex.close(); // the post exists; its answer is lost
      return;
    }
    LoopbackHttp.json(ex, 200, Map.of("id", post.id()));
  }

  private int used(String user, boolean replies) {
    Instant since = clock.instant().minus(Duration.ofDays(1));
    return (int) published.stream().filter(p -> p.userId().equals(user) && (p.replyTo() != null) == replies
        && p.at().isAfter(since)).count();
  }

  private void object(HttpExchange ex, String user, String id) throws IOException {
    var c = containers.get(id);
    if (c != null && c.userId.equals(user)) {
      statusReads.incrementAndGet();
      String status = containers.status(c, true);
      var body = new LinkedHashMap<String, Object>();
      body.put("id", c.id);
      body.put("status", status);
      if ("ERROR".equals(status)) {
        body.put("error_message", c.error);
      }
      LoopbackHttp.json(ex, 200, body);
      return;
    }
    var p = live.get(id);
    if (p == null || !p.userId().equals(user)) {
      error(ex, 400, 100, 33, "Object with ID '" + id + "' does not exist", "THApiException");
      return;
    }
    var u = users.getOrDefault(user, new User(user, "user" + user, "User " + user));
    LoopbackHttp.json(ex, 200, Map.of("id", p.id(), "permalink", "https://www.threads.net/@" + u.username() + "/post/C"
        + Long.toString(Long.parseLong(p.id()), 36), "media_type", p.mediaType() + "_POST"));
  }

  private void delete(HttpExchange ex, String user, String id) throws IOException {
    var p = live.get(id);
    if (p == null || !p.userId().equals(user)) {
      error(ex, 400, 100, 33, "Object with ID '" + id + "' does not exist", "THApiException");
      return;
    }
    live.remove(id);
    LoopbackHttp.json(ex, 200, Map.of("success", true, "deleted_id", id));
  }

  private static void usage(HttpExchange ex, int percent) {
    ex.getResponseHeaders().set("X-App-Usage", "{\"call_count\":" + percent + ",\"total_cputime\":" + Math.min(percent, 3)
        + ",\"total_time\":" + Math.min(percent, 5) + "}");
  }

  static void error(HttpExchange ex, int status, int code, int subcode, String message, String type) throws IOException {
    error(ex, status, code, subcode, message, type, false);
  }

  static void error(HttpExchange ex, int status, int code, int subcode, String message, String type, boolean transientError)
      throws IOException {
    var e = new LinkedHashMap<String, Object>();
    e.put("message", message);
    e.put("type", type);
    e.put("code", code);
    if (subcode != 0) {
      e.put("error_subcode", subcode);
    }
    e.put("is_transient", transientError);
    e.put("fbtrace_id", "A" + Long.toHexString(System.nanoTime()));
    LoopbackHttp.json(ex, status, Map.of("error", e));
  }

  @Override
  public List<Held> held() {
    return published.stream().filter(p -> live.containsKey(p.id()))
        .map(p -> new Held(p.id(), p.text(), p.replyTo(), p.images().size(), p.altTexts(), p.video())).toList();
  }

  @Override
  public int publishCalls() {
    return publishCalls.get();
  }

  @Override
  public int mediaUploads() {
    return containers.withMedia();
  }

  @Override
  public void failNext(FakeNetwork.Fault fault) {
    fault(switch (fault) {
      case EXPIRED_TOKEN -> Fault.EXPIRED_TOKEN;
      case REVOKED -> Fault.REVOKED;
      case RATE_LIMITED -> Fault.RATE_LIMITED;
      case SERVER_ERROR -> Fault.SERVER_ERROR;
      case DROP_AFTER_SEND -> Fault.DROP_AFTER_PUBLISH;
    });
  }

  /** Meta states the wait in whole minutes. */
  @Override
  public long rateLimitResetSeconds() {
    return 300;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

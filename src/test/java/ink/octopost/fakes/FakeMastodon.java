package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Mastodon instance on loopback, as networks.md section 3 describes it: bearer tokens checked,
 * {@code Idempotency-Key} honoured (the same key gets the same status, never a second one),
 * replies checked against existing statuses, the instance's limits and status fields
 * ({@link FakeMastodonInstance}), errors as {@code {"error": ...}},
 * {@code X-RateLimit-Reset} as an ISO instant. Faults can be scripted; a fixed latency can be set.
 */
public final class FakeMastodon implements FakeNetwork {

  public enum Fault { RATE_LIMITED, UNAVAILABLE, CREATE_THEN_DROP, DROP_BEFORE_CREATE, UNAUTHORIZED }

  /** A status as the instance stored it; sensitive is true with a content warning, as on the instance. */
  public record Status(String id, String token, String text, String inReplyToId, String idempotencyKey, List<Attachment> media,
      String visibility, String spoilerText, boolean sensitive) {}

  /** An uploaded attachment. */
  public record Attachment(String id, String type, String description, int polls) {}

  private final Map<String, Attachment> attachments = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger publishCalls = new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger mediaUploads = new java.util.concurrent.atomic.AtomicInteger();

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpServer server;
  private final FakeMastodonAuth auth;
  private final FakeMastodonInstance instance = new FakeMastodonInstance();
  private final Map<String, String> tokens = new ConcurrentHashMap<>(); // token -> username
  private final Map<String, Status> byKey = new ConcurrentHashMap<>();
  private final Map<String, Status> statuses = new ConcurrentHashMap<>();
  /** Guarded by {@code this} (a copy-on-write list would copy itself on every post of a burst). */
  private final List<Status> created = new java.util.ArrayList<>();
  /** When the last status with each text was created (epoch ms): a post's completion in a burst. */
  private final Map<String, Long> lastCreatedAt = new java.util.HashMap<>();
  /** When each status call arrived (wall clock, milliseconds), for lateness measurements. */
  private final java.util.Queue<Long> arrivals = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final AtomicLong ids = new AtomicLong(109_000_000_000_000_000L);
  private volatile long latencyMillis;
  private volatile Instant rateLimitReset = Instant.now().plusSeconds(60);

  public FakeMastodon() throws IOException {
    auth = new FakeMastodonAuth(this::token);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/api/v1/accounts/verify_credentials", this::verify);
    server.createContext("/api/v1/statuses", this::statuses);
    server.createContext("/api/v2/media", this::upload);
    server.createContext("/api/v1/media/", this::pollMedia);
    server.createContext("/api/v1/apps", auth::registerApp);
    server.createContext("/api/v2/instance", instance::v2);
    server.createContext("/api/v1/instance", instance::v1);
    server.createContext("/oauth/authorize", auth::authorize);
    server.createContext("/oauth/token", auth::token);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public FakeMastodon token(String token, String username) {
    tokens.put(token, username);
    return this;
  }

  /** The user revokes the app: the token stops working. */
  public FakeMastodon revoke(String token) {
    tokens.remove(token);
    return this;
  }

  public FakeMastodon latency(long millis) {
    this.latencyMillis = millis;
    return this;
  }

  public synchronized FakeMastodon fault(Fault f) {
    faults.add(f);
    return this;
  }

  public FakeMastodon rateLimitResetAt(Instant at) {
    this.rateLimitReset = at;
    return this;
  }

  /** When the last status with this text was created (epoch ms), or null. */
  public synchronized Long lastCreatedAt(String text) {
    return lastCreatedAt.get(text);
  }

  public synchronized List<Status> created() {
    return List.copyOf(created);
  }

  /** The instance's limits and what it says about them. */
  public FakeMastodonInstance instance() {
    return instance;
  }

  /** The instance's OAuth side: apps, consent, codes. */
  public FakeMastodonAuth auth() {
    return auth;
  }

  /** The user logged in on the instance, who approves every authorization request. */
  public FakeMastodon approveAs(String username) {
    auth.approveAs(username);
    return this;
  }

  /** Apps registered so far. */
  public int appRegistrations() {
    return auth.appRegistrations();
  }

  private synchronized Fault nextFault() {
    return faults.poll();
  }

  private void verify(HttpExchange ex) throws IOException {
    String user = user(ex);
    if (user == null) {
      send(ex, 401, Map.of("error", "The access token is invalid"));
      return;
    }
    send(ex, 200, Map.of("id", "1" + Math.abs(user.hashCode()), "username", user, "acct", user,
        "display_name", user.toUpperCase(), "avatar", url() + "/avatars/" + user + ".png"));
  }

  public List<Long> arrivals() {
    return List.copyOf(arrivals);
  }

  public synchronized int createdCount() {
    return created.size();
  }

  private void statuses(HttpExchange ex) throws IOException {
    if (ex.getRequestMethod().equals("POST")) {
      arrivals.add(System.currentTimeMillis());
    }
    sleep(latencyMillis);
    String token = bearer(ex);
    if (tokens.get(token) == null) {
      send(ex, 401, Map.of("error", "The access token is invalid"));
      return;
    }
    String path = ex.getRequestURI().getPath();
    if (ex.getRequestMethod().equals("DELETE") && path.startsWith("/api/v1/statuses/")) {
      var removed = statuses.remove(path.substring("/api/v1/statuses/".length()));
      send(ex, removed == null ? 404 : 200, removed == null ? Map.of("error", "Record not found") : view(removed));
      return;
    }
    if (!ex.getRequestMethod().equals("POST") || !path.equals("/api/v1/statuses")) {
      send(ex, 404, Map.of("error", "Record not found"));
      return;
    }
    JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
    publishCalls.incrementAndGet();
    Fault fault = nextFault();
    if (fault == Fault.UNAUTHORIZED) {
      send(ex, 401, Map.of("error", "The access token is invalid"));
      return;
    }
    if (fault == Fault.DROP_BEFORE_CREATE) {
      ex.close();
      return;
    }
    if (fault == Fault.RATE_LIMITED) {
      ex.getResponseHeaders().add("X-RateLimit-Limit", "300");
      ex.getResponseHeaders().add("X-RateLimit-Remaining", "0");
      ex.getResponseHeaders().add("X-RateLimit-Reset", rateLimitReset.toString());
      send(ex, 429, Map.of("error", "Too many requests"));
      return;
    }
    if (fault == Fault.UNAVAILABLE) {
      send(ex, 503, Map.of("error", "Service Unavailable"));
      return;
    }
    String text = body.path("status").asString("");
    var media = new java.util.ArrayList<Attachment>();
    for (JsonNode id : body.path("media_ids")) {
      Attachment a = attachments.get(id.asString());
      if (a == null) {
        send(ex, 422, Map.of("error", "Validation failed: media_ids " + id.asString() + " not found"));
        return;
      }
      media.add(a);
    }
    String refusal = instance.refusal(body, text, media.size());
    if (refusal != null) {
      send(ex, 422, Map.of("error", refusal));
      return;
    }
    String spoiler = body.path("spoiler_text").asString("");
    boolean sensitive = body.path("sensitive").asString("false").matches("true|1") || !spoiler.isEmpty();
    String replyTo = body.path("in_reply_to_id").asString(null);
    if (replyTo != null && !statuses.containsKey(replyTo)) {
      send(ex, 404, Map.of("error", "Record not found"));
      return;
    }
    String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
    Status status;
    synchronized (this) {
      status = key == null ? null : byKey.get(token + "\n" + key);
      if (status == null) {
        status = new Status(String.valueOf(ids.incrementAndGet()), token, text, replyTo, key, List.copyOf(media),
            body.path("visibility").asString("public"), spoiler, sensitive);
        statuses.put(status.id(), status);
        created.add(status);
        lastCreatedAt.merge(text, System.currentTimeMillis(), Math::max);
        if (key != null) {
          byKey.put(token + "\n" + key, status);
        }
      }
    }
    if (fault == Fault.CREATE_THEN_DROP) {
      ex.close(); // the status exists, but its answer is lost
      return;
    }
    send(ex, 200, view(status));
  }

  /** POST /api/v2/media: multipart file (+ description). Images are ready at once; video answers 202. */
  private void upload(HttpExchange ex) throws IOException {
    mediaUploads.incrementAndGet();
    if (tokens.get(bearer(ex)) == null) {
      send(ex, 401, Map.of("error", "The access token is invalid"));
      return;
    }
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.startsWith("multipart/form-data; boundary=")) {
      send(ex, 422, Map.of("error", "Validation failed: File can't be blank"));
      return;
    }
    var parts = Multiparts.parse(ex.getRequestBody().readAllBytes(), type.substring(type.indexOf('=') + 1));
    var file = parts.get("file");
    if (file == null || file.bytes().length == 0) {
      send(ex, 422, Map.of("error", "Validation failed: File can't be blank"));
      return;
    }
    boolean video = file.contentType().startsWith("video/");
    var description = parts.get("description");
    var a = new Attachment(String.valueOf(ids.incrementAndGet()), video ? "video" : "image",
        description == null ? null : new String(description.bytes(), StandardCharsets.UTF_8), 0);
    attachments.put(a.id(), a);
    var view = new java.util.LinkedHashMap<String, Object>();
    view.put("id", a.id());
    view.put("type", a.type());
    view.put("url", video ? null : url() + "/media/" + a.id());
    view.put("description", a.description());
    send(ex, video ? 202 : 200, view);
  }

  /** GET /api/v1/media/{id}: 206 while processing (once), then 200. */
  private void pollMedia(HttpExchange ex) throws IOException {
    String id = ex.getRequestURI().getPath().substring("/api/v1/media/".length());
    var a = attachments.get(id);
    if (a == null) {
      send(ex, 404, Map.of("error", "Record not found"));
      return;
    }
    if (a.polls() == 0) {
      attachments.put(id, new Attachment(a.id(), a.type(), a.description(), 1));
      send(ex, 206, Map.of("id", id, "type", a.type()));
      return;
    }
    send(ex, 200, Map.of("id", id, "type", a.type(), "url", url() + "/media/" + id));
  }

  @Override
  public List<Held> held() {
    return created().stream().filter(s -> statuses.containsKey(s.id()))
        .map(s -> new Held(s.id(), s.text(), s.inReplyToId(),
            (int) s.media().stream().filter(m -> m.type().equals("image")).count(),
            s.media().stream().filter(m -> m.type().equals("image")).map(Attachment::description).toList(),
            s.media().stream().anyMatch(m -> m.type().equals("video"))))
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
  public void failNext(FakeNetwork.Fault fault) {
    fault(switch (fault) {
      case REVOKED -> Fault.UNAUTHORIZED;
      case RATE_LIMITED -> {
        rateLimitResetAt(Instant.now().plusSeconds(rateLimitResetSeconds()));
        yield Fault.RATE_LIMITED;
      }
      case SERVER_ERROR -> Fault.UNAVAILABLE;
      case DROP_AFTER_SEND -> Fault.CREATE_THEN_DROP;
      case EXPIRED_TOKEN -> throw new UnsupportedOperationException("Mastodon tokens do not expire");
    });
  }

  private Map<String, Object> view(Status s) {
    String user = tokens.get(s.token());
    var m = new java.util.LinkedHashMap<String, Object>();
    m.put("id", s.id());
    m.put("uri", url() + "/users/" + user + "/statuses/" + s.id());
    m.put("url", url() + "/@" + user + "/" + s.id());
    m.put("content", "<p>" + s.text() + "</p>");
    m.put("in_reply_to_id", s.inReplyToId());
    m.put("visibility", s.visibility());
    m.put("spoiler_text", s.spoilerText());
    m.put("sensitive", s.sensitive());
    return m;
  }

  private String user(HttpExchange ex) {
    return tokens.get(bearer(ex));
  }

  private static String bearer(HttpExchange ex) {
    String h = ex.getRequestHeaders().getFirst("Authorization");
    return h != null && h.startsWith("Bearer ") ? h.substring(7) : "";
  }

  private static void send(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  private static void sleep(long ms) {
    if (ms > 0) {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}

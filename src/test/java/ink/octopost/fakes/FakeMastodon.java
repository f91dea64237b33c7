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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Mastodon instance on loopback, as networks.md section 3 describes it: bearer tokens checked,
 * {@code Idempotency-Key} honoured (the same key gets the same status, never a second one),
 * replies checked against existing statuses, 500 characters, errors as {@code {"error": ...}},
 * {@code X-RateLimit-Reset} as an ISO instant. Faults can be scripted; a fixed latency can be set.
 */
public final class FakeMastodon implements AutoCloseable {

  public enum Fault { RATE_LIMITED, UNAVAILABLE, CREATE_THEN_DROP, DROP_BEFORE_CREATE }

  /** A status as the instance stored it. */
  public record Status(String id, String token, String text, String inReplyToId, String idempotencyKey) {}

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpServer server;
  private final Map<String, String> tokens = new ConcurrentHashMap<>(); // token -> username
  private final Map<String, Status> byKey = new ConcurrentHashMap<>();
  private final Map<String, Status> statuses = new ConcurrentHashMap<>();
  private final List<Status> created = new CopyOnWriteArrayList<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final AtomicLong ids = new AtomicLong(109_000_000_000_000_000L);
  private volatile long latencyMillis;
  private volatile Instant rateLimitReset = Instant.now().plusSeconds(60);

  public FakeMastodon() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/api/v1/accounts/verify_credentials", this::verify);
    server.createContext("/api/v1/statuses", this::statuses);
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

  public List<Status> created() {
    return List.copyOf(created);
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

  private void statuses(HttpExchange ex) throws IOException {
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
    Fault fault = nextFault();
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
    if (text.isBlank()) {
      send(ex, 422, Map.of("error", "Validation failed: Text can't be blank"));
      return;
    }
    if (text.codePointCount(0, text.length()) > 500) {
      send(ex, 422, Map.of("error", "Validation failed: Text character limit of 500 exceeded"));
      return;
    }
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
        status = new Status(String.valueOf(ids.incrementAndGet()), token, text, replyTo, key);
        statuses.put(status.id(), status);
        created.add(status);
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

  private Map<String, Object> view(Status s) {
    String user = tokens.get(s.token());
    var m = new java.util.LinkedHashMap<String, Object>();
    m.put("id", s.id());
    m.put("uri", url() + "/users/" + user + "/statuses/" + s.id());
    m.put("url", url() + "/@" + user + "/" + s.id());
    m.put("content", "<p>" + s.text() + "</p>");
    m.put("in_reply_to_id", s.inReplyToId());
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

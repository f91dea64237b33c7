package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Discord's webhook API on loopback, as networks.md section 10 describes it: {@code /api[/v10]/webhooks/{id}/{token}}
 * read with GET (without {@code user}, as for a token-authenticated read), executed with POST
 * ({@code ?wait=true} returns the message, otherwise 204) as JSON or as multipart {@code payload_json}
 * plus {@code files[n]} whose {@code attachments} must match, 2000 characters of content, 10 files of
 * at most 10 MiB and 25 MiB per request, 1024-character descriptions; messages deleted with
 * {@code DELETE .../messages/{id}}. Errors are Discord's {@code {"message","code","errors"}} (10015
 * Unknown Webhook, 50027 Invalid Webhook Token, 50035 Invalid Form Body, 50006 empty message, 40005
 * too large, 10008 Unknown Message), with the rate-limit headers and the 429 body's {@code retry_after}.
 */
public final class FakeDiscord implements FakeNetwork {

  /** A webhook in a channel. */
  public record Webhook(String id, String token, String name, String channelId, String guildId) {}

  /** A message a webhook posted. */
  public record Message(String id, String webhookId, String channelId, String content, List<Attachment> attachments) {}

  /** An uploaded file. */
  public record Attachment(String filename, String contentType, String description, int size) {}

  private static final JsonMapper JSON = LoopbackHttp.JSON;
  private static final Pattern ROUTE = Pattern.compile("^/api(?:/v\\d+)?/webhooks/([^/]+)/([^/]+)(?:/messages/([^/]+))?/?$");
  private static final int MAX_FILE = 10 * 1024 * 1024;
  private static final int MAX_REQUEST = 25 * 1024 * 1024;

  private final HttpServer server;
  private final Map<String, Webhook> webhooks = new ConcurrentHashMap<>();
  private final Map<String, Message> messages = new ConcurrentHashMap<>();
  private final List<Message> created = new CopyOnWriteArrayList<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final AtomicInteger publishCalls = new AtomicInteger();
  private final AtomicLong snowflakes = new AtomicLong(1_250_000_000_000_000_000L);
  private volatile double retryAfter = 30.0;

  public FakeDiscord() throws IOException {
    server = LoopbackHttp.server();
    server.createContext("/", this::handle);
    server.start();
  }

  /** The base URL ({@code octopost.networks.discord.base-url}), like {@code https://discord.com/api}. */
  public String url() {
    return LoopbackHttp.origin(server) + "/api";
  }

  /** Creates a webhook in a channel, as a server admin would. */
  public Webhook webhook(String name, String channelId, String guildId) {
    String id = String.valueOf(snowflakes.incrementAndGet());
    String token = "wh-" + java.util.UUID.randomUUID().toString().replace("-", "") + "_" + id.substring(12);
    var w = new Webhook(id, token, name, channelId, guildId);
    webhooks.put(id, w);
    return w;
  }

  /** The URL Discord shows for a webhook. */
  public String webhookUrl(Webhook w) {
    return url() + "/webhooks/" + w.id() + "/" + w.token();
  }

  /** An admin deletes the webhook. */
  public void deleteWebhook(Webhook w) {
    webhooks.remove(w.id());
  }

  /** The 429 body's {@code retry_after}, in seconds. */
  public FakeDiscord retryAfter(double seconds) {
    this.retryAfter = seconds;
    return this;
  }

  public List<Message> created() {
    return List.copyOf(created);
  }

  @Override
  public long rateLimitResetSeconds() {
    return (long) retryAfter;
  }

  @Override
  public List<Held> held() {
    return created.stream().filter(m -> messages.containsKey(m.id()))
        .map(m -> new Held(m.id(), m.content(), null,
            (int) m.attachments().stream().filter(a -> a.contentType().startsWith("image/")).count(),
            m.attachments().stream().filter(a -> a.contentType().startsWith("image/")).map(Attachment::description).toList(),
            m.attachments().stream().anyMatch(a -> a.contentType().startsWith("video/"))))
        .toList();
  }

  @Override
  public int publishCalls() {
    return publishCalls.get();
  }

  /** None: the files travel in the webhook execute itself. */
  @Override
  public int mediaUploads() {
    return 0;
  }

  @Override
  public synchronized void failNext(Fault fault) {
    if (fault == Fault.EXPIRED_TOKEN) {
      throw new UnsupportedOperationException("Discord webhooks do not expire");
    }
    faults.add(fault);
  }

  private synchronized Fault nextFault() {
    return faults.poll();
  }

  private void handle(HttpExchange ex) throws IOException {
    var m = ROUTE.matcher(ex.getRequestURI().getPath());
    byte[] body = ex.getRequestBody().readAllBytes();
    if (!m.matches()) {
      error(ex, 404, "404: Not Found", 0, null);
      return;
    }
    Webhook hook = webhooks.get(m.group(1));
    if (hook == null) {
      error(ex, 404, "Unknown Webhook", 10015, null);
      return;
    }
    if (!hook.token().equals(m.group(2))) {
      error(ex, 401, "Invalid Webhook Token", 50027, null);
      return;
    }
    String method = ex.getRequestMethod();
    if (m.group(3) != null) {
      if (method.equals("DELETE")) {
        var msg = messages.get(m.group(3));
        if (msg == null || !msg.webhookId().equals(hook.id())) {
          error(ex, 404, "Unknown Message", 10008, null);
          return;
        }
        messages.remove(msg.id());
        limits(ex);
        LoopbackHttp.empty(ex, 204);
        return;
      }
      error(ex, 405, "405: Method Not Allowed", 0, null);
      return;
    }
    switch (method) {
      case "GET" -> LoopbackHttp.json(ex, 200, Map.of("type", 1, "id", hook.id(), "name", hook.name(), "avatar", "a1b2c3",
          "channel_id", hook.channelId(), "guild_id", hook.guildId(), "application_id", "", "token", hook.token()));
      case "POST" -> execute(ex, hook, body);
      default -> error(ex, 405, "405: Method Not Allowed", 0, null);
    }
  }

  private void execute(HttpExchange ex, Webhook hook, byte[] body) throws IOException {
    publishCalls.incrementAndGet();
    Fault fault = nextFault();
    if (fault == Fault.REVOKED) {
      webhooks.remove(hook.id());
      error(ex, 404, "Unknown Webhook", 10015, null);
      return;
    }
    if (fault == Fault.RATE_LIMITED) {
      var h = ex.getResponseHeaders();
      h.add("Retry-After", String.valueOf((long) Math.ceil(retryAfter)));
      h.add("X-RateLimit-Limit", "5");
      h.add("X-RateLimit-Remaining", "0");
      h.add("X-RateLimit-Reset", String.format(java.util.Locale.ROOT, "%.3f", Instant.now().toEpochMilli() / 1000.0 + retryAfter));
      h.add("X-RateLimit-Reset-After", String.format(java.util.Locale.ROOT, "%.3f", retryAfter));
      h.add("X-RateLimit-Bucket", "webhook-" + hook.id());
      h.add("X-RateLimit-Scope", "shared");
      LoopbackHttp.json(ex, 429, Map.of("message", "You are being rate limited.", "retry_after", retryAfter, "global", false));
      return;
    }
    if (fault == Fault.SERVER_ERROR) {
      error(ex, 500, "500: Internal Server Error", 0, null);
      return;
    }
    if (body.length > MAX_REQUEST) {
      error(ex, 413, "Request entity too large", 40005, null);
      return;
    }
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    type = type == null ? "" : type;
    JsonNode payload;
    var attachments = new ArrayList<Attachment>();
    if (type.startsWith("application/json")) {
      payload = JSON.readTree(body);
    } else if (type.startsWith("multipart/form-data; boundary=")) {
      var parts = Multiparts.parse(body, type.substring(type.indexOf('=') + 1));
      var json = parts.get("payload_json");
      payload = json == null ? JSON.createObjectNode() : JSON.readTree(json.bytes());
      var files = new LinkedHashMap<Integer, Multiparts.Part>();
      for (var e : parts.entrySet()) {
        var fm = Pattern.compile("^files\\[(\\d+)]$").matcher(e.getKey());
        if (fm.matches()) {
          if (e.getValue().bytes().length > MAX_FILE) {
            error(ex, 413, "Request entity too large", 40005, null);
            return;
          }
          files.put(Integer.parseInt(fm.group(1)), e.getValue());
        }
      }
      if (files.size() > 10) {
        invalid(ex, "attachments", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.");
        return;
      }
      var described = new LinkedHashMap<Integer, String>();
      for (JsonNode a : payload.path("attachments")) {
        int id = a.path("id").asInt(-1);
        if (!files.containsKey(id)) {
          invalid(ex, "attachments." + id, "ATTACHMENT_NOT_FOUND", "Attachment data not found");
          return;
        }
        String description = a.path("description").asString(null);
        if (description != null && description.length() > 1024) {
          invalid(ex, "attachments." + id + ".description", "BASE_TYPE_MAX_LENGTH", "Must be 1024 or fewer in length.");
          return;
        }
        described.put(id, description);
      }
      for (var e : files.entrySet()) {
        var part = e.getValue();
        attachments.add(new Attachment(part.fileName(), ink.octopost.media.MediaTypes.sniff(part.bytes()),
            described.get(e.getKey()), part.bytes().length));
      }
    } else {
      error(ex, 400, "Cannot send an empty message", 50006, null);
      return;
    }
    String content = payload.path("content").asString("");
    if (content.length() > 2000) {
      invalid(ex, "content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.");
      return;
    }
    if (content.isBlank() && attachments.isEmpty() && !payload.has("embeds")) {
      error(ex, 400, "Cannot send an empty message", 50006, null);
      return;
    }
    var msg = new Message(String.valueOf(snowflakes.incrementAndGet()), hook.id(), hook.channelId(), content,
        List.copyOf(attachments));
    messages.put(msg.id(), msg);
    created.add(msg);
    if (fault == Fault.DROP_AFTER_SEND) {
      ex.close(); // the message exists; its answer is lost
      return;
    }
    limits(ex);
    if (!"true".equals(query(ex, "wait"))) {
      LoopbackHttp.empty(ex, 204);
      return;
    }
    LoopbackHttp.json(ex, 200, view(msg, hook));
  }

  private Map<String, Object> view(Message msg, Webhook hook) {
    var m = new LinkedHashMap<String, Object>();
    m.put("id", msg.id());
    m.put("type", 0);
    m.put("channel_id", msg.channelId());
    m.put("webhook_id", hook.id());
    m.put("author", Map.of("id", hook.id(), "username", hook.name(), "bot", true));
    m.put("content", msg.content());
    var atts = new ArrayList<Map<String, Object>>();
    for (int i = 0; i < msg.attachments().size(); i++) {
      var a = msg.attachments().get(i);
      var view = new LinkedHashMap<String, Object>();
      view.put("id", String.valueOf(snowflakes.incrementAndGet()));
      view.put("filename", a.filename());
      view.put("size", a.size());
      view.put("content_type", a.contentType());
      view.put("url", "https://cdn.discordapp.com/attachments/" + msg.channelId() + "/" + msg.id() + "/" + a.filename());
      if (a.description() != null) {
        view.put("description", a.description());
      }
      atts.add(view);
    }
    m.put("attachments", atts);
    m.put("timestamp", Instant.now().toString());
    return m;
  }

  private static String query(HttpExchange ex, String name) {
    var args = new LinkedHashMap<String, String>();
    LoopbackHttp.form(ex.getRequestURI().getRawQuery(), args);
    return args.get(name);
  }

  private static void limits(HttpExchange ex) {
    ex.getResponseHeaders().add("X-RateLimit-Limit", "5");
    ex.getResponseHeaders().add("X-RateLimit-Remaining", "4");
    ex.getResponseHeaders().add("X-RateLimit-Reset-After", "2.000");
  }

  /** 50035 Invalid Form Body, with the field's nested {@code _errors}. */
  private static void invalid(HttpExchange ex, String field, String code, String message) throws IOException {
    Map<String, Object> errors = Map.of("_errors", List.of(Map.of("code", code, "message", message)));
    String[] path = field.split("\\.");
    for (int i = path.length - 1; i >= 0; i--) {
      errors = Map.of(path[i], errors);
    }
    error(ex, 400, "Invalid Form Body", 50035, errors);
  }

  private static void error(HttpExchange ex, int status, String message, int code, Map<String, Object> errors) throws IOException {
    var body = new LinkedHashMap<String, Object>();
    body.put("message", message);
    body.put("code", code);
    if (errors != null) {
      body.put("errors", errors);
    }
    LoopbackHttp.json(ex, status, body);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

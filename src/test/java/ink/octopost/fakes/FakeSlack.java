package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Slack workspace on loopback, as networks.md section 11 describes it. The Web API under
 * {@code /api/{method}}: bearer tokens, arguments as a form, JSON or the query, HTTP 200 with
 * {@code ok:false} and Slack's error codes, 429 with {@code Retry-After}, {@code x-oauth-scopes};
 * {@code auth.test}, {@code conversations.info}, {@code chat.postMessage} (membership unless
 * {@code chat:write.public}, {@code thread_ts} must name a parent, 40,000 characters),
 * {@code chat.getPermalink}, {@code chat.delete}, and the three-call upload
 * ({@code files.getUploadURLExternal} as a form only, the bytes POSTed to {@code /upload/v1/...},
 * {@code files.completeUploadExternal} sharing the files in one message, whose ts can be made to
 * appear in {@code files.info} only after some polls). Incoming webhooks under
 * {@code /services/T/B/secret}: plain-text answers with real statuses ({@code ok}, 400
 * {@code no_text}/{@code invalid_payload}, 403 {@code invalid_token}, 404 {@code no_service}, 410
 * {@code channel_is_archived}).
 */
public final class FakeSlack implements FakeNetwork {

  public static final String TEAM_ID = "T0OCTOPOST";
  public static final String TEAM_URL = "https://octo.slack.com/";

  /** A message in a channel; {@code author} is the bot token's bot id or the webhook's id. */
  public record Message(String channel, String ts, String author, String text, String threadTs, List<File> files) {}

  /** An uploaded file. */
  public record File(String id, String name, int length, String altTxt, String mimetype, String owner) {}

  private record Bot(String botId, String userId, Set<String> scopes) {}

  private record Channel(String id, String name, boolean isPrivate, boolean archived, Set<String> members) {}

  private record Hook(String id, String secret, String channel) {}

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int MAX_TEXT = 40_000;

  private final HttpServer server;
  private final Map<String, Bot> bots = new ConcurrentHashMap<>();
  private final Map<String, Channel> channels = new ConcurrentHashMap<>();
  private final Map<String, Hook> hooks = new ConcurrentHashMap<>();
  private final Map<String, Message> messages = new ConcurrentHashMap<>(); // channel:ts
  private final List<Message> created = new CopyOnWriteArrayList<>();
  private final Map<String, File> files = new ConcurrentHashMap<>();
  private final Map<String, String> uploads = new ConcurrentHashMap<>(); // upload key -> file id
  private final Map<String, byte[]> uploaded = new ConcurrentHashMap<>(); // file id -> bytes
  private final Map<String, Message> fileMessages = new ConcurrentHashMap<>(); // file id -> message
  private final Map<String, AtomicInteger> infoPolls = new ConcurrentHashMap<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final AtomicInteger publishCalls = new AtomicInteger();
  private final AtomicLong counter = new AtomicLong();
  private volatile long retryAfter = 30;
  private volatile int sharesAfterPolls;

  public FakeSlack() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/api/", this::api);
    server.createContext("/upload/v1/", this::upload);
    server.createContext("/services/", this::webhook);
    server.start();
  }

  /** The Web API base ({@code octopost.networks.slack.base-url}); webhooks are served at its origin. */
  public String url() {
    return origin() + "/api";
  }

  public String origin() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public FakeSlack bot(String token, String... scopes) {
    bots.put(token, new Bot("B" + next(), "U" + next(), Set.of(scopes)));
    return this;
  }

  public FakeSlack revoke(String token) {
    bots.remove(token);
    return this;
  }

  public FakeSlack channel(String id, String name, boolean isPrivate) {
    channels.put(id, new Channel(id, name, isPrivate, false, ConcurrentHashMap.newKeySet()));
    return this;
  }

  public FakeSlack archive(String id) {
    var c = channels.get(id);
    channels.put(id, new Channel(c.id(), c.name(), c.isPrivate(), true, c.members()));
    return this;
  }

  /** The app is invited to the channel. */
  public FakeSlack join(String token, String channelId) {
    channels.get(channelId).members().add(bots.get(token).botId());
    return this;
  }

  /** Installs an incoming webhook into a channel and returns its URL. */
  public String webhook(String channelId) {
    var hook = new Hook("B" + next(), UUID.randomUUID().toString().replace("-", "").substring(0, 24), channelId);
    hooks.put(hook.id(), hook);
    return origin() + "/services/" + TEAM_ID + "/" + hook.id() + "/" + hook.secret();
  }

  /** The app's webhook is removed from the workspace. */
  public void removeWebhook(String url) {
    hooks.values().removeIf(h -> url.endsWith("/" + h.id() + "/" + h.secret()));
  }

  /** completeUploadExternal answers without shares; files.info shows them after this many polls. */
  public FakeSlack sharesAfterPolls(int polls) {
    this.sharesAfterPolls = polls;
    return this;
  }

  public FakeSlack retryAfter(long seconds) {
    this.retryAfter = seconds;
    return this;
  }

  public List<Message> created() {
    return List.copyOf(created);
  }

  @Override
  public long rateLimitResetSeconds() {
    return retryAfter;
  }

  @Override
  public List<Held> held() {
    return created.stream().filter(m -> messages.containsKey(m.channel() + ":" + m.ts()))
        .map(m -> new Held(m.ts(), m.text(), m.threadTs(),
            (int) m.files().stream().filter(f -> f.mimetype().startsWith("image/")).count(),
            m.files().stream().filter(f -> f.mimetype().startsWith("image/")).map(File::altTxt).toList(),
            m.files().stream().anyMatch(f -> f.mimetype().startsWith("video/"))))
        .toList();
  }

  @Override
  public int publishCalls() {
    return publishCalls.get();
  }

  @Override
  public synchronized void failNext(Fault fault) {
    if (fault == Fault.EXPIRED_TOKEN) {
      throw new UnsupportedOperationException("Slack bot tokens do not expire without token rotation");
    }
    faults.add(fault);
  }

  private synchronized Fault nextFault() {
    return faults.poll();
  }

  // ---- Web API

  private void api(HttpExchange ex) throws IOException {
    String method = ex.getRequestURI().getPath().substring("/api/".length());
    String type = header(ex, "Content-Type");
    Map<String, JsonNode> args = args(ex, type);
    String auth = header(ex, "Authorization");
    String token = auth.startsWith("Bearer ") ? auth.substring(7) : text(args.get("token"));
    if (token == null || token.isEmpty()) {
      fail(ex, "not_authed");
      return;
    }
    Bot bot = bots.get(token);
    if (bot == null) {
      fail(ex, "invalid_auth");
      return;
    }
    ex.getResponseHeaders().add("x-oauth-scopes", String.join(",", bot.scopes()));
    switch (method) {
      case "auth.test" -> ok(ex, Map.of("url", TEAM_URL, "team", "Octo", "user", "octobot", "team_id", TEAM_ID,
          "user_id", bot.userId(), "bot_id", bot.botId(), "is_enterprise_install", false));
      case "conversations.info" -> {
        Channel c = channels.get(String.valueOf(text(args.get("channel"))));
        if (c == null || (c.isPrivate() && !c.members().contains(bot.botId()))) {
          fail(ex, "channel_not_found");
          return;
        }
        ok(ex, Map.of("channel", Map.of("id", c.id(), "name", c.name(), "is_channel", true, "is_private", c.isPrivate(),
            "is_archived", c.archived(), "is_member", c.members().contains(bot.botId()))));
      }
      case "chat.postMessage" -> postMessage(ex, bot, args);
      case "chat.getPermalink" -> {
        var m = messages.get(text(args.get("channel")) + ":" + text(args.get("message_ts")));
        if (m == null) {
          fail(ex, "message_not_found");
          return;
        }
        String link = TEAM_URL + "archives/" + m.channel() + "/p" + m.ts().replace(".", "")
            + (m.threadTs() == null ? "" : "?thread_ts=" + m.threadTs() + "&cid=" + m.channel());
        ok(ex, Map.of("channel", m.channel(), "permalink", link));
      }
      case "chat.delete" -> {
        String key = text(args.get("channel")) + ":" + text(args.get("ts"));
        var m = messages.get(key);
        if (m == null) {
          fail(ex, "message_not_found");
          return;
        }
        if (!m.author().equals(bot.botId())) {
          fail(ex, "cant_delete_message");
          return;
        }
        messages.remove(key);
        ok(ex, Map.of("channel", m.channel(), "ts", m.ts()));
      }
      case "files.getUploadURLExternal" -> uploadUrl(ex, bot, type, args);
      case "files.completeUploadExternal" -> completeUpload(ex, bot, args);
      case "files.info" -> {
        File f = files.get(String.valueOf(text(args.get("file"))));
        if (f == null) {
          fail(ex, "file_not_found");
          return;
        }
        boolean shared = infoPolls.computeIfAbsent(f.id(), k -> new AtomicInteger()).incrementAndGet() >= sharesAfterPolls;
        ok(ex, Map.of("file", fileView(f, shared)));
      }
      case "files.delete" -> {
        File f = files.remove(String.valueOf(text(args.get("file"))));
        if (f == null) {
          fail(ex, "file_not_found");
          return;
        }
        var m = fileMessages.remove(f.id());
        if (m != null) {
          messages.remove(m.channel() + ":" + m.ts());
        }
        ok(ex, Map.of());
      }
      default -> fail(ex, "unknown_method");
    }
  }

  private void postMessage(HttpExchange ex, Bot bot, Map<String, JsonNode> args) throws IOException {
    publishCalls.incrementAndGet();
    if (fault(ex)) {
      return;
    }
    String text = text(args.get("text"));
    if ((text == null || text.isBlank()) && !args.containsKey("blocks")) {
      fail(ex, "no_text");
      return;
    }
    if (text != null && text.length() > MAX_TEXT) {
      fail(ex, "msg_too_long");
      return;
    }
    String refusal = refusal(bot, text(args.get("channel")), text(args.get("thread_ts")));
    if (refusal != null) {
      fail(ex, refusal);
      return;
    }
    var m = store(new Message(text(args.get("channel")), ts(), bot.botId(), text, text(args.get("thread_ts")), List.of()));
    if (dropped(ex)) {
      return;
    }
    var view = new LinkedHashMap<String, Object>();
    view.put("type", "message");
    view.put("text", m.text());
    view.put("ts", m.ts());
    view.put("bot_id", bot.botId());
    if (m.threadTs() != null) {
      view.put("thread_ts", m.threadTs());
    }
    ok(ex, Map.of("channel", m.channel(), "ts", m.ts(), "message", view));
  }

  /** Why the bot cannot post there, as Slack's error code, or null. */
  private String refusal(Bot bot, String channelId, String threadTs) {
    Channel c = channelId == null ? null : channels.get(channelId);
    if (c == null || (c.isPrivate() && !c.members().contains(bot.botId()))) {
      return "channel_not_found";
    }
    if (c.archived()) {
      return "is_archived";
    }
    if (!c.members().contains(bot.botId()) && !bot.scopes().contains("chat:write.public")) {
      return "not_in_channel";
    }
    if (threadTs != null) {
      var parent = messages.get(c.id() + ":" + threadTs);
      if (parent == null || parent.threadTs() != null) {
        return "thread_not_found";
      }
    }
    return null;
  }

  private void uploadUrl(HttpExchange ex, Bot bot, String type, Map<String, JsonNode> args) throws IOException {
    if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) {
      fail(ex, "invalid_arguments"); // this method does not read JSON bodies
      return;
    }
    String name = text(args.get("filename"));
    String length = text(args.get("length"));
    if (name == null || name.isBlank() || length == null) {
      fail(ex, "invalid_arguments");
      return;
    }
    if (Long.parseLong(length) <= 0) {
      fail(ex, "missing_argument");
      return;
    }
    String alt = text(args.get("alt_txt"));
    if (alt != null && alt.codePointCount(0, alt.length()) > 1000) {
      fail(ex, "alt_txt_too_large");
      return;
    }
    var f = new File("F" + next(), name, Integer.parseInt(length), alt, "application/octet-stream", bot.botId());
    files.put(f.id(), f);
    String key = UUID.randomUUID().toString();
    uploads.put(key, f.id());
    ok(ex, Map.of("upload_url", origin() + "/upload/v1/" + key, "file_id", f.id()));
  }

  /** The upload URL: pre-signed, so no token; answers in plain text. */
  private void upload(HttpExchange ex) throws IOException {
    String fileId = uploads.remove(ex.getRequestURI().getPath().substring("/upload/v1/".length()));
    byte[] body = ex.getRequestBody().readAllBytes();
    if (fileId == null || !ex.getRequestMethod().equals("POST")) {
      plain(ex, 404, "Not Found");
      return;
    }
    uploaded.put(fileId, body);
    plain(ex, 200, "OK - " + body.length);
  }

  private void completeUpload(HttpExchange ex, Bot bot, Map<String, JsonNode> args) throws IOException {
    publishCalls.incrementAndGet();
    if (fault(ex)) {
      return;
    }
    JsonNode list = args.get("files");
    if (list != null && list.isString()) {
      list = JSON.readTree(list.asString());
    }
    if (list == null || !list.isArray() || list.isEmpty()) {
      fail(ex, "invalid_arguments");
      return;
    }
    var shared = new ArrayList<File>();
    for (JsonNode item : list) {
      File f = files.get(item.path("id").asString(""));
      byte[] bytes = f == null ? null : uploaded.get(f.id());
      if (f == null || !f.owner().equals(bot.botId()) || bytes == null) {
        fail(ex, "file_not_found");
        return;
      }
      if (bytes.length != f.length()) {
        fail(ex, "file_upload_size_mismatch");
        return;
      }
      var complete = new File(f.id(), f.name(), f.length(), f.altTxt(), ink.octopost.media.MediaTypes.sniff(bytes), f.owner());
      files.put(f.id(), complete);
      shared.add(complete);
    }
    String channel = text(args.get("channel_id"));
    String threadTs = text(args.get("thread_ts"));
    if (channel != null) {
      String refusal = refusal(bot, channel, threadTs);
      if (refusal != null) {
        fail(ex, refusal);
        return;
      }
      var m = store(new Message(channel, ts(), bot.botId(), text(args.get("initial_comment")), threadTs, List.copyOf(shared)));
      shared.forEach(f -> fileMessages.put(f.id(), m));
    }
    if (dropped(ex)) {
      return;
    }
    ok(ex, Map.of("files", shared.stream().map(f -> fileView(f, sharesAfterPolls == 0)).toList()));
  }

  private Map<String, Object> fileView(File f, boolean withShares) {
    var view = new LinkedHashMap<String, Object>();
    view.put("id", f.id());
    view.put("name", f.name());
    view.put("title", f.name());
    view.put("mimetype", f.mimetype());
    view.put("size", f.length());
    view.put("permalink", TEAM_URL + "files/U0/" + f.id() + "/" + f.name());
    if (f.altTxt() != null) {
      view.put("alt_txt", f.altTxt());
    }
    var m = fileMessages.get(f.id());
    if (withShares && m != null) {
      var share = new LinkedHashMap<String, Object>();
      share.put("ts", m.ts());
      share.put("channel_name", channels.get(m.channel()).name());
      share.put("team_id", TEAM_ID);
      if (m.threadTs() != null) {
        share.put("thread_ts", m.threadTs());
      }
      String kind = channels.get(m.channel()).isPrivate() ? "private" : "public";
      view.put("shares", Map.of(kind, Map.of(m.channel(), List.of(share))));
    } else {
      view.put("shares", Map.of());
    }
    return view;
  }

  /** A scripted fault in Slack's words; true when it answered. */
  private boolean fault(HttpExchange ex) throws IOException {
    Fault fault = peekFault();
    if (fault == null || fault == Fault.DROP_AFTER_SEND) {
      return false;
    }
    nextFault();
    switch (fault) {
      case REVOKED -> fail(ex, "token_revoked");
      case RATE_LIMITED -> {
        ex.getResponseHeaders().add("Retry-After", String.valueOf(retryAfter));
        send(ex, 429, Map.of("ok", false, "error", "ratelimited"));
      }
      default -> send(ex, 503, Map.of("ok", false, "error", "service_unavailable"));
    }
    return true;
  }

  private boolean dropped(HttpExchange ex) {
    if (peekFault() == Fault.DROP_AFTER_SEND) {
      nextFault();
      ex.close(); // the message exists; its answer is lost
      return true;
    }
    return false;
  }

  private synchronized Fault peekFault() {
    return faults.peek();
  }

  // ---- incoming webhooks

  private void webhook(HttpExchange ex) throws IOException {
    String[] parts = ex.getRequestURI().getPath().split("/");
    byte[] body = ex.getRequestBody().readAllBytes();
    Hook hook = parts.length == 5 ? hooks.get(parts[3]) : null;
    if (hook == null || !hook.secret().equals(parts[4]) || !ex.getRequestMethod().equals("POST")) {
      plain(ex, 404, "no_service");
      return;
    }
    if (!parts[2].equals(TEAM_ID)) {
      plain(ex, 404, "no_team");
      return;
    }
    JsonNode payload;
    try {
      payload = JSON.readTree(body);
    } catch (RuntimeException e) {
      plain(ex, 400, "invalid_payload");
      return;
    }
    if (payload == null || !payload.isObject()) {
      plain(ex, 400, "invalid_payload");
      return;
    }
    String text = payload.path("text").asString("");
    if (text.isBlank() && !payload.has("blocks")) {
      plain(ex, 400, "no_text");
      return;
    }
    publishCalls.incrementAndGet();
    Fault fault = nextFault();
    if (fault == Fault.REVOKED) {
      plain(ex, 403, "invalid_token");
      return;
    }
    if (fault == Fault.RATE_LIMITED) {
      ex.getResponseHeaders().add("Retry-After", String.valueOf(retryAfter));
      plain(ex, 429, "rate_limited");
      return;
    }
    if (fault == Fault.SERVER_ERROR) {
      plain(ex, 500, "rollup_error");
      return;
    }
    if (channels.get(hook.channel()).archived()) {
      plain(ex, 410, "channel_is_archived");
      return;
    }
    store(new Message(hook.channel(), ts(), hook.id(), text, null, List.of()));
    if (fault == Fault.DROP_AFTER_SEND) {
      ex.close();
      return;
    }
    plain(ex, 200, "ok");
  }

  // ---- plumbing

  private Message store(Message m) {
    messages.put(m.channel() + ":" + m.ts(), m);
    created.add(m);
    return m;
  }

  private String ts() {
    long n = counter.incrementAndGet();
    return String.format(Locale.ROOT, "%d.%06d", 1_700_000_000L + n, 100 + n);
  }

  private long next() {
    return 10_000_000L + counter.incrementAndGet();
  }

  /** Arguments from the query, a form, multipart fields or JSON, as the Web API takes them. */
  private static Map<String, JsonNode> args(HttpExchange ex, String type) throws IOException {
    var out = new LinkedHashMap<String, JsonNode>();
    form(ex.getRequestURI().getRawQuery(), out);
    byte[] body = ex.getRequestBody().readAllBytes();
    if (type.startsWith("application/json") && body.length > 0) {
      JSON.readTree(body).properties().forEach(e -> out.put(e.getKey(), e.getValue()));
    } else if (type.startsWith("application/x-www-form-urlencoded")) {
      form(new String(body, StandardCharsets.UTF_8), out);
    } else if (type.startsWith("multipart/form-data; boundary=")) {
      Multiparts.parse(body, type.substring(type.indexOf('=') + 1))
          .forEach((k, v) -> out.put(k, JSON.getNodeFactory().stringNode(new String(v.bytes(), StandardCharsets.UTF_8))));
    }
    return out;
  }

  private static void form(String raw, Map<String, JsonNode> into) {
    if (raw == null || raw.isEmpty()) {
      return;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      into.put(k, JSON.getNodeFactory().stringNode(v));
    }
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.isString() ? node.asString() : node.toString();
  }

  private static String header(HttpExchange ex, String name) {
    String v = ex.getRequestHeaders().getFirst(name);
    return v == null ? "" : v;
  }

  private static void ok(HttpExchange ex, Map<String, Object> fields) throws IOException {
    var body = new LinkedHashMap<String, Object>();
    body.put("ok", true);
    body.putAll(fields);
    send(ex, 200, body);
  }

  private static void fail(HttpExchange ex, String error) throws IOException {
    send(ex, 200, Map.of("ok", false, "error", error));
  }

  private static void send(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  private static void plain(HttpExchange ex, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "text/html");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

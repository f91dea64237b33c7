package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Slack workspace on loopback, as networks.md section 11 describes it. The Web API under
 * {@code /api/{method}}: bearer tokens, arguments as a form, JSON or the query, HTTP 200 with
 * {@code ok:false} and Slack's error codes, 429 with {@code Retry-After}, {@code x-oauth-scopes};
 * {@code auth.test}, {@code conversations.info}, {@code chat.postMessage} (membership unless
 * {@code chat:write.public}, {@code thread_ts} must name a parent, 40,000 characters),
 * {@code chat.getPermalink}, {@code chat.delete}, and the three-call upload
 * ({@code files.getUploadURLExternal} as a form only, the bytes POSTed to {@code /upload/v1/...},
 * {@code files.completeUploadExternal} sharing the files in one message, whose ts can be made to
 * appear in {@code files.info} only after some polls), token rotation ({@link FakeSlackAuth}), and
 * incoming webhooks ({@link FakeSlackHooks}).
 */
public final class FakeSlack implements FakeNetwork {

  public static final String TEAM_ID = "T0OCTOPOST";
  public static final String TEAM_URL = "https://octo.slack.com/";

  /** A message in a channel; {@code author} is the bot token's bot id or the webhook's id. */
  public record Message(String channel, String ts, String author, String text, String threadTs, List<File> files) {}

  /** An uploaded file. */
  public record File(String id, String name, int length, String altTxt, String mimetype, String owner) {}

  record Bot(String botId, String userId, Set<String> scopes) {}

  record Channel(String id, String name, boolean isPrivate, boolean archived, Set<String> members) {}

  private static final int MAX_TEXT = 40_000;

  private final HttpServer server;
  private final Map<String, Bot> bots = new ConcurrentHashMap<>();
  private final Map<String, Channel> channels = new ConcurrentHashMap<>();
  private final Map<String, Message> messages = new ConcurrentHashMap<>(); // channel:ts
  private final List<Message> created = new CopyOnWriteArrayList<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final AtomicInteger publishCalls = new AtomicInteger();
  private final AtomicLong counter = new AtomicLong();
  private final FakeSlackFiles files = new FakeSlackFiles(this);
  private final FakeSlackAuth auth = new FakeSlackAuth(this);
  private final FakeSlackHooks hooks = new FakeSlackHooks(this);
  private volatile long retryAfter = 30;

  public FakeSlack() throws IOException {
    server = LoopbackHttp.server();
    server.createContext("/api/", this::api);
    server.createContext("/upload/v1/", files::upload);
    server.createContext("/services/", hooks::handle);
    server.start();
  }

  /** The Web API base ({@code octopost.networks.slack.base-url}); webhooks are served at its origin. */
  public String url() {
    return origin() + "/api";
  }

  public String origin() {
    return LoopbackHttp.origin(server);
  }

  public FakeSlack bot(String token, String... scopes) {
    bots.put(token, new Bot("B" + next(), "U" + next(), Set.of(scopes)));
    return this;
  }

  /** A bot token with rotation on ({@code xoxe.xoxb-}) and its refresh token ({@code xoxe-1-}). */
  public FakeSlack rotatingBot(String token, String refreshToken, String... scopes) {
    bot(token, scopes);
    auth.rotating(token, refreshToken, token);
    return this;
  }

  /** Token rotation: the app's credentials, expiry, refreshes. */
  public FakeSlackAuth auth() {
    return auth;
  }

  /** A refreshed token acts as the same bot. */
  void alias(String newToken, String oldToken) {
    bots.put(newToken, bots.get(oldToken));
  }

  public FakeSlack revoke(String token) {
    bots.remove(token);
    return this;
  }

  long retryAfterSeconds() {
    return retryAfter;
  }

  void countPublishCall() {
    publishCalls.incrementAndGet();
  }

  Channel channelOf(String id) {
    return channels.get(id);
  }

  void remove(Message m) {
    messages.remove(m.channel() + ":" + m.ts());
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
    return hooks.install(channelId);
  }

  /** The app's webhook is removed from the workspace. */
  public void removeWebhook(String url) {
    hooks.remove(url);
  }

  /** completeUploadExternal answers without shares; files.info shows them after this many polls. */
  public FakeSlack sharesAfterPolls(int polls) {
    files.sharesAfterPolls(polls);
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
  public int mediaUploads() {
    return files.received();
  }

  @Override
  public synchronized void failNext(Fault fault) {
    if (fault == Fault.EXPIRED_TOKEN) {
      if (!auth.hasRotating()) {
        throw new UnsupportedOperationException("Slack bot tokens do not expire without token rotation");
      }
      auth.expireAll();
      return;
    }
    faults.add(fault);
  }

  synchronized Fault nextFault() {
    return faults.poll();
  }

  // ---- Web API

  private void api(HttpExchange ex) throws IOException {
    String method = ex.getRequestURI().getPath().substring("/api/".length());
    if (method.equals("oauth.v2.access")) {
      auth.access(ex); // authenticated by the app's client id and secret, not a token
      return;
    }
    String type = LoopbackHttp.header(ex, "Content-Type");
    Map<String, String> args = LoopbackHttp.params(ex).values();
    String auth = LoopbackHttp.header(ex, "Authorization");
    String token = auth.startsWith("Bearer ") ? auth.substring(7) : args.get("token");
    if (token == null || token.isEmpty()) {
      fail(ex, "not_authed");
      return;
    }
    Bot bot = bots.get(token);
    if (bot == null || this.auth.expired(token)) {
      fail(ex, bot == null ? "invalid_auth" : "token_expired");
      return;
    }
    ex.getResponseHeaders().add("x-oauth-scopes", String.join(",", bot.scopes()));
    switch (method) {
      case "auth.test" -> ok(ex, Map.of("url", TEAM_URL, "team", "Octo", "user", "octobot", "team_id", TEAM_ID,
          "user_id", bot.userId(), "bot_id", bot.botId(), "is_enterprise_install", false));
      case "conversations.info" -> {
        Channel c = channels.get(String.valueOf(args.get("channel")));
        if (c == null || (c.isPrivate() && !c.members().contains(bot.botId()))) {
          fail(ex, "channel_not_found");
          return;
        }
        ok(ex, Map.of("channel", Map.of("id", c.id(), "name", c.name(), "is_channel", true, "is_private", c.isPrivate(),
            "is_archived", c.archived(), "is_member", c.members().contains(bot.botId()))));
      }
      case "chat.postMessage" -> postMessage(ex, bot, args);
      case "chat.getPermalink" -> {
        var m = messages.get(args.get("channel") + ":" + args.get("message_ts"));
        if (m == null) {
          fail(ex, "message_not_found");
          return;
        }
        String link = TEAM_URL + "archives/" + m.channel() + "/p" + m.ts().replace(".", "")
            + (m.threadTs() == null ? "" : "?thread_ts=" + m.threadTs() + "&cid=" + m.channel());
        ok(ex, Map.of("channel", m.channel(), "permalink", link));
      }
      case "chat.delete" -> {
        String key = args.get("channel") + ":" + args.get("ts");
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
      case "files.getUploadURLExternal" -> files.uploadUrl(ex, bot, type, args);
      case "files.completeUploadExternal" -> files.complete(ex, bot, args);
      case "files.info" -> files.info(ex, args);
      case "files.delete" -> files.delete(ex, args);
      default -> fail(ex, "unknown_method");
    }
  }

  private void postMessage(HttpExchange ex, Bot bot, Map<String, String> args) throws IOException {
    publishCalls.incrementAndGet();
    if (fault(ex)) {
      return;
    }
    String text = args.get("text");
    if ((text == null || text.isBlank()) && !args.containsKey("blocks")) {
      fail(ex, "no_text");
      return;
    }
    if (text != null && text.length() > MAX_TEXT) {
      fail(ex, "msg_too_long");
      return;
    }
    String refusal = refusal(bot, args.get("channel"), args.get("thread_ts"));
    if (refusal != null) {
      fail(ex, refusal);
      return;
    }
    var m = store(new Message(args.get("channel"), ts(), bot.botId(), text, args.get("thread_ts"), List.of()));
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
  String refusal(Bot bot, String channelId, String threadTs) {
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

  /** A scripted fault in Slack's words; true when it answered. */
  boolean fault(HttpExchange ex) throws IOException {
    Fault fault = peekFault();
    if (fault == null || fault == Fault.DROP_AFTER_SEND) {
      return false;
    }
    nextFault();
    switch (fault) {
      case REVOKED -> fail(ex, "token_revoked");
      case RATE_LIMITED -> {
        ex.getResponseHeaders().add("Retry-After", String.valueOf(retryAfter));
        LoopbackHttp.json(ex, 429, Map.of("ok", false, "error", "ratelimited"));
      }
      default -> LoopbackHttp.json(ex, 503, Map.of("ok", false, "error", "service_unavailable"));
    }
    return true;
  }

  boolean dropped(HttpExchange ex) {
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

  // ---- plumbing

  Message store(Message m) {
    messages.put(m.channel() + ":" + m.ts(), m);
    created.add(m);
    return m;
  }

  String ts() {
    long n = counter.incrementAndGet();
    return String.format(Locale.ROOT, "%d.%06d", 1_700_000_000L + n, 100 + n);
  }

  long next() {
    return 10_000_000L + counter.incrementAndGet();
  }

  static void ok(HttpExchange ex, Map<String, Object> fields) throws IOException {
    var body = new LinkedHashMap<String, Object>();
    body.put("ok", true);
    body.putAll(fields);
    LoopbackHttp.json(ex, 200, body);
  }

  static void fail(HttpExchange ex, String error) throws IOException {
    LoopbackHttp.json(ex, 200, Map.of("ok", false, "error", error));
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import ink.octopost.fakes.LoopbackHttp.Params;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Telegram Bot API on loopback, as networks.md section 12 describes it: the bot token in the
 * path ({@code /bot<token>/<method>}), parameters as JSON, a form, the query or multipart, the
 * {@code ok/result} and {@code ok:false/error_code/description/parameters} envelopes with the
 * server's own wording ({@code Bad Request: ...}, {@code Forbidden: ...}), chats resolved by
 * {@code @username} or id, the bot's membership checked (channels need an administrator allowed to
 * post), 4096 text and 1024 caption characters in UTF-16 units, uploads sniffed, albums of 2 to
 * 10 {@code attach://} parts, reply targets that must exist, and {@code deleteMessage}.
 */
public final class FakeTelegram implements FakeNetwork {

  /** A chat the fake knows; {@code username} null for a private one. */
  public record Chat(long id, String type, String title, String username) {}

  /** One message as the chat holds it. */
  public record Message(long chatId, long id, String token, String text, Long replyTo, String kind, String mediaGroup) {}

  /** What one send call created (an album is several messages). */
  public record Sent(long chatId, List<Long> ids, String token, String text, Long replyTo, int images, boolean video,
      Instant receivedAt) {}

  private record Bot(long id, String username) {}

  private static final JsonMapper JSON = LoopbackHttp.JSON;
  private static final long MAX_PHOTO = 10_000_000L;
  private static final long MAX_UPLOAD = 50_000_000L;

  private final HttpServer server;
  private final Map<String, Bot> bots = new ConcurrentHashMap<>();
  private final Map<Long, Chat> chats = new ConcurrentHashMap<>();
  private final Map<String, String> members = new ConcurrentHashMap<>(); // chatId:botId -> status
  private final Map<String, Message> messages = new ConcurrentHashMap<>(); // chatId:messageId
  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final AtomicInteger publishCalls = new AtomicInteger();
  private final AtomicLong ids = new AtomicLong(100);
  private volatile long retryAfter = 30;
  private volatile long latencyMillis;

  public FakeTelegram() throws IOException {
    server = LoopbackHttp.server();
    server.createContext("/", this::handle);
    server.start();
  }

  /** The base URL ({@code octopost.networks.telegram.base-url}). */
  public String url() {
    return LoopbackHttp.origin(server);
  }

  public FakeTelegram bot(String token, String username) {
    bots.put(token, new Bot(Long.parseLong(token.substring(0, token.indexOf(':'))), username));
    return this;
  }

  /**
   * Answers each send this long after the messages exist (a slow network), so a caller that dies
   * meanwhile leaves messages it never heard about.
   */
  public FakeTelegram latency(long millis) {
    this.latencyMillis = millis;
    return this;
  }

  /** @BotFather revokes the token. */
  public FakeTelegram revoke(String token) {
    bots.remove(token);
    return this;
  }

  public FakeTelegram chat(long id, String type, String title, String username) {
    chats.put(id, new Chat(id, type, title, username));
    return this;
  }

  /** The bot's status in the chat: creator, administrator, member, restricted, left, kicked. */
  public FakeTelegram member(long chatId, String token, String status) {
    members.put(chatId + ":" + bots.get(token).id(), status);
    return this;
  }

  /** The {@code parameters.retry_after} of the next 429 (30 s unless set). */
  public FakeTelegram retryAfter(long seconds) {
    this.retryAfter = seconds;
    return this;
  }

  @Override
  public long rateLimitResetSeconds() {
    return retryAfter;
  }

  public List<Sent> sent() {
    return List.copyOf(sent);
  }

  @Override
  public List<Held> held() {
    return sent.stream().filter(s -> messages.containsKey(s.chatId() + ":" + s.ids().getFirst()))
        .map(s -> new Held(String.valueOf(s.ids().getFirst()), s.text(), s.replyTo() == null ? null : String.valueOf(s.replyTo()),
            s.images(), List.of(), s.video()))
        .toList();
  }

  @Override
  public int publishCalls() {
    return publishCalls.get();
  }

  /** None: the files travel in sendPhoto/sendVideo/sendMediaGroup itself. */
  @Override
  public int mediaUploads() {
    return 0;
  }

  @Override
  public synchronized void failNext(Fault fault) {
    if (fault == Fault.EXPIRED_TOKEN) {
      throw new UnsupportedOperationException("Telegram bot tokens do not expire");
    }
    faults.add(fault);
  }

  private synchronized Fault nextFault() {
    return faults.poll();
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    var m = java.util.regex.Pattern.compile("^/bot([^/]+)/([A-Za-z]+)$").matcher(path);
    if (!m.matches()) {
      error(ex, 404, "Not Found", null);
      return;
    }
    String token = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
    Bot bot = bots.get(token);
    Params params = LoopbackHttp.params(ex);
    if (bot == null) {
      error(ex, 401, "Unauthorized", null);
      return;
    }
    String method = m.group(2);
    switch (method) {
      case "getMe" -> ok(ex, Map.of("id", bot.id(), "is_bot", true, "first_name", bot.username(), "username", bot.username()));
      case "getChat" -> getChat(ex, bot, params);
      case "getChatMember" -> getChatMember(ex, bot, params);
      case "sendMessage", "sendPhoto", "sendVideo", "sendMediaGroup" -> send(ex, token, bot, method, params);
      case "deleteMessage" -> delete(ex, bot, params);
      default -> error(ex, 404, "Not Found: method not found", null);
    }
  }

  private void getChat(HttpExchange ex, Bot bot, Params p) throws IOException {
    Chat chat = chat(p.values().get("chat_id"));
    if (chat == null || (chat.username() == null && status(chat, bot).equals("left"))) {
      error(ex, 400, "Bad Request: chat not found", null);
      return;
    }
    ok(ex, view(chat));
  }

  private void getChatMember(HttpExchange ex, Bot bot, Params p) throws IOException {
    Chat chat = chat(p.values().get("chat_id"));
    if (chat == null) {
      error(ex, 400, "Bad Request: chat not found", null);
      return;
    }
    if (!String.valueOf(bot.id()).equals(p.values().get("user_id"))) {
      error(ex, 400, "Bad Request: user not found", null);
      return;
    }
    String status = status(chat, bot);
    var member = new LinkedHashMap<String, Object>();
    member.put("status", status);
    member.put("user", Map.of("id", bot.id(), "is_bot", true, "first_name", bot.username(), "username", bot.username()));
    if (status.equals("administrator")) {
      member.put("can_post_messages", true);
      member.put("can_delete_messages", true);
    }
    ok(ex, member);
  }

  private void send(HttpExchange ex, String token, Bot bot, String method, Params p) throws IOException {
    publishCalls.incrementAndGet();
    Fault fault = nextFault();
    if (fault == Fault.REVOKED) {
      error(ex, 401, "Unauthorized", null);
      return;
    }
    if (fault == Fault.RATE_LIMITED) {
      long after = rateLimitResetSeconds();
      error(ex, 429, "Too Many Requests: retry after " + after, Map.of("retry_after", after));
      return;
    }
    if (fault == Fault.SERVER_ERROR) {
      error(ex, 500, "Internal Server Error", null);
      return;
    }
    Chat chat = chat(p.values().get("chat_id"));
    if (chat == null) {
      error(ex, 400, "Bad Request: chat not found", null);
      return;
    }
    String refusal = refusal(chat, bot);
    if (refusal != null) {
      error(ex, 403, refusal, null);
      return;
    }
    Long replyTo = replyTo(p);
    if (replyTo != null && !messages.containsKey(chat.id() + ":" + replyTo)) {
      error(ex, 400, "Bad Request: message to be replied not found", null);
      return;
    }
    List<Item> items;
    String text;
    try {
      switch (method) {
        case "sendMessage" -> {
          text = p.values().getOrDefault("text", "");
          if (text.isBlank()) {
            throw new Refused("Bad Request: message text is empty");
          }
          if (text.length() > 4096) {
            throw new Refused("Bad Request: message is too long");
          }
          items = List.of(new Item("text", null));
        }
        case "sendPhoto", "sendVideo" -> {
          String kind = method.equals("sendPhoto") ? "photo" : "video";
          text = caption(p.values().get("caption"));
          items = List.of(new Item(kind, file(p, p.files().containsKey(kind) ? "attach://" + kind : p.values().get(kind), kind)));
        }
        default -> {
          var media = new ArrayList<Item>();
          JsonNode list = JSON.readTree(p.values().getOrDefault("media", "[]"));
          if (!list.isArray() || list.size() < 2 || list.size() > 10) {
            throw new Refused("Bad Request: media must include 2-10 items");
          }
          text = "";
          for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            String kind = item.path("type").asString("");
            if (!kind.equals("photo") && !kind.equals("video")) {
              throw new Refused("Bad Request: unsupported media type \"" + kind + "\" in an album");
            }
            if (item.has("caption")) {
              String c = caption(item.path("caption").asString());
              if (i == 0) {
                text = c;
              }
            }
            media.add(new Item(kind, file(p, item.path("media").asString(""), kind)));
          }
          items = media;
        }
      }
    } catch (Refused r) {
      error(ex, r.status, r.getMessage(), null);
      return;
    }
    var created = new ArrayList<Message>();
    String group = items.size() > 1 ? String.valueOf(ids.get() * 7919) : null;
    for (Item item : items) {
      var msg = new Message(chat.id(), ids.incrementAndGet(), token, created.isEmpty() ? text : "", replyTo, item.kind(), group);
      messages.put(chat.id() + ":" + msg.id(), msg);
      created.add(msg);
    }
    sent.add(new Sent(chat.id(), created.stream().map(Message::id).toList(), token, text, replyTo,
        (int) items.stream().filter(i -> i.kind().equals("photo")).count(), items.stream().anyMatch(i -> i.kind().equals("video")), Instant.now()));
    if (latencyMillis > 0) {
      try {
        Thread.sleep(latencyMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (fault == Fault.DROP_AFTER_SEND) {
      ex.close(); // the messages exist; their answer is lost
      return;
    }
    if (method.equals("sendMediaGroup")) {
      ok(ex, created.stream().map(msg -> message(chat, msg)).toList());
    } else {
      ok(ex, message(chat, created.getFirst()));
    }
  }

  private record Item(String kind, Multiparts.Part file) {}

  private static final class Refused extends Exception {
    final int status;

    Refused(String message) {
      this(400, message);
    }

    Refused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private static String caption(String caption) throws Refused {
    String c = caption == null ? "" : caption;
    if (c.length() > 1024) {
      throw new Refused("Bad Request: message caption is too long");
    }
    return c;
  }

  /** An {@code attach://name} part, checked like the server: it must exist and be what it claims. */
  private static Multiparts.Part file(Params p, String ref, String kind) throws Refused {
    if (ref == null || !ref.startsWith("attach://") || !p.files().containsKey(ref.substring(9))) {
      throw new Refused("Bad Request: wrong file identifier/HTTP URL specified");
    }
    var part = p.files().get(ref.substring(9));
    if (part.bytes().length == 0) {
      throw new Refused("Bad Request: file must be non-empty");
    }
    if (part.bytes().length > (kind.equals("photo") ? MAX_PHOTO : MAX_UPLOAD)) {
      throw new Refused(413, "Request Entity Too Large");
    }
    boolean image = ink.octopost.media.MediaTypes.sniff(part.bytes()).startsWith("image/");
    boolean video = ink.octopost.media.MediaTypes.sniff(part.bytes()).startsWith("video/");
    if (kind.equals("photo") && !image) {
      throw new Refused("Bad Request: IMAGE_PROCESS_FAILED");
    }
    if (kind.equals("video") && !video) {
      throw new Refused("Bad Request: wrong type of the web page content");
    }
    return part;
  }

  private Long replyTo(Params p) {
    String json = p.values().get("reply_parameters");
    if (json != null) {
      return JSON.readTree(json).path("message_id").asLong();
    }
    String legacy = p.values().get("reply_to_message_id");
    return legacy == null ? null : Long.parseLong(legacy);
  }

  private void delete(HttpExchange ex, Bot bot, Params p) throws IOException {
    Chat chat = chat(p.values().get("chat_id"));
    if (chat == null) {
      error(ex, 400, "Bad Request: chat not found", null);
      return;
    }
    String key = chat.id() + ":" + p.values().getOrDefault("message_id", "0");
    if (messages.remove(key) == null) {
      error(ex, 400, "Bad Request: message to delete not found", null);
      return;
    }
    ok(ex, true);
  }

  /** Why the bot may not post here, in Telegram's words, or null. */
  private String refusal(Chat chat, Bot bot) {
    String status = status(chat, bot);
    if (status.equals("kicked")) {
      return "Forbidden: bot was kicked from the " + (chat.type().equals("channel") ? "channel" : "group") + " chat";
    }
    if (status.equals("left")) {
      return "Forbidden: bot is not a member of the " + (chat.type().equals("channel") ? "channel" : "group") + " chat";
    }
    if (chat.type().equals("channel") && !(status.equals("administrator") || status.equals("creator"))) {
      return "Forbidden: need administrator rights in the channel chat";
    }
    return null;
  }

  private String status(Chat chat, Bot bot) {
    return members.getOrDefault(chat.id() + ":" + bot.id(), "left");
  }

  private Chat chat(String chatId) {
    if (chatId == null) {
      return null;
    }
    if (chatId.startsWith("@")) {
      return chats.values().stream().filter(c -> c.username() != null && c.username().equalsIgnoreCase(chatId.substring(1)))
          .findFirst().orElse(null);
    }
    try {
      return chats.get(Long.parseLong(chatId));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Map<String, Object> view(Chat c) {
    var m = new LinkedHashMap<String, Object>();
    m.put("id", c.id());
    m.put("type", c.type());
    m.put("title", c.title());
    if (c.username() != null) {
      m.put("username", c.username());
    }
    return m;
  }

  private static Map<String, Object> message(Chat chat, Message msg) {
    var m = new LinkedHashMap<String, Object>();
    m.put("message_id", msg.id());
    m.put("date", Instant.now().getEpochSecond());
    m.put("chat", view(chat));
    switch (msg.kind()) {
      case "text" -> m.put("text", msg.text());
      case "photo" -> m.put("photo", List.of(Map.of("file_id", "AgAC" + msg.id(), "file_unique_id", "AQAD" + msg.id(),
          "width", 90, "height", 60, "file_size", 1000)));
      default -> m.put("video", Map.of("file_id", "BAAC" + msg.id(), "file_unique_id", "AgAD" + msg.id(), "width", 640,
          "height", 360, "duration", 1));
    }
    if (!msg.kind().equals("text") && !msg.text().isEmpty()) {
      m.put("caption", msg.text());
    }
    if (msg.mediaGroup() != null) {
      m.put("media_group_id", msg.mediaGroup());
    }
    if (msg.replyTo() != null) {
      m.put("reply_to_message", Map.of("message_id", msg.replyTo(), "chat", view(chat)));
    }
    return m;
  }

  private static void ok(HttpExchange ex, Object result) throws IOException {
    LoopbackHttp.json(ex, 200, Map.of("ok", true, "result", result));
  }

  private static void error(HttpExchange ex, int code, String description, Map<String, Object> parameters) throws IOException {
    var body = new LinkedHashMap<String, Object>();
    body.put("ok", false);
    body.put("error_code", code);
    body.put("description", description);
    if (parameters != null) {
      body.put("parameters", parameters);
    }
    LoopbackHttp.json(ex, code, body);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.twitter.twittertext.TwitterTextParser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * X's API v2 on loopback, as networks.md section 1 describes it: bearer tokens and their scopes
 * checked (the OAuth side is {@link FakeXAuth}, on the same server), {@code POST /2/tweets} with
 * the schema's fields only, text up to 280 weighted characters by twitter-text, replies to existing
 * posts, duplicate text refused with 403, the chunked media upload ({@link FakeXMedia}), {@code
 * DELETE /2/tweets/{id}}, errors as problem JSON and {@code x-rate-limit-*} headers with the reset
 * in epoch seconds. Faults can be scripted for the next create.
 */
public final class FakeX implements FakeNetwork {

  /** {@code DAILY_CAP}: the user's 24-hour post cap is spent while the 15-minute window is not. */
  public enum Fault { EXPIRED_TOKEN, REVOKED, RATE_LIMITED, DAILY_CAP, SERVER_ERROR, DROP_AFTER_CREATE, DROP_BEFORE_CREATE }

  /** How far ahead the 24-hour cap resets in a {@code DAILY_CAP} answer. */
  public static final long DAILY_RESET_SECONDS = 6 * 3600;

  /** A post as X stored it. */
  public record Tweet(String id, String authorId, String text, String replyTo, List<String> mediaIds) {}

  public record User(String id, String username, String name) {}

  static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpServer server;
  private final Clock clock;
  private final FakeXAuth auth;
  private final FakeXMedia media;
  private final Map<String, User> users = new ConcurrentHashMap<>();
  private final Map<String, Tweet> live = new ConcurrentHashMap<>();
  private final List<Tweet> created = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final AtomicLong ids = new AtomicLong(1_880_000_000_000_000_000L);
  private final AtomicInteger publishCalls = new AtomicInteger();
  private volatile boolean refuseReplies;

  public FakeX() throws IOException {
    this(Clock.systemUTC());
  }

  public FakeX(Clock clock) throws IOException {
    this.clock = clock;
    this.auth = new FakeXAuth(clock);
    this.media = new FakeXMedia(ids);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/i/oauth2/authorize", auth::authorize);
    server.createContext("/2/oauth2/authorize", auth::authorize);
    server.createContext("/2/oauth2/token", auth::token);
    server.createContext("/2/users/me", ex -> api(ex, Set.of("tweet.read", "users.read"), this::me));
    server.createContext("/2/tweets", ex -> api(ex, Set.of("tweet.read", "tweet.write", "users.read"), this::tweets));
    server.createContext("/2/media", ex -> api(ex, Set.of("media.write"), media::handle));
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The authorization server: clients, consent, tokens. */
  public FakeXAuth auth() {
    return auth;
  }

  public FakeXMedia media() {
    return media;
  }

  public FakeX user(String id, String username, String name) {
    users.put(id, new User(id, username, name));
    return this;
  }

  public synchronized FakeX fault(Fault f) {
    faults.add(f);
    return this;
  }

  /** X's self-serve policy of Feb 2026: replies to posts that did not mention the replier are refused (403). */
  public FakeX refuseReplies(boolean refuse) {
    this.refuseReplies = refuse;
    return this;
  }

  public List<Tweet> created() {
    return List.copyOf(created);
  }

  private synchronized Fault nextFault() {
    return faults.poll();
  }

  @FunctionalInterface
  interface Handler {
    void handle(HttpExchange ex, String userId, String token) throws IOException;
  }

  private void api(HttpExchange ex, Set<String> scopes, Handler handler) throws IOException {
    String h = ex.getRequestHeaders().getFirst("Authorization");
    String token = h != null && h.startsWith("Bearer ") ? h.substring(7) : "";
    var grant = auth.grant(token);
    if (grant == null) {
      problem(ex, 401, "Unauthorized", "about:blank", "Unauthorized");
      return;
    }
    if (!grant.scopes().containsAll(scopes)) {
      problem(ex, 403, "Forbidden", "https://api.x.com/2/problems/client-forbidden", "The token lacks a scope of " + scopes);
      return;
    }
    handler.handle(ex, grant.userId(), token);
  }

  private void me(HttpExchange ex, String userId, String token) throws IOException {
    var u = users.get(userId);
    var data = new LinkedHashMap<String, Object>();
    data.put("id", userId);
    data.put("name", u == null ? userId : u.name());
    data.put("username", u == null ? "user" + userId : u.username());
    data.put("profile_image_url", url() + "/profile_images/" + userId + "_normal.jpg");
    send(ex, 200, Map.of("data", data));
  }

  private void tweets(HttpExchange ex, String userId, String token) throws IOException {
    String path = ex.getRequestURI().getPath();
    if (ex.getRequestMethod().equals("DELETE") && path.startsWith("/2/tweets/")) {
      var t = live.get(path.substring("/2/tweets/".length()));
      if (t == null || !t.authorId().equals(userId)) {
        problem(ex, 404, "Not Found Error", "https://api.x.com/2/problems/resource-not-found", "Could not find the post");
        return;
      }
      live.remove(t.id());
      send(ex, 200, Map.of("data", Map.of("deleted", true)));
      return;
    }
    if (!ex.getRequestMethod().equals("POST") || !path.equals("/2/tweets")) {
      problem(ex, 404, "Not Found Error", "about:blank", "No such endpoint");
      return;
    }
    JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
    publishCalls.incrementAndGet();
    Fault fault = nextFault();
    if (fault == Fault.EXPIRED_TOKEN || fault == Fault.REVOKED) {
      if (fault == Fault.EXPIRED_TOKEN) {
        auth.expire(token);
      } else {
        auth.revokeGrantOf(token);
      }
      problem(ex, 401, "Unauthorized", "about:blank", "Unauthorized");
      return;
    }
    rateHeaders(ex, fault == Fault.RATE_LIMITED);
    if (fault == Fault.DAILY_CAP) {
      long now = clock.instant().getEpochSecond();
      ex.getResponseHeaders().add("x-user-limit-24hour-limit", "17");
      ex.getResponseHeaders().add("x-user-limit-24hour-remaining", "0");
      ex.getResponseHeaders().add("x-user-limit-24hour-reset", Long.toString(now + DAILY_RESET_SECONDS));
      ex.getResponseHeaders().add("x-app-limit-24hour-remaining", "1400");
      ex.getResponseHeaders().add("x-app-limit-24hour-reset", Long.toString(now + 2 * DAILY_RESET_SECONDS));
    }
    if (fault == Fault.RATE_LIMITED || fault == Fault.DAILY_CAP) {
      problem(ex, 429, "Too Many Requests", "about:blank", "Too Many Requests");
      return;
    }
    if (fault == Fault.SERVER_ERROR) {
      problem(ex, 503, "Service Unavailable", "about:blank", "Service Unavailable");
      return;
    }
    if (fault == Fault.DROP_BEFORE_CREATE) {
      ex.close();
      return;
    }
    String invalid = invalid(body, userId);
    if (invalid != null) {
      int status = invalid.startsWith("403 ") ? 403 : 400;
      problem(ex, status, status == 403 ? "Forbidden" : "Invalid Request",
          status == 403 ? "about:blank" : "https://api.x.com/2/problems/invalid-request", invalid.substring(4));
      return;
    }
    String text = body.path("text").asString("");
    var mediaIds = new ArrayList<String>();
    body.path("media").path("media_ids").forEach(n -> mediaIds.add(n.asString()));
    var tweet = new Tweet(String.valueOf(ids.incrementAndGet()), userId, text,
        body.path("reply").path("in_reply_to_tweet_id").asString(null), List.copyOf(mediaIds));
    synchronized (this) {
      if (!text.isEmpty() && live.values().stream().anyMatch(t -> t.authorId().equals(userId) && t.text().equals(text))) {
        problem(ex, 403, "Forbidden", "about:blank", "You are not allowed to create a Tweet with duplicate content.");
        return;
      }
      live.put(tweet.id(), tweet);
      created.add(tweet);
    }
    if (fault == Fault.DROP_AFTER_CREATE) {
      ex.close(); // the post exists, its answer is lost
      return;
    }
    send(ex, 201, Map.of("data", Map.of("id", tweet.id(), "text", text, "edit_history_tweet_ids", List.of(tweet.id()))));
  }

  /** Why X would refuse this body ("403 ..." for policy refusals), or null. */
  private String invalid(JsonNode body, String userId) {
    var allowed = Set.of("text", "media", "reply", "quote_tweet_id", "poll", "reply_settings", "geo", "community_id",
        "nullcast", "for_super_followers_only", "made_with_ai", "paid_partnership", "edit_options", "card_uri");
    for (var name : body.propertyNames()) {
      if (!allowed.contains(name)) {
        return "400 The property '" + name + "' is not defined and the schema does not allow additional properties.";
      }
    }
    String text = body.path("text").asString("");
    var mediaIds = body.path("media").path("media_ids");
    if (text.isEmpty() && (mediaIds.isMissingNode() || mediaIds.isEmpty())) {
      return "400 text is required unless media is given";
    }
    if (!text.isEmpty() && TwitterTextParser.parseTweet(text).weightedLength > 280) {
      return "400 Your Tweet text is too long.";
    }
    if (!mediaIds.isMissingNode()) {
      var problem = media.attachable(mediaIds, userId);
      if (problem != null) {
        return "400 " + problem;
      }
    }
    String replyTo = body.path("reply").path("in_reply_to_tweet_id").asString(null);
    if (replyTo != null) {
      if (!live.containsKey(replyTo)) {
        return "403 You attempted to reply to a Tweet that is deleted or not visible to you.";
      }
      if (refuseReplies) {
        return "403 Reply to this conversation is not allowed because you have not been mentioned or otherwise engaged"
            + " by the author of the post you are replying to.";
      }
    }
    return null;
  }

  private void rateHeaders(HttpExchange ex, boolean exhausted) {
    long reset = clock.instant().getEpochSecond() + (exhausted ? rateLimitResetSeconds() : 900);
    ex.getResponseHeaders().add("x-rate-limit-limit", "100");
    ex.getResponseHeaders().add("x-rate-limit-remaining", exhausted ? "0" : "99");
    ex.getResponseHeaders().add("x-rate-limit-reset", Long.toString(reset));
  }

  @Override
  public List<Held> held() {
    return created.stream().filter(t -> live.containsKey(t.id())).map(t -> {
      var attached = t.mediaIds().stream().map(media::get).toList();
      var images = attached.stream().filter(m -> !m.video()).toList();
      return new Held(t.id(), t.text(), t.replyTo(), images.size(), images.stream().map(FakeXMedia.Upload::altText).toList(),
          attached.stream().anyMatch(FakeXMedia.Upload::video));
    }).toList();
  }

  @Override
  public int publishCalls() {
    return publishCalls.get();
  }

  @Override
  public int mediaUploads() {
    return media.uploads().size();
  }

  @Override
  public void failNext(FakeNetwork.Fault fault) {
    fault(switch (fault) {
      case EXPIRED_TOKEN -> Fault.EXPIRED_TOKEN;
      case REVOKED -> Fault.REVOKED;
      case RATE_LIMITED -> Fault.RATE_LIMITED;
      case SERVER_ERROR -> Fault.SERVER_ERROR;
      case DROP_AFTER_SEND -> Fault.DROP_AFTER_CREATE;
    });
  }

  static void problem(HttpExchange ex, int status, String title, String type, String detail) throws IOException {
    var body = new LinkedHashMap<String, Object>();
    body.put("title", title);
    body.put("detail", detail);
    body.put("type", type);
    body.put("status", status);
    send(ex, status, body);
  }

  static void send(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

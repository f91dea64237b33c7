package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Bluesky PDS on loopback, as networks.md section 2 and the lexicons describe it: app-password
 * sessions with JWT-shaped access and refresh tokens (expirable on demand; refresh tokens rotate
 * and a used one is revoked), createSession limited to 30 per 5 minutes per account, handle
 * resolution, blob uploads, and post records checked by {@link PdsLexicon}. Errors are XRPC's
 * {@code {"error", "message"}} with the reference PDS's names and statuses; a taken record key
 * answers 500 InternalServerError, as the reference PDS does today. Faults can be scripted for the
 * next createRecord.
 */
public final class FakePds implements FakeNetwork {

  /** Faults for the next createRecord, in Bluesky's own words. */
  public enum Fault {
    /** 400 ExpiredToken, and the presented access token stays expired. */
    EXPIRED_TOKEN,
    /** 400 InvalidToken, and the presented token stays revoked. */
    INVALID_TOKEN,
    /** 401 AccountTakedown. */
    TAKEDOWN,
    /** 429 RateLimitExceeded with RateLimit-Reset. */
    RATE_LIMITED,
    /** 500 InternalServerError, nothing created. */
    SERVER_ERROR,
    /** 400 InvalidRequest, nothing created. */
    INVALID_REQUEST,
    /** The record is created, then the connection drops before the answer. */
    CREATE_THEN_DROP,
    /** The connection drops before anything is created. */
    DROP_BEFORE_CREATE
  }

  /** A record as the repository holds it. */
  public record Post(String uri, String cid, String did, String rkey, JsonNode value, List<PdsLexicon.Blob> blobs) {
    public String text() {
      return value.path("text").asString();
    }
  }

  private record Account(String did, String handle, String password) {}

  private record Token(String did, boolean refresh, Instant expiresAt, boolean revoked) {}

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final HttpServer server;
  private final Map<String, Account> accounts = new ConcurrentHashMap<>(); // by did
  private final Map<String, String> handles = new ConcurrentHashMap<>(); // handle -> did, incl. others' handles
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final Map<String, PdsLexicon.Blob> blobs = new ConcurrentHashMap<>();
  private final Map<String, Post> records = new ConcurrentHashMap<>(); // by uri
  private final List<Post> created = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Instant>> sessionsCreated = new ConcurrentHashMap<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final AtomicInteger publishCalls = new AtomicInteger();
  private final AtomicLong revs = new AtomicLong();
  private volatile Duration accessLifetime = Duration.ofHours(2);
  private volatile Instant rateLimitReset = Instant.now().plusSeconds(30);
  private volatile long blobLimit = 50L * 1024 * 1024;
  private volatile boolean recordAlreadyExistsError;

  public FakePds() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/xrpc/", this::dispatch);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** An account that can sign in with this app password. */
  public FakePds account(String handle, String did, String appPassword) {
    accounts.put(did, new Account(did, handle, appPassword));
    handles.put(handle, did);
    return this;
  }

  /** A user of the network (someone to mention) who does not sign in here. */
  public FakePds user(String handle, String did) {
    handles.put(handle, did);
    return this;
  }

  /** Tokens of a new session, as createSession would answer, without counting as a call. */
  public Map<String, String> session(String did) {
    return issue(did);
  }

  /** Every access token of this account expires now. */
  public FakePds expireAccessTokens(String did) {
    tokens.replaceAll((t, k) -> k.did().equals(did) && !k.refresh() ? new Token(did, false, Instant.now().minusSeconds(1), k.revoked()) : k);
    return this;
  }

  /** Every refresh token of this account expires now (the user was away for 90 days). */
  public FakePds expireRefreshTokens(String did) {
    tokens.replaceAll((t, k) -> k.did().equals(did) && k.refresh() ? new Token(did, true, Instant.now().minusSeconds(1), k.revoked()) : k);
    return this;
  }

  /** The user deletes the app password: it no longer signs in, and its sessions are revoked. */
  public FakePds revokeAppPassword(String did) {
    var a = accounts.get(did);
    accounts.put(did, new Account(did, a.handle(), "revoked-" + RANDOM.nextLong()));
    tokens.replaceAll((t, k) -> k.did().equals(did) ? new Token(did, k.refresh(), k.expiresAt(), true) : k);
    return this;
  }

  public FakePds accessLifetime(Duration d) {
    this.accessLifetime = d;
    return this;
  }

  public FakePds blobLimit(long bytes) {
    this.blobLimit = bytes;
    return this;
  }

  /** Answer a taken record key with 409 RecordAlreadyExists (a proposed PDS change) instead of a 500. */
  public FakePds recordAlreadyExistsError(boolean on) {
    this.recordAlreadyExistsError = on;
    return this;
  }

  public synchronized FakePds fault(Fault f) {
    faults.add(f);
    return this;
  }

  public FakePds rateLimitResetAt(Instant at) {
    this.rateLimitReset = at;
    return this;
  }

  /** Records created, oldest first, deleted ones included. */
  public List<Post> created() {
    return List.copyOf(created);
  }

  /** Records currently in the repositories. */
  public List<Post> records() {
    return created.stream().filter(p -> records.containsKey(p.uri())).toList();
  }

  public Post record(String uri) {
    return records.get(uri);
  }

  /** How many times an XRPC method was called, e.g. {@code com.atproto.server.createSession}. */
  public int calls(String nsid) {
    var n = calls.get(nsid);
    return n == null ? 0 : n.get();
  }

  @Override
  public List<Held> held() {
    return records().stream().map(p -> {
      JsonNode embed = p.value().path("embed");
      String type = embed.path("$type").asString("");
      List<String> alts = type.equals("app.bsky.embed.images")
          ? PdsLexicon.map(embed.path("images"), n -> n.path("alt").asString())
          : List.of();
      return new Held(p.uri(), p.text(), p.value().path("reply").path("parent").path("uri").asString(null),
          alts.size(), alts, type.equals("app.bsky.embed.video"));
    }).toList();
  }

  @Override
  public int publishCalls() {
    return publishCalls.get();
  }

  @Override
  public void failNext(FakeNetwork.Fault fault) {
    fault(switch (fault) {
      case EXPIRED_TOKEN -> Fault.EXPIRED_TOKEN;
      case REVOKED -> Fault.INVALID_TOKEN;
      case RATE_LIMITED -> {
        rateLimitResetAt(Instant.now().plusSeconds(rateLimitResetSeconds()));
        yield Fault.RATE_LIMITED;
      }
      case SERVER_ERROR -> Fault.SERVER_ERROR;
      case DROP_AFTER_SEND -> Fault.CREATE_THEN_DROP;
    });
  }

  private synchronized Fault nextFault() {
    return faults.poll();
  }

  // ---- XRPC ----

  private static final class Answer extends Exception {
    final int status;
    final String error;

    Answer(int status, String error, String message) {
      super(message, null, false, false);
      this.status = status;
      this.error = error;
    }
  }

  private void dispatch(HttpExchange ex) throws IOException {
    String nsid = ex.getRequestURI().getPath().substring("/xrpc/".length());
    calls.computeIfAbsent(nsid, k -> new AtomicInteger()).incrementAndGet();
    try {
      switch (nsid) {
        case "com.atproto.server.createSession" -> createSession(ex);
        case "com.atproto.server.refreshSession" -> refreshSession(ex);
        case "com.atproto.identity.resolveHandle" -> resolveHandle(ex);
        case "com.atproto.repo.uploadBlob" -> uploadBlob(ex);
        case "com.atproto.repo.createRecord" -> createRecord(ex);
        case "com.atproto.repo.getRecord" -> getRecord(ex);
        case "com.atproto.repo.deleteRecord" -> deleteRecord(ex);
        default -> throw new Answer(501, "MethodNotImplemented", "Method Not Implemented");
      }
    } catch (Answer a) {
      if (a.status != 0) {
        send(ex, a.status, error(a.error, a.getMessage()));
      }
    } catch (RuntimeException e) {
      send(ex, 500, error("InternalServerError", "Internal Server Error"));
    }
  }

  private void createSession(HttpExchange ex) throws IOException, Answer {
    JsonNode body = procedure(ex);
    String identifier = required(body, "identifier").toLowerCase();
    String password = required(body, "password");
    String did = identifier.startsWith("did:") ? identifier : handles.get(identifier);
    Account account = did == null ? null : accounts.get(did);
    if (account != null) {
      limitSessions(ex, did);
    }
    if (account == null || !account.password().equals(password)) {
      throw new Answer(401, "AuthenticationRequired", "Invalid identifier or password");
    }
    send(ex, 200, sessionView(account, issue(account.did())));
  }

  /** The reference PDS limits createSession to 30 per 5 minutes per account. */
  private void limitSessions(HttpExchange ex, String did) throws Answer {
    var times = sessionsCreated.computeIfAbsent(did, k -> new ArrayDeque<>());
    synchronized (times) {
      Instant now = Instant.now();
      while (!times.isEmpty() && times.peekFirst().isBefore(now.minus(Duration.ofMinutes(5)))) {
        times.pollFirst();
      }
      if (times.size() >= 30) {
        rateLimitHeaders(ex, 30, times.peekFirst().plus(Duration.ofMinutes(5)), "30;w=300");
        throw new Answer(429, "RateLimitExceeded", "Rate Limit Exceeded");
      }
      times.addLast(now);
    }
  }

  private void refreshSession(HttpExchange ex) throws IOException, Answer {
    if (!ex.getRequestMethod().equals("POST")) {
      throw new Answer(400, "InvalidRequest", "Incorrect HTTP method (" + ex.getRequestMethod() + ") expected POST");
    }
    String bearer = bearer(ex);
    Token token = check(bearer, true);
    tokens.put(bearer, new Token(token.did(), true, token.expiresAt(), true)); // refresh tokens are single-use
    send(ex, 200, sessionView(accounts.get(token.did()), issue(token.did())));
  }

  private void resolveHandle(HttpExchange ex) throws IOException, Answer {
    String handle = query(ex).get("handle");
    if (handle == null) {
      throw new Answer(400, "InvalidRequest", "Error: Params must have the property \"handle\"");
    }
    String did = handles.get(handle.toLowerCase());
    if (did == null) {
      throw new Answer(400, "InvalidRequest", "Unable to resolve handle");
    }
    send(ex, 200, Map.of("did", did));
  }

  private void uploadBlob(HttpExchange ex) throws IOException, Answer {
    authorized(ex);
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (type == null || type.isBlank()) {
      throw new Answer(400, "InvalidRequest", "Request encoding (Content-Type) required but not provided");
    }
    byte[] bytes = ex.getRequestBody().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, blobLimit + 1));
    if (bytes.length > blobLimit) {
      throw new Answer(413, "PayloadTooLarge", "request entity too large");
    }
    var blob = new PdsLexicon.Blob(cid(0x55, bytes), type.split(";")[0].strip(), bytes.length);
    blobs.put(blob.cid(), blob);
    send(ex, 200, Map.of("blob", blobView(blob)));
  }

  private void createRecord(HttpExchange ex) throws IOException, Answer {
    String did = authorized(ex);
    JsonNode body = procedure(ex);
    publishCalls.incrementAndGet();
    Fault fault = nextFault();
    if (fault != null) {
      preCreate(ex, fault);
    }
    String repo = required(body, "repo");
    String collection = required(body, "collection");
    if (!body.has("record")) {
      throw new Answer(400, "InvalidRequest", "Input must have the property \"record\"");
    }
    if (!did.equals(repo) && !did.equals(handles.get(repo.toLowerCase()))) {
      throw new Answer(401, "AuthenticationRequired", "Authentication Required");
    }
    if (!collection.equals("app.bsky.feed.post")) {
      throw new Answer(400, "InvalidRequest", "This fake PDS only holds app.bsky.feed.post records");
    }
    JsonNode record = body.path("record");
    String type = record.path("$type").asString(collection);
    if (!type.equals(collection)) {
      throw new Answer(400, "InvalidRequest", "Invalid $type: expected " + collection + ", got " + type);
    }
    String rkey = body.has("rkey") ? body.path("rkey").asString() : tid();
    if (!TID.matcher(rkey).matches()) {
      throw new Answer(400, "InvalidRequest", "Invalid record key for app.bsky.feed.post (must be a TID): " + rkey);
    }
    List<PdsLexicon.Blob> used;
    try {
      used = PdsLexicon.check(record, repoView());
    } catch (PdsLexicon.Invalid e) {
      throw new Answer(400, e.error, e.getMessage());
    }
    String uri = "at://" + did + "/" + collection + "/" + rkey;
    Post post = new Post(uri, cid(0x71, JSON.writeValueAsBytes(record)), did, rkey, record, List.copyOf(used));
    synchronized (this) {
      if (records.containsKey(uri)) {
        // what the reference PDS answers when the MST already holds the key
        throw recordAlreadyExistsError
            ? new Answer(409, "RecordAlreadyExists", "Record already exists: " + uri)
            : new Answer(500, "InternalServerError", "Internal Server Error");
      }
      records.put(uri, post);
      created.add(post);
    }
    if (fault == Fault.CREATE_THEN_DROP) {
      ex.close(); // the record exists, its answer is lost
      return;
    }
    var view = new LinkedHashMap<String, Object>();
    view.put("uri", uri);
    view.put("cid", post.cid());
    view.put("commit", Map.of("cid", cid(0x71, uri.getBytes(StandardCharsets.UTF_8)), "rev", tid()));
    view.put("validationStatus", "valid");
    send(ex, 200, view);
  }

  private void preCreate(HttpExchange ex, Fault fault) throws Answer {
    switch (fault) {
      case EXPIRED_TOKEN -> {
        String bearer = bearer(ex);
        var t = tokens.get(bearer);
        tokens.put(bearer, new Token(t.did(), false, Instant.now().minusSeconds(1), t.revoked()));
        throw new Answer(400, "ExpiredToken", "Token has expired");
      }
      case INVALID_TOKEN -> {
        String bearer = bearer(ex);
        var t = tokens.get(bearer);
        tokens.put(bearer, new Token(t.did(), false, t.expiresAt(), true));
        throw new Answer(400, "InvalidToken", "Token could not be verified");
      }
      case TAKEDOWN -> throw new Answer(401, "AccountTakedown", "Account has been taken down");
      case RATE_LIMITED -> {
        rateLimitHeaders(ex, 5000, rateLimitReset, "5000;w=3600");
        throw new Answer(429, "RateLimitExceeded", "Rate Limit Exceeded");
      }
      case SERVER_ERROR -> throw new Answer(500, "InternalServerError", "Internal Server Error");
      case INVALID_REQUEST -> throw new Answer(400, "InvalidRequest", "Invalid app.bsky.feed.post record: scripted refusal");
      case DROP_BEFORE_CREATE -> {
        ex.close();
        throw new Answer(0, null, null); // never answered: the exchange is closed
      }
      case CREATE_THEN_DROP -> {
        // handled after the record is created
      }
    }
  }

  private void getRecord(HttpExchange ex) throws IOException, Answer {
    var q = query(ex);
    String repo = q.get("repo");
    String did = repo == null || repo.startsWith("did:") ? repo : handles.get(repo.toLowerCase());
    String uri = "at://" + did + "/" + q.get("collection") + "/" + q.get("rkey");
    Post p = records.get(uri);
    if (p == null) {
      throw new Answer(400, "RecordNotFound", "Could not locate record: at://" + repo + "/" + q.get("collection") + "/" + q.get("rkey"));
    }
    send(ex, 200, Map.of("uri", p.uri(), "cid", p.cid(), "value", p.value()));
  }

  private void deleteRecord(HttpExchange ex) throws IOException, Answer {
    String did = authorized(ex);
    JsonNode body = procedure(ex);
    String repo = required(body, "repo");
    if (!did.equals(repo) && !did.equals(handles.get(repo.toLowerCase()))) {
      throw new Answer(401, "AuthenticationRequired", "Authentication Required");
    }
    records.remove("at://" + did + "/" + required(body, "collection") + "/" + required(body, "rkey"));
    send(ex, 200, Map.of("commit", Map.of("cid", cid(0x71, tid().getBytes(StandardCharsets.UTF_8)), "rev", tid())));
  }

  // ---- auth ----

  private Map<String, String> issue(String did) {
    Instant now = Instant.now();
    String access = jwt("at+jwt", Map.of("scope", "com.atproto.appPass", "sub", did, "aud", "did:web:127.0.0.1",
        "iat", now.getEpochSecond(), "exp", now.plus(accessLifetime).getEpochSecond()));
    Instant refreshExpiry = now.plus(Duration.ofDays(90));
    String refresh = jwt("refresh+jwt", Map.of("scope", "com.atproto.refresh", "sub", did, "aud", "did:web:127.0.0.1",
        "jti", Long.toHexString(RANDOM.nextLong()), "iat", now.getEpochSecond(), "exp", refreshExpiry.getEpochSecond()));
    tokens.put(access, new Token(did, false, now.plus(accessLifetime), false));
    tokens.put(refresh, new Token(did, true, refreshExpiry, false));
    return Map.of("accessJwt", access, "refreshJwt", refresh);
  }

  private static String jwt(String typ, Map<String, Object> claims) {
    var b64 = Base64.getUrlEncoder().withoutPadding();
    byte[] signature = new byte[32];
    RANDOM.nextBytes(signature);
    return b64.encodeToString(JSON.writeValueAsBytes(Map.of("typ", typ, "alg", "ES256K"))) + "."
        + b64.encodeToString(JSON.writeValueAsBytes(claims)) + "." + b64.encodeToString(signature);
  }

  private Map<String, Object> sessionView(Account a, Map<String, String> jwts) {
    var m = new LinkedHashMap<String, Object>();
    m.put("did", a.did());
    m.put("handle", a.handle());
    m.put("accessJwt", jwts.get("accessJwt"));
    m.put("refreshJwt", jwts.get("refreshJwt"));
    m.put("active", true);
    return m;
  }

  /** The did behind a valid access token, or the PDS's answer to a bad one. */
  private String authorized(HttpExchange ex) throws Answer {
    return check(bearer(ex), false).did();
  }

  private Token check(String bearer, boolean wantRefresh) throws Answer {
    if (bearer == null) {
      throw new Answer(401, "AuthMissing", "Authentication Required");
    }
    Token t = tokens.get(bearer);
    if (t == null) {
      throw new Answer(400, "InvalidToken", "Token could not be verified");
    }
    if (t.refresh() != wantRefresh) {
      throw new Answer(400, "InvalidToken", "Bad token scope");
    }
    if (t.expiresAt().isBefore(Instant.now())) {
      throw new Answer(400, "ExpiredToken", "Token has expired");
    }
    if (t.revoked()) {
      throw new Answer(400, "InvalidToken", "Token has been revoked");
    }
    return t;
  }

  private static String bearer(HttpExchange ex) {
    String h = ex.getRequestHeaders().getFirst("Authorization");
    return h != null && h.startsWith("Bearer ") ? h.substring(7) : null;
  }

  // ---- helpers ----

  private PdsLexicon.Repo repoView() {
    return new PdsLexicon.Repo() {
      @Override
      public PdsLexicon.Blob blob(String cid) {
        return blobs.get(cid);
      }

      @Override
      public Post record(String uri) {
        return records.get(uri);
      }

      @Override
      public String handleOf(String did) {
        return handles.entrySet().stream().filter(e -> e.getValue().equals(did)).map(Map.Entry::getKey).findFirst().orElse(null);
      }
    };
  }

  /** An XRPC procedure's JSON input: POST, application/json. */
  private static JsonNode procedure(HttpExchange ex) throws IOException, Answer {
    if (!ex.getRequestMethod().equals("POST")) {
      throw new Answer(400, "InvalidRequest", "Incorrect HTTP method (" + ex.getRequestMethod() + ") expected POST");
    }
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.startsWith("application/json")) {
      throw new Answer(400, "InvalidRequest", "Wrong request encoding (Content-Type): " + type);
    }
    try {
      JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
      if (!body.isObject()) {
        throw new Answer(400, "InvalidRequest", "Input must be an object");
      }
      return body;
    } catch (tools.jackson.core.JacksonException e) {
      throw new Answer(400, "InvalidRequest", "Request body is not valid JSON");
    }
  }

  private static String required(JsonNode body, String field) throws Answer {
    JsonNode v = body.path(field);
    if (!v.isString()) {
      throw new Answer(400, "InvalidRequest", "Input must have the property \"" + field + "\"");
    }
    return v.asString();
  }

  private static Map<String, String> query(HttpExchange ex) {
    var out = new HashMap<String, String>();
    String q = ex.getRequestURI().getRawQuery();
    if (q != null) {
      for (String pair : q.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  private static void rateLimitHeaders(HttpExchange ex, int limit, Instant reset, String policy) {
    ex.getResponseHeaders().add("RateLimit-Limit", String.valueOf(limit));
    ex.getResponseHeaders().add("RateLimit-Remaining", "0");
    ex.getResponseHeaders().add("RateLimit-Reset", String.valueOf(reset.getEpochSecond()));
    ex.getResponseHeaders().add("RateLimit-Policy", policy);
  }

  private static Map<String, Object> blobView(PdsLexicon.Blob b) {
    var m = new LinkedHashMap<String, Object>();
    m.put("$type", "blob");
    m.put("ref", Map.of("$link", b.cid()));
    m.put("mimeType", b.mimeType());
    m.put("size", b.size());
    return m;
  }

  private static Map<String, String> error(String error, String message) {
    return Map.of("error", error, "message", message);
  }

  private static final Pattern TID = Pattern.compile("^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$");

  private String tid() {
    long micros = Instant.now().toEpochMilli() * 1000 + (revs.incrementAndGet() % 1000);
    long v = (micros << 10) | (RANDOM.nextInt(1024));
    String alphabet = "234567abcdefghijklmnopqrstuvwxyz";
    char[] out = new char[13];
    for (int i = 12; i >= 0; i--) {
      out[i] = alphabet.charAt((int) (v & 31));
      v >>>= 5;
    }
    return new String(out);
  }

  /** A CIDv1 (sha2-256) in base32: codec 0x55 raw for blobs ("bafkrei..."), 0x71 dag-cbor for records. */
  static String cid(int codec, byte[] bytes) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] raw = new byte[4 + digest.length];
    raw[0] = 0x01;
    raw[1] = (byte) codec;
    raw[2] = 0x12;
    raw[3] = 0x20;
    System.arraycopy(digest, 0, raw, 4, digest.length);
    var sb = new StringBuilder("b");
    String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    int buffer = 0;
    int bits = 0;
    for (byte b : raw) {
      buffer = (buffer << 8) | (b & 0xFF);
      bits += 8;
      while (bits >= 5) {
        sb.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      sb.append(alphabet.charAt((buffer << (5 - bits)) & 31));
    }
    return sb.toString();
  }

  private static void send(HttpExchange ex, int status, Object body) throws IOException {
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

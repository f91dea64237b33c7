package ink.octopost.fakes;

import ink.octopost.fakes.Xrpc.Answer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A Bluesky PDS on loopback, as networks.md section 2 and the lexicons describe it, and as the
 * reference PDS (@atproto/pds 0.5.35, driven by scripts/check-bluesky-pds.sh) was seen to answer:
 * app-password sessions ({@link PdsSessions}), createSession limited to 30 per 5 minutes per
 * account, handle resolution, service-auth tokens, blob uploads and records ({@link PdsRepo}), and
 * post records checked by {@link PdsLexicon}. Errors are XRPC's {@code {"error", "message"}} with
 * the reference PDS's names and statuses; a taken record key answers 500 InternalServerError, as
 * the reference PDS does today. Faults can be scripted for the next createRecord.
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

  /** The PDS's own DID (describeServer), the audience of its tokens; like the reference PDS on localhost. */
  public static final String SERVICE_DID = "did:web:localhost";

  private final HttpServer server;
  private final PdsSessions sessions = new PdsSessions(SERVICE_DID);
  private final PdsRepo repos = new PdsRepo();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final AtomicInteger publishCalls = new AtomicInteger();
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
    sessions.accounts.put(did, new PdsSessions.Account(did, handle, appPassword));
    sessions.handles.put(handle, did);
    return this;
  }

  /** A user of the network (someone to mention) who does not sign in here. */
  public FakePds user(String handle, String did) {
    sessions.handles.put(handle, did);
    return this;
  }

  /** Tokens of a new session ({@code accessJwt}, {@code refreshJwt}), without a createSession call. */
  public Map<String, String> session(String did) {
    return sessions.issue(did);
  }

  /** Every access token of this account expires now. */
  public FakePds expireAccessTokens(String did) {
    sessions.expireAll(did, false);
    return this;
  }

  /** Every refresh token of this account expires now (the user was away for 90 days). */
  public FakePds expireRefreshTokens(String did) {
    sessions.expireAll(did, true);
    return this;
  }

  /**
   * The user deletes the app password: it no longer signs in and its refresh tokens are revoked;
   * access tokens already issued keep working until they expire, as on the reference PDS.
   */
  public FakePds revokeAppPassword(String did) {
    sessions.revokeAppPassword(did);
    return this;
  }

  /**
   * Sessions carry the account's DID document, naming this PDS at {@code http://localhost:port}
   * (bsky.social does; the reference PDS only with PDS_ENABLE_DID_DOC_WITH_SESSION).
   */
  public FakePds didDocWithSession() {
    sessions.didDocEndpoint = "http://localhost:" + server.getAddress().getPort();
    return this;
  }

  public FakePds accessLifetime(Duration d) {
    sessions.accessLifetime = d;
    return this;
  }

  /** The CID the PDS gives a blob of exactly these bytes (its SHA-256 is in it). */
  /** The bytes of an uploaded blob of at most 5 MB, or null. */
  public byte[] blobBytes(String cid) {
    return repos.blobBytes(cid);
  }

  public static String blobCid(byte[] bytes) {
    return Xrpc.cid(0x55, bytes);
  }

  public FakePds blobLimit(long bytes) {
    this.blobLimit = bytes;
    return this;
  }

  /** Answer a taken record key with 409 RecordAlreadyExists (as some PDSs do) instead of the reference's 500. */
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
    return List.copyOf(repos.created);
  }

  /** Records currently in the repositories. */
  public List<Post> records() {
    return repos.created.stream().filter(p -> repos.holds(p.uri())).toList();
  }

  public Post record(String uri) {
    return repos.record(uri);
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
  public int mediaUploads() {
    var blobs = calls.get("com.atproto.repo.uploadBlob");
    return blobs == null ? 0 : blobs.get();
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

  private void dispatch(HttpExchange ex) throws IOException {
    String nsid = ex.getRequestURI().getPath().substring("/xrpc/".length());
    calls.computeIfAbsent(nsid, k -> new AtomicInteger()).incrementAndGet();
    if (ex.getRequestHeaders().containsKey("Upgrade")) {
      ex.close(); // Node's HTTP server destroys a connection that asks to upgrade (h2c) and no one takes it
      return;
    }
    try {
      switch (nsid) {
        case "com.atproto.server.createSession" -> {
          JsonNode body = Xrpc.procedure(ex);
          var session = sessions.createSession(ex, Xrpc.required(body, "identifier"), Xrpc.required(body, "password"));
          Xrpc.send(ex, 200, session);
        }
        case "com.atproto.server.refreshSession" -> {
          if (!ex.getRequestMethod().equals("POST")) {
            throw new Answer(400, "InvalidRequest", "Incorrect HTTP method (" + ex.getRequestMethod() + ") expected POST");
          }
          Xrpc.send(ex, 200, sessions.refreshSession(Xrpc.bearer(ex)));
        }
        case "com.atproto.server.getSession" -> Xrpc.send(ex, 200, sessions.session(ex));
        case "com.atproto.server.describeServer" -> Xrpc.send(ex, 200, Map.of("did", SERVICE_DID,
            "availableUserDomains", List.of(".test"), "inviteCodeRequired", false, "blobUploadLimit", blobLimit,
            "links", Map.of(), "contact", Map.of()));
        case "com.atproto.server.getServiceAuth" -> {
          var q = Xrpc.query(ex);
          String token = sessions.serviceAuth(sessions.authorized(ex), q.get("aud"), q.get("lxm"), q.get("exp"));
          Xrpc.send(ex, 200, Map.of("token", token));
        }
        case "com.atproto.identity.resolveHandle" -> resolveHandle(ex);
        case "com.atproto.repo.uploadBlob" -> {
          sessions.authorized(ex, "com.atproto.repo.uploadBlob");
          repos.uploadBlob(ex, blobLimit);
        }
        case "com.atproto.repo.createRecord" -> createRecord(ex);
        case "com.atproto.repo.getRecord" -> repos.getRecord(ex, repoDid(Xrpc.query(ex).get("repo")));
        case "com.atproto.repo.listRecords" -> repos.listRecords(ex, repoDid(Xrpc.query(ex).get("repo")));
        case "com.atproto.repo.deleteRecord" -> {
          String did = sessions.authorized(ex);
          JsonNode body = Xrpc.procedure(ex);
          ownRepo(did, Xrpc.required(body, "repo"));
          repos.deleteRecord(ex, did, body);
        }
        // the reference PDS without an app view configured; bsky.social proxies app.bsky.* to its own
        default -> throw new Answer(400, "InvalidRequest", "No service configured for " + nsid);
      }
    } catch (Answer a) {
      Xrpc.send(ex, a);
    } catch (RuntimeException e) {
      Xrpc.send(ex, 500, Map.of("error", "InternalServerError", "message", "Internal Server Error"));
    }
  }

  private void resolveHandle(HttpExchange ex) throws IOException, Answer {
    String handle = Xrpc.query(ex).get("handle");
    if (handle == null) {
      throw new Answer(400, "InvalidRequest", "Error: Params must have the property \"handle\"");
    }
    String did = sessions.handles.get(handle.toLowerCase());
    if (did == null) {
      throw new Answer(400, "HandleNotFound", "Unable to resolve handle");
    }
    Xrpc.send(ex, 200, Map.of("did", did));
  }

  private void createRecord(HttpExchange ex) throws IOException, Answer {
    String did = sessions.authorized(ex);
    JsonNode body = Xrpc.procedure(ex);
    publishCalls.incrementAndGet();
    Fault fault = nextFault();
    if (fault != null) {
      preCreate(ex, fault);
    }
    String repo = Xrpc.required(body, "repo");
    String collection = Xrpc.required(body, "collection");
    if (!body.has("record")) {
      throw new Answer(400, "InvalidRequest", "Input must have the property \"record\"");
    }
    ownRepo(did, repo);
    if (!collection.equals("app.bsky.feed.post")) {
      throw new Answer(400, "InvalidRequest", "This fake PDS only holds app.bsky.feed.post records");
    }
    JsonNode record = body.path("record");
    String type = record.path("$type").asString(collection);
    if (!type.equals(collection)) {
      throw new Answer(400, "InvalidRequest", "Invalid $type: expected " + collection + ", got " + type);
    }
    String rkey = body.has("rkey") ? body.path("rkey").asString() : Xrpc.tid();
    if (!TID.matcher(rkey).matches()) {
      throw new Answer(400, "InvalidRequest", "Invalid record key for app.bsky.feed.post: Invalid TID string (got \"" + rkey + "\") at $");
    }
    List<PdsLexicon.Blob> used;
    try {
      used = PdsLexicon.check(record, repoView());
    } catch (PdsLexicon.Invalid e) {
      throw new Answer(400, e.error, e.getMessage());
    }
    String uri = "at://" + did + "/" + collection + "/" + rkey;
    Post post = new Post(uri, Xrpc.cid(0x71, Xrpc.JSON.writeValueAsBytes(record)), did, rkey, record, List.copyOf(used));
    if (!repos.put(post)) {
      // what the reference PDS answers when the MST already holds the key
      throw recordAlreadyExistsError
          ? new Answer(409, "RecordAlreadyExists", "Record already exists: " + uri)
          : new Answer(500, "InternalServerError", "Internal Server Error");
    }
    if (fault == Fault.CREATE_THEN_DROP) {
      ex.close(); // the record exists, its answer is lost
      return;
    }
    var view = new LinkedHashMap<String, Object>();
    view.put("uri", uri);
    view.put("cid", post.cid());
    view.put("commit", Map.of("cid", Xrpc.cid(0x71, uri.getBytes(StandardCharsets.UTF_8)), "rev", Xrpc.tid()));
    view.put("validationStatus", "valid");
    Xrpc.send(ex, 200, view);
  }

  private void preCreate(HttpExchange ex, Fault fault) throws Answer {
    switch (fault) {
      case EXPIRED_TOKEN -> {
        sessions.expire(Xrpc.bearer(ex));
        throw new Answer(400, "ExpiredToken", "Token has expired");
      }
      case INVALID_TOKEN -> {
        sessions.revoke(Xrpc.bearer(ex));
        throw new Answer(400, "InvalidToken", "Token could not be verified");
      }
      case TAKEDOWN -> throw new Answer(401, "AccountTakedown", "Account has been taken down");
      case RATE_LIMITED -> {
        Xrpc.rateLimitHeaders(ex, 5000, rateLimitReset, "5000;w=3600");
        throw new Answer(429, "RateLimitExceeded", "Rate Limit Exceeded");
      }
      case SERVER_ERROR -> throw new Answer(500, "InternalServerError", "Internal Server Error");
      case INVALID_REQUEST -> throw new Answer(400, "InvalidRequest", "Invalid app.bsky.feed.post record: scripted refusal");
      case DROP_BEFORE_CREATE -> {
        ex.close();
        throw Answer.dropped(); // never answered: the exchange is closed
      }
      case CREATE_THEN_DROP -> {
        // handled after the record is created
      }
    }
  }

  /** The DID of a repo named by DID or handle (null if unknown). */
  private String repoDid(String repo) {
    return repo == null || repo.startsWith("did:") ? repo : sessions.handles.get(repo.toLowerCase());
  }

  private void ownRepo(String did, String repo) throws Answer {
    if (!did.equals(repoDid(repo))) {
      throw new Answer(401, "AuthenticationRequired", "Authentication Required");
    }
  }

  private PdsLexicon.Repo repoView() {
    return new PdsLexicon.Repo() {
      @Override
      public PdsLexicon.Blob blob(String cid) {
        return repos.blob(cid);
      }

      @Override
      public Post record(String uri) {
        return repos.record(uri);
      }

      @Override
      public String handleOf(String did) {
        return sessions.handleOf(did);
      }
    };
  }

  private static final Pattern TID = Pattern.compile("^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$");

  @Override
  public void close() {
    server.stop(0);
  }
}

package ink.octopost.networks.bluesky;

import ink.octopost.networks.NetworkCalls;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.shared.OutboundHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The XRPC calls Octopost makes on a PDS, and the classification of their errors (networks.md
 * 2.7). Every method takes the service URL, because each account lives on its own PDS.
 */
final class BlueskyApi {

  static final String POST = "app.bsky.feed.post";

  /** Errors that mean this token will never work again, short of a new session. */
  private static final Set<String> DEAD_TOKEN = Set.of("ExpiredToken", "InvalidToken");

  private static final Set<String> REVOKED = Set.of(
      "InvalidToken", "AuthenticationRequired", "AuthMissing", "AccountTakedown", "AccountDeactivated");

  private final OutboundHttp http;
  private final JsonMapper json;
  private final Clock clock;

  BlueskyApi(OutboundHttp http, JsonMapper json, Clock clock) {
    this.http = http;
    this.json = json;
    this.clock = clock;
  }

  /** An XRPC error body: {@code {"error": name, "message": text}}, with the HTTP status. */
  record XrpcError(int status, String error, String message) {
    @Override
    public String toString() {
      String name = error == null ? "HTTP " + status : error;
      return message == null || message.isBlank() ? name : message + " (" + name + ")";
    }
  }

  JsonNode createSession(String service, String identifier, String password) throws NetworkFailure {
    var body = new LinkedHashMap<String, Object>();
    body.put("identifier", identifier);
    body.put("password", password);
    return ok(send(post(service, "com.atproto.server.createSession", null, body)));
  }

  /**
   * A new session from the refresh JWT (sent as the bearer, no body); empty when the refresh JWT
   * itself is expired or invalid, so the caller can fall back to a new session.
   */
  Optional<JsonNode> refreshSession(String service, String refreshJwt) throws NetworkFailure {
    var req = OutboundHttp.request(xrpc(service, "com.atproto.server.refreshSession", Map.of()))
        .header("Authorization", "Bearer " + refreshJwt)
        .POST(HttpRequest.BodyPublishers.noBody())
        .build();
    var r = send(req);
    if (!success(r)) {
      var e = error(r);
      if (DEAD_TOKEN.contains(e.error())) {
        return Optional.empty();
      }
      throw classify(r, e);
    }
    return Optional.of(json.readTree(r.body()));
  }

  /** The DID a handle belongs to, or null when the handle does not resolve. */
  String resolveHandle(String service, String handle) throws NetworkFailure {
    var req = OutboundHttp.request(xrpc(service, "com.atproto.identity.resolveHandle", Map.of("handle", handle)))
        .GET().build();
    var r = send(req);
    if (r.statusCode() == 400 || r.statusCode() == 404) {
      return null;
    }
    String did = ok(r).path("did").asString(null);
    return did != null && did.startsWith("did:") ? did : null;
  }

  /** Raw bytes in, the blob object to embed out ({@code $type blob, ref, mimeType, size}). */
  JsonNode uploadBlob(String service, String accessJwt, ink.octopost.networks.MediaFile file) throws NetworkFailure {
    var req = OutboundHttp.request(xrpc(service, "com.atproto.repo.uploadBlob", Map.of()))
        .timeout(Duration.ofMinutes(5))
        .header("Authorization", "Bearer " + accessJwt)
        .header("Content-Type", file.mimeType())
        .POST(file.bodyPublisher()) // streamed from the store, with its Content-Length
        .build();
    JsonNode blob = ok(send(req)).path("blob");
    if (!blob.isObject()) {
      throw new NetworkFailure.Unavailable("Bluesky's uploadBlob answered without a blob");
    }
    return blob;
  }

  /** The signed-in account ({@code did}, {@code handle}, and {@code didDoc} where the PDS shares it). */
  JsonNode getSession(String service, String accessJwt) throws NetworkFailure {
    return ok(send(OutboundHttp.request(xrpc(service, "com.atproto.server.getSession", Map.of()))
        .header("Authorization", "Bearer " + accessJwt).GET().build()));
  }

  /** The PDS's own description; {@code did} is the audience of service-auth tokens meant for it. */
  JsonNode describeServer(String service) throws NetworkFailure {
    return ok(send(OutboundHttp.request(xrpc(service, "com.atproto.server.describeServer", Map.of())).GET().build()));
  }

  /**
   * A service-auth token signed by the PDS for the account: {@code aud} is the service that will
   * check it, {@code lxm} the one method it allows, {@code exp} at most an hour ahead (epoch s).
   */
  String getServiceAuth(String service, String accessJwt, String aud, String lxm, long exp) throws NetworkFailure {
    var req = OutboundHttp.request(xrpc(service, "com.atproto.server.getServiceAuth",
            Map.of("aud", aud, "lxm", lxm, "exp", Long.toString(exp))))
        .header("Authorization", "Bearer " + accessJwt)
        .GET().build();
    String token = ok(send(req)).path("token").asString(null);
    if (token == null || token.isBlank()) {
      throw new NetworkFailure.Unavailable("Bluesky's getServiceAuth answered without a token");
    }
    return token;
  }

  /** {@code {uri, cid}} of the new record. */
  JsonNode createRecord(String service, String accessJwt, Map<String, Object> body) throws NetworkFailure {
    return ok(send(post(service, "com.atproto.repo.createRecord", accessJwt, body)));
  }

  /** {@code {uri, cid, value}}, or null when there is no such record. */
  JsonNode getRecord(String service, String repo, String collection, String rkey) throws NetworkFailure {
    var req = OutboundHttp.request(xrpc(service, "com.atproto.repo.getRecord",
        Map.of("repo", repo, "collection", collection, "rkey", rkey))).GET().build();
    var r = send(req);
    if (!success(r)) {
      var e = error(r);
      if ("RecordNotFound".equals(e.error()) || r.statusCode() == 404
          || (r.statusCode() == 400 && e.message() != null && e.message().startsWith("Could not locate record"))) {
        return null;
      }
      throw classify(r, e);
    }
    return json.readTree(r.body());
  }

  /** Deleting is idempotent on a PDS: a record that is already gone is no error. */
  void deleteRecord(String service, String accessJwt, String repo, String collection, String rkey) throws NetworkFailure {
    var body = new LinkedHashMap<String, Object>();
    body.put("repo", repo);
    body.put("collection", collection);
    body.put("rkey", rkey);
    ok(send(post(service, "com.atproto.repo.deleteRecord", accessJwt, body)));
  }

  private HttpRequest post(String service, String nsid, String bearer, Map<String, Object> body) {
    var b = OutboundHttp.request(xrpc(service, nsid, Map.of()))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return b.build();
  }

  private static URI xrpc(String service, String nsid, Map<String, String> query) {
    var sb = new StringBuilder(service).append("/xrpc/").append(nsid);
    char sep = '?';
    for (var e : new java.util.TreeMap<>(query).entrySet()) {
      sb.append(sep).append(e.getKey()).append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
      sep = '&';
    }
    return URI.create(sb.toString());
  }

  private HttpResponse<byte[]> send(HttpRequest req) throws NetworkFailure {
    return NetworkCalls.send(http, req, "Bluesky");
  }

  private static boolean success(HttpResponse<byte[]> r) {
    return r.statusCode() >= 200 && r.statusCode() < 300;
  }

  private JsonNode ok(HttpResponse<byte[]> r) throws NetworkFailure {
    if (success(r)) {
      return json.readTree(r.body());
    }
    throw classify(r, error(r));
  }

  /** networks.md 2.7: what an XRPC error means for the engine. */
  NetworkFailure classify(HttpResponse<byte[]> r, XrpcError e) {
    int status = e.status();
    String name = e.error() == null ? "" : e.error();
    if (status == 429 || name.equals("RateLimitExceeded")) {
      return new NetworkFailure.RateLimited("Bluesky rate limit: " + e, reset(r));
    }
    if (name.equals("ExpiredToken")) {
      return new NetworkFailure.CredentialsExpired("Bluesky: " + e);
    }
    if (name.equals("AuthFactorTokenRequired")) {
      return new NetworkFailure.AccessRevoked("Bluesky asks for an email sign-in code: connect with an app password"
          + " (Settings > Privacy and security > App passwords), which needs none");
    }
    if (REVOKED.contains(name) || status == 401) {
      return new NetworkFailure.AccessRevoked("Bluesky: " + e);
    }
    if (status == 409 || name.equals("RecordAlreadyExists")) {
      return new NetworkFailure.Rejected("record_exists", "Bluesky: " + e);
    }
    if (status == 413 || name.equals("BlobTooLarge") || name.equals("PayloadTooLarge")) {
      return new NetworkFailure.Rejected("media_rejected", "Bluesky refused the upload as too large: " + e);
    }
    if (status >= 500 && status != 501) {
      return new NetworkFailure.Unavailable("Bluesky answered " + status + ": " + e);
    }
    return new NetworkFailure.Rejected("rejected", "Bluesky: " + e);
  }

  /** {@code RateLimit-Reset} is epoch seconds on a PDS; {@code Retry-After} is the fallback. */
  private Instant reset(HttpResponse<byte[]> r) {
    var header = r.headers().firstValue("RateLimit-Reset");
    if (header.isPresent()) {
      try {
        return Instant.ofEpochSecond(Long.parseLong(header.get().strip()));
      } catch (NumberFormatException ignored) {
        // fall back to Retry-After
      }
    }
    return NetworkCalls.retryAfter(r, clock.instant());
  }

  XrpcError error(HttpResponse<byte[]> r) {
    try {
      var node = json.readTree(r.body());
      if (node.isObject() && node.has("error")) {
        return new XrpcError(r.statusCode(), node.path("error").asString(null), node.path("message").asString(null));
      }
    } catch (RuntimeException ignored) {
      // not JSON: a proxy's error page
    }
    return new XrpcError(r.statusCode(), null, OutboundHttp.excerpt(r));
  }
}

package ink.octopost.networks.tiktok;

import ink.octopost.networks.NetworkCalls;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.shared.OutboundHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.StringJoiner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The TikTok API calls Octopost makes (networks.md 8): OAuth tokens, user info, creator info, the
 * Content Posting API's init, chunk upload and status. The token travels as a Bearer header;
 * no message here holds a token or an upload URL.
 */
final class TikTokApi {

  static final String DEFAULT_BASE = "https://open.tiktokapis.com";
  static final String NETWORK = "TikTok";

  private final OutboundHttp http;
  private final JsonMapper json;
  private final Clock clock;
  private final String base;

  TikTokApi(OutboundHttp http, JsonMapper json, Clock clock, String base) {
    this.http = http;
    this.json = json;
    this.clock = clock;
    this.base = base;
  }

  String base() {
    return base;
  }

  JsonMapper json() {
    return json;
  }

  /** A token endpoint's answer; lifetimes in seconds, or null. */
  record Tokens(String accessToken, Long expiresIn, String refreshToken, Long refreshExpiresIn, String openId, String scope) {
    @Override
    public String toString() { // never print a token
      return "Tokens[openId=" + openId + ", expiresIn=" + expiresIn + "]";
    }
  }

  /** {@code POST /v2/oauth/token/} (form): a code or a refresh token for tokens. Errors are OAuth's own shape. */
  Tokens token(Map<String, String> form) throws NetworkFailure {
    var req = OutboundHttp.request(URI.create(base + "/v2/oauth/token/"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(form))).build();
    HttpResponse<byte[]> r;
    try {
      r = NetworkCalls.send(http, req, NETWORK);
    } catch (NetworkFailure.OutcomeUnknown e) {
      throw new NetworkFailure.Unavailable("TikTok token endpoint: " + e.getMessage());
    }
    if (r.statusCode() >= 500) {
      throw new NetworkFailure.Unavailable("TikTok's token endpoint answered " + r.statusCode());
    }
    JsonNode body = r.body().length == 0 ? json.createObjectNode() : json.readTree(r.body());
    JsonNode err = body.path("error");
    if (err.isString() && !err.asString().isBlank() && !"ok".equals(err.asString())) {
      String code = err.asString();
      String msg = "TikTok refused the token request: " + code + " (" + body.path("error_description").asString("") + ")";
      if ("invalid_grant".equals(code)) {
        throw new NetworkFailure.AccessRevoked(msg);
      }
      throw new NetworkFailure.Rejected("token_refused", msg);
    }
    if (err.isObject()) {
      throw TikTokErrors.classify(r.statusCode(), body, r, clock.instant());
    }
    JsonNode d = body.path("data").isObject() ? body.path("data") : body;
    String access = d.path("access_token").asString(null);
    if (access == null || access.isBlank()) {
      throw new NetworkFailure.Rejected("token_refused", "TikTok's token endpoint answered without an access token");
    }
    return new Tokens(access, d.path("expires_in").isNumber() ? d.path("expires_in").asLong() : null,
        d.path("refresh_token").asString(null),
        d.path("refresh_expires_in").isNumber() ? d.path("refresh_expires_in").asLong() : null,
        d.path("open_id").asString(null), d.path("scope").asString(null));
  }

  /** {@code GET /v2/user/info/}: open_id, display name, avatar, username. */
  JsonNode userInfo(String token) throws NetworkFailure {
    var req = OutboundHttp.request(URI.create(base + "/v2/user/info/?fields=open_id,union_id,avatar_url,display_name,username"))
        .header("Authorization", "Bearer " + token).GET().build();
    return read(req).path("data").path("user");
  }

  /** {@code POST /v2/post/publish/creator_info/query/}: what this creator may post. */
  JsonNode creatorInfo(String token) throws NetworkFailure {
    return read(postJson("/v2/post/publish/creator_info/query/", token, "{}")).path("data");
  }

  /** {@code POST /v2/post/publish/video/init/} or {@code content/init/}: creates the post on TikTok. */
  JsonNode init(String path, String token, Object body) throws NetworkFailure {
    var r = NetworkCalls.send(http, postJson(path, token, json.writeValueAsString(body)), NETWORK);
    return ok(r).path("data");
  }

  /** {@code POST /v2/post/publish/status/fetch/}. */
  JsonNode status(String token, String publishId) throws NetworkFailure {
    return read(postJson("/v2/post/publish/status/fetch/", token,
        json.writeValueAsString(Map.of("publish_id", publishId)))).path("data");
  }

  /** {@code PUT upload_url} of one chunk; 206 for intermediate chunks, 201 for the last (networks.md 8.2). */
  void putChunk(String uploadUrl, HttpRequest.BodyPublisher body, long first, long last, long total, String mime)
      throws NetworkFailure {
    var req = OutboundHttp.request(URI.create(uploadUrl))
        .header("Content-Type", mime)
        .header("Content-Range", "bytes " + first + "-" + last + "/" + total)
        .PUT(body).build();
    HttpResponse<byte[]> r;
    try {
      r = NetworkCalls.send(http, req, NETWORK);
    } catch (NetworkFailure.OutcomeUnknown e) {
      // A chunk creates nothing new: the post already exists and only waits for its bytes.
      throw new NetworkFailure.Unavailable("TikTok chunk upload: " + e.getMessage());
    }
    if (r.statusCode() >= 300) {
      JsonNode body2 = r.body().length == 0 ? json.createObjectNode() : parse(r.body());
      throw TikTokErrors.classify(r.statusCode(), body2, r, clock.instant());
    }
  }

  private JsonNode parse(byte[] b) {
    try {
      return json.readTree(b);
    } catch (RuntimeException e) {
      return json.createObjectNode();
    }
  }

  private HttpRequest postJson(String path, String token, String body) {
    return OutboundHttp.request(URI.create(base + path))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json; charset=UTF-8")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  /** A read creates nothing: an answer lost is retried like an outage. */
  private JsonNode read(HttpRequest req) throws NetworkFailure {
    try {
      return ok(NetworkCalls.send(http, req, NETWORK));
    } catch (NetworkFailure.OutcomeUnknown e) {
      throw new NetworkFailure.Unavailable("TikTok: " + e.getMessage());
    }
  }

  private JsonNode ok(HttpResponse<byte[]> r) throws NetworkFailure {
    JsonNode body = r.body().length == 0 ? json.createObjectNode() : parse(r.body());
    String code = body.path("error").path("code").asString("ok");
    if (r.statusCode() >= 200 && r.statusCode() < 300 && "ok".equals(code)) {
      return body;
    }
    throw TikTokErrors.classify(r.statusCode(), body, r, clock.instant());
  }

  static String form(Map<String, String> fields) {
    var out = new StringJoiner("&");
    fields.forEach((k, v) -> {
      if (v != null) {
        out.add(enc(k) + "=" + enc(v));
      }
    });
    return out.toString();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}

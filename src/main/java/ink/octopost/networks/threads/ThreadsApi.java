package ink.octopost.networks.threads;

import ink.octopost.networks.NetworkCalls;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.OAuthFlow;
import ink.octopost.shared.OutboundHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Threads API calls Octopost makes (networks.md 5): containers, publishing, permalinks,
 * deleting, the publishing quota, the profile, and the token endpoints. The access token travels
 * as the {@code access_token} parameter, as Meta documents it; no message here ever holds a URL.
 */
final class ThreadsApi {

  static final String DEFAULT_BASE = "https://graph.threads.net";
  static final String NETWORK = "Threads";

  private final OutboundHttp http;
  private final JsonMapper json;
  private final Clock clock;
  private final String base;
  private final String graph;

  ThreadsApi(OutboundHttp http, JsonMapper json, Clock clock, String base, String version) {
    this.http = http;
    this.json = json;
    this.clock = clock;
    this.base = base;
    this.graph = base + "/" + version;
  }

  String base() {
    return base;
  }

  /** A container's state: {@code IN_PROGRESS}, {@code FINISHED}, {@code PUBLISHED}, {@code ERROR} or {@code EXPIRED}. */
  record Status(String status, String errorMessage) {}

  /** The publishing quota: used and allowed posts (or replies) in the window, and its length in seconds. */
  record Quota(int used, int total, long windowSeconds) {}

  /** A token endpoint's answer; {@code expiresIn} in seconds, or null. */
  record Tokens(String accessToken, Long expiresIn, String userId) {
    @Override
    public String toString() { // never print the token
      return "Tokens[expiresIn=" + expiresIn + "]";
    }
  }

  /**
   * {@code POST /{user}/threads}: a container, which creates nothing anyone can see; an answer
   * lost on the way back is retried like an outage.
   */
  String createContainer(String token, String user, Map<String, String> params) throws NetworkFailure {
    var form = new LinkedHashMap<>(params);
    form.put("access_token", token);
    try {
      return id(call(post(graph + "/" + enc(user) + "/threads", form)), "a container");
    } catch (NetworkFailure.OutcomeUnknown e) {
      throw new NetworkFailure.Unavailable("Threads container: " + e.getMessage());
    }
  }

  Status status(String token, String container) throws NetworkFailure {
    var body = read(get(graph + "/" + enc(container), Map.of("fields", "status,error_message", "access_token", token)));
    return new Status(body.path("status").asString(""), body.path("error_message").asString(null));
  }

  /** {@code POST /{user}/threads_publish}: creates the post; the id is the post's. */
  String publish(String token, String user, String container) throws NetworkFailure {
    var body = call(post(graph + "/" + enc(user) + "/threads_publish", Map.of("creation_id", container, "access_token", token)));
    String id = body.path("id").asString(null);
    if (id == null || id.isBlank()) {
      // Threads took the request but named no post: it may exist, so never publish it again blindly.
      throw new NetworkFailure.OutcomeUnknown("Threads answered threads_publish without a post id");
    }
    return id;
  }

  /** {@code GET /{id}?fields=permalink}: the public URL, which the id does not give (it uses a shortcode). */
  String permalink(String token, String id) throws NetworkFailure {
    return read(get(graph + "/" + enc(id), Map.of("fields", "id,permalink", "access_token", token))).path("permalink").asString(null);
  }

  /** {@code DELETE /{id}}; a post that is already gone counts as deleted. */
  void delete(String token, String id) throws NetworkFailure {
    var req = OutboundHttp.request(URI.create(graph + "/" + enc(id) + "?" + form(Map.of("access_token", token)))).DELETE().build();
    var r = NetworkCalls.send(http, req, NETWORK);
    if (r.statusCode() == 404) {
      return;
    }
    if (r.statusCode() >= 400) {
      var e = ThreadsErrors.parse(r, json);
      if (e.code() == 100 && e.subcode() == 33) { // "Object ... does not exist"
        return;
      }
    }
    ok(r);
  }

  /** {@code GET /{user}/threads_publishing_limit}: posts or replies used and allowed in the rolling window. */
  Quota publishingLimit(String token, String user, boolean replies) throws NetworkFailure {
    var body = read(get(graph + "/" + enc(user) + "/threads_publishing_limit",
        Map.of("fields", "quota_usage,config,reply_quota_usage,reply_config", "access_token", token)));
    JsonNode d = body.path("data").path(0);
    JsonNode config = d.path(replies ? "reply_config" : "config");
    return new Quota(d.path(replies ? "reply_quota_usage" : "quota_usage").asInt(0),
        config.path("quota_total").asInt(replies ? 1000 : 250), config.path("quota_duration").asLong(86_400));
  }

  JsonNode me(String token) throws NetworkFailure {
    return read(get(graph + "/me", Map.of("fields", "id,username,name,threads_profile_picture_url", "access_token", token)));
  }

  /** {@code POST /oauth/access_token}: a code for a short-lived (1 h) token and the user id. */
  Tokens exchangeCode(OAuthFlow.Client client, String redirectUri, String code) throws NetworkFailure {
    var form = new LinkedHashMap<String, String>();
    form.put("client_id", client.clientId());
    form.put("client_secret", client.clientSecret());
    form.put("grant_type", "authorization_code");
    form.put("redirect_uri", redirectUri);
    form.put("code", code);
    return tokens(call(post(base + "/oauth/access_token", form)));
  }

  /** {@code GET /access_token?grant_type=th_exchange_token}: the short-lived token for a 60-day one. */
  Tokens longLived(String clientSecret, String shortLived) throws NetworkFailure {
    return tokens(read(get(base + "/access_token",
        Map.of("grant_type", "th_exchange_token", "client_secret", clientSecret, "access_token", shortLived))));
  }

  /** {@code GET /refresh_access_token?grant_type=th_refresh_token}: a long-lived token at least a day old for a fresh one. */
  Tokens refresh(String longLived) throws NetworkFailure {
    return tokens(read(get(base + "/refresh_access_token", Map.of("grant_type", "th_refresh_token", "access_token", longLived))));
  }

  private Tokens tokens(JsonNode body) throws NetworkFailure {
    String access = body.path("access_token").asString(null);
    if (access == null || access.isBlank()) {
      throw new NetworkFailure.Rejected("token_refused", "Threads' token endpoint answered without an access token");
    }
    Long expiresIn = body.path("expires_in").isNumber() ? body.path("expires_in").asLong() : null;
    String userId = body.path("user_id").isMissingNode() || body.path("user_id").isNull() ? null : body.path("user_id").asString();
    return new Tokens(access, expiresIn, userId);
  }

  private HttpRequest post(String url, Map<String, String> form) {
    return OutboundHttp.request(URI.create(url))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(form)))
        .build();
  }

  private HttpRequest get(String url, Map<String, String> query) {
    return OutboundHttp.request(URI.create(url + "?" + form(query))).GET().build();
  }

  /** A read creates nothing: an answer lost is retried like an outage. */
  private JsonNode read(HttpRequest req) throws NetworkFailure {
    try {
      return call(req);
    } catch (NetworkFailure.OutcomeUnknown e) {
      throw new NetworkFailure.Unavailable("Threads: " + e.getMessage());
    }
  }

  private JsonNode call(HttpRequest req) throws NetworkFailure {
    return ok(NetworkCalls.send(http, req, NETWORK));
  }

  private JsonNode ok(HttpResponse<byte[]> r) throws NetworkFailure {
    int status = r.statusCode();
    if (status >= 200 && status < 300) {
      JsonNode body = r.body().length == 0 ? json.createObjectNode() : json.readTree(r.body());
      if (body.path("error").isObject()) { // Meta sometimes answers an error with 200
        throw ThreadsErrors.classify(r, json, clock.instant());
      }
      return body;
    }
    throw ThreadsErrors.classify(r, json, clock.instant());
  }

  private static String id(JsonNode body, String what) throws NetworkFailure {
    String id = body.path("id").asString(null);
    if (id == null || id.isBlank()) {
      throw new NetworkFailure.Unavailable("Threads answered without the id of " + what);
    }
    return id;
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

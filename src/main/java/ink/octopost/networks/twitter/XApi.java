package ink.octopost.networks.twitter;

import ink.octopost.networks.Multipart;
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
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The X API v2 calls Octopost makes, and the classification of their errors (networks.md 1.6). */
final class XApi {

  static final String DEFAULT_BASE = "https://api.x.com";

  private final OutboundHttp http;
  private final JsonMapper json;
  private final Clock clock;
  private final String base;

  XApi(OutboundHttp http, JsonMapper json, Clock clock, String base) {
    this.http = http;
    this.json = json;
    this.clock = clock;
    this.base = base;
  }

  String base() {
    return base;
  }

  /** How a 401 reads: with a refresh token it is an expired token worth one refresh, else a dead grant. */
  record Bearer(String token, boolean refreshable) {
    @Override
    public String toString() { // never print the token
      return "Bearer[refreshable=" + refreshable + "]";
    }
  }

  /** POST /2/tweets; answers 201 with {@code data.id}. No idempotency key exists on X. */
  JsonNode createTweet(Bearer auth, Map<String, Object> body) throws NetworkFailure {
    var req = authorized(URI.create(base + "/2/tweets"), auth)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
        .build();
    return ok(NetworkCalls.send(http, req, "X"), auth);
  }

  void deleteTweet(Bearer auth, String id) throws NetworkFailure {
    var req = authorized(URI.create(base + "/2/tweets/" + encode(id)), auth).DELETE().build();
    var response = NetworkCalls.send(http, req, "X");
    if (response.statusCode() != 404) {
      ok(response, auth);
    }
  }

  JsonNode me(Bearer auth) throws NetworkFailure {
    var req = authorized(URI.create(base + "/2/users/me?user.fields=profile_image_url,name,username"), auth).GET().build();
    return ok(NetworkCalls.send(http, req, "X"), auth).path("data");
  }

  JsonNode initializeUpload(Bearer auth, String mediaType, long totalBytes, String category) throws NetworkFailure {
    var body = Map.of("media_type", mediaType, "total_bytes", totalBytes, "media_category", category);
    var req = authorized(URI.create(base + "/2/media/upload/initialize"), auth)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
        .build();
    return media(req, auth).path("data");
  }

  /** One segment, streamed: {@code chunk} has a known length and is read when the request is sent. */
  void appendUpload(Bearer auth, String id, int segment, HttpRequest.BodyPublisher chunk) throws NetworkFailure {
    var form = new Multipart().field("segment_index", Integer.toString(segment))
        .file("media", "chunk-" + segment, "application/octet-stream", chunk);
    var req = authorized(URI.create(base + "/2/media/upload/" + encode(id) + "/append"), auth)
        .timeout(Duration.ofMinutes(2))
        .header("Content-Type", form.contentType())
        .POST(form.body())
        .build();
    media(req, auth);
  }

  JsonNode finalizeUpload(Bearer auth, String id) throws NetworkFailure {
    var req = authorized(URI.create(base + "/2/media/upload/" + encode(id) + "/finalize"), auth)
        .POST(HttpRequest.BodyPublishers.noBody()).build();
    return media(req, auth).path("data");
  }

  JsonNode uploadStatus(Bearer auth, String id) throws NetworkFailure {
    var req = authorized(URI.create(base + "/2/media/upload?command=STATUS&media_id=" + encode(id)), auth).GET().build();
    return media(req, auth).path("data");
  }

  void altText(Bearer auth, String id, String text) throws NetworkFailure {
    var body = Map.of("id", id, "metadata", Map.of("alt_text", Map.of("text", text)));
    var req = authorized(URI.create(base + "/2/media/metadata"), auth)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
        .build();
    media(req, auth);
  }

  /** Tokens as the token endpoint answers them. */
  record Tokens(String accessToken, String refreshToken, Long expiresIn) {
    @Override
    public String toString() { // never print tokens
      return "Tokens[expiresIn=" + expiresIn + "]";
    }
  }

  /** Thrown when the token endpoint refuses a code or refresh token (400 {@code invalid_request}, {@code invalid_grant}). */
  static final class GrantRefused extends Exception {
    GrantRefused(String message) {
      super(message, null, false, false);
    }
  }

  /** POST /2/oauth2/token; confidential clients authenticate with HTTP Basic. */
  Tokens token(OAuthFlow.Client client, Map<String, String> grant) throws NetworkFailure, GrantRefused {
    var form = new LinkedHashMap<>(grant);
    form.put("client_id", client.clientId());
    var builder = OutboundHttp.request(URI.create(base + "/2/oauth2/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(form)));
    if (client.clientSecret() != null && !client.clientSecret().isBlank()) {
      builder.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          (client.clientId() + ":" + client.clientSecret()).getBytes(StandardCharsets.UTF_8)));
    }
    var r = NetworkCalls.send(http, builder.build(), "X");
    int status = r.statusCode();
    if (status == 400) {
      throw new GrantRefused("X refused the grant: " + error(r));
    }
    if (status == 401) { // the client, not the grant: no account's reconnect would fix it
      throw new NetworkFailure.Rejected("client_refused", "X refused Octopost's OAuth client (" + error(r)
          + "); check OCTOPOST_NETWORKS_TWITTER_CLIENT_ID and _CLIENT_SECRET");
    }
    if (status == 429) {
      throw new NetworkFailure.RateLimited("X rate limit on the token endpoint: " + error(r), reset(r));
    }
    if (status >= 500) {
      throw new NetworkFailure.Unavailable("X's token endpoint answered " + status + ": " + error(r));
    }
    if (status < 200 || status >= 300) {
      throw new NetworkFailure.Rejected("token_refused", "X's token endpoint answered " + status + ": " + error(r));
    }
    JsonNode body = json.readTree(r.body());
    String access = body.path("access_token").asString(null);
    if (access == null || access.isBlank()) {
      throw new NetworkFailure.Rejected("token_refused", "X's token endpoint answered without an access token");
    }
    String refresh = body.path("refresh_token").asString(null);
    Long expiresIn = body.path("expires_in").isNumber() ? body.path("expires_in").asLong() : null;
    return new Tokens(access, refresh == null || refresh.isBlank() ? null : refresh, expiresIn);
  }

  private HttpRequest.Builder authorized(URI uri, Bearer auth) {
    return OutboundHttp.request(uri).header("Authorization", "Bearer " + auth.token());
  }

  /**
   * Media calls create nothing anyone can see: an answer lost on the way back is as good as no
   * answer, so it is retried like an outage rather than left unconfirmed.
   */
  private JsonNode media(HttpRequest req, Bearer auth) throws NetworkFailure {
    try {
      return ok(NetworkCalls.send(http, req, "X"), auth);
    } catch (NetworkFailure.OutcomeUnknown e) {
      throw new NetworkFailure.Unavailable("X media upload: " + e.getMessage());
    }
  }

  private JsonNode ok(HttpResponse<byte[]> r, Bearer auth) throws NetworkFailure {
    int status = r.statusCode();
    if (status >= 200 && status < 300) {
      return r.body().length == 0 ? json.createObjectNode() : json.readTree(r.body());
    }
    String error = error(r);
    switch (status) {
      case 400 -> throw new NetworkFailure.Rejected("invalid_request", "X: " + error);
      case 401 -> {
        if (auth.refreshable()) {
          throw new NetworkFailure.CredentialsExpired("X refused the access token (" + error + ")");
        }
        throw new NetworkFailure.AccessRevoked("X refused the access token and no refresh token is stored (" + error + ")");
      }
      case 403 -> throw new NetworkFailure.Rejected(
          error.toLowerCase(java.util.Locale.ROOT).contains("duplicate") ? "duplicate_content" : "forbidden", "X: " + error);
      case 404 -> throw new NetworkFailure.Rejected("not_found", "X: " + error);
      case 429 -> throw new NetworkFailure.RateLimited("X rate limit: " + error, reset(r));
      default -> {
        if (status >= 500) {
          throw new NetworkFailure.Unavailable("X answered " + status + ": " + error);
        }
        throw new NetworkFailure.Rejected("rejected", "X answered " + status + ": " + error);
      }
    }
  }

  /**
   * When to try again: the latest reset among exhausted buckets (the 15-minute window and the
   * 24-hour user and app caps each report their own), in epoch seconds; else Retry-After.
   */
  private Instant reset(HttpResponse<byte[]> r) {
    Instant latest = epoch(r, "x-rate-limit-reset");
    for (String cap : new String[] {"x-user-limit-24hour", "x-app-limit-24hour"}) {
      boolean exhausted = r.headers().firstValue(cap + "-remaining").map(v -> v.strip().equals("0")).orElse(false);
      Instant at = exhausted ? epoch(r, cap + "-reset") : null;
      if (at != null && (latest == null || at.isAfter(latest))) {
        latest = at;
      }
    }
    return latest != null ? latest : NetworkCalls.retryAfter(r, clock.instant());
  }

  private static Instant epoch(HttpResponse<byte[]> r, String header) {
    try {
      return r.headers().firstValue(header).map(v -> Instant.ofEpochSecond(Long.parseLong(v.strip()))).orElse(null);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** X's problem {@code detail} (or {@code title}), a v1.1-style {@code errors[0].message}, or OAuth's {@code error}. */
  private String error(HttpResponse<byte[]> r) {
    try {
      var node = json.readTree(r.body());
      for (String field : new String[] {"detail", "title", "error_description", "error"}) {
        if (node.path(field).isString() && !node.path(field).asString().isBlank()) {
          return node.path(field).asString();
        }
      }
      if (node.path("errors").isArray() && !node.path("errors").isEmpty()) {
        var first = node.path("errors").get(0);
        return first.path("message").asString(first.path("detail").asString(OutboundHttp.excerpt(r)));
      }
    } catch (RuntimeException ignored) {
      // not JSON
    }
    return OutboundHttp.excerpt(r);
  }

  static String form(Map<String, String> fields) {
    var out = new StringJoiner("&");
    fields.forEach((k, v) -> out.add(encode(k) + "=" + encode(v)));
    return out.toString();
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}

package ink.octopost.networks.mastodon;

import ink.octopost.networks.AccountLimits;
import ink.octopost.networks.NetworkCalls;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.shared.OutboundHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Mastodon REST calls Octopost makes, and the classification of their errors (networks.md 3.6). */
final class MastodonApi {

  private final OutboundHttp http;
  private final JsonMapper json;
  private final Clock clock;

  MastodonApi(OutboundHttp http, JsonMapper json, Clock clock) {
    this.http = http;
    this.json = json;
    this.clock = clock;
  }

  JsonNode verifyCredentials(String instance, String token) throws NetworkFailure {
    var req = OutboundHttp.request(URI.create(instance + "/api/v1/accounts/verify_credentials"))
        .header("Authorization", "Bearer " + token).GET().build();
    return ok(NetworkCalls.send(http, req, "mastodon"));
  }

  /**
   * The instance's own limits: {@code GET /api/v2/instance}, else {@code /api/v1/instance} (older
   * Mastodon, Pleroma, Akkoma), else Mastodon's defaults when it publishes neither.
   *
   * @throws NetworkFailure when the instance could not answer just now (rate limit, 5xx, no answer)
   */
  AccountLimits limits(String instance, String token) throws NetworkFailure {
    JsonNode doc = instanceDocument(instance, token, 2);
    if (doc == null) {
      doc = instanceDocument(instance, token, 1);
    }
    var limits = doc == null ? InstanceLimits.DEFAULTS : InstanceLimits.fromInstance(doc);
    return new AccountLimits(limits.toJson(json), clock.instant());
  }

  /** The instance document of that API version, or null where the instance has none (a 4xx or not JSON). */
  private JsonNode instanceDocument(String instance, String token, int version) throws NetworkFailure {
    // Public on most instances; the token lets it through on those in limited federation mode.
    var req = OutboundHttp.request(URI.create(instance + "/api/v" + version + "/instance"))
        .header("Authorization", "Bearer " + token).GET().build();
    var r = NetworkCalls.send(http, req, "mastodon");
    int status = r.statusCode();
    if (status >= 400 && status < 500 && status != 429) {
      return null;
    }
    if (status < 200 || status >= 300) {
      ok(r); // throws: rate limited or unavailable
    }
    try {
      JsonNode node = json.readTree(r.body());
      return node != null && node.isObject() ? node : null;
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  /** POST /api/v1/apps: registers Octopost as a client of this instance (networks.md 3.1). */
  JsonNode registerApp(String instance, String redirectUri, String scopes, String website) throws NetworkFailure {
    var body = new java.util.LinkedHashMap<String, Object>();
    body.put("client_name", "Octopost");
    body.put("redirect_uris", redirectUri);
    body.put("scopes", scopes);
    if (website != null) {
      body.put("website", website);
    }
    var req = OutboundHttp.request(URI.create(instance + "/api/v1/apps"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
        .build();
    return ok(NetworkCalls.send(http, req, "mastodon"));
  }

  /** POST /oauth/token with an authorization code; OAuth errors come back as 400/401 {@code invalid_grant}. */
  JsonNode token(String instance, Map<String, String> form) throws NetworkFailure {
    var encoded = new java.util.StringJoiner("&");
    form.forEach((k, v) -> encoded.add(java.net.URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
        + java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
    var req = OutboundHttp.request(URI.create(instance + "/oauth/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(encoded.toString()))
        .build();
    var r = NetworkCalls.send(http, req, "mastodon");
    if (r.statusCode() == 400 || r.statusCode() == 401) {
      throw new NetworkFailure.Rejected("authorization_refused", "Mastodon refused the authorization code: " + oauthError(r));
    }
    return ok(r);
  }

  /** POST /api/v1/statuses with an Idempotency-Key, so a retry never posts twice. */
  JsonNode postStatus(String instance, String token, Map<String, Object> body, String idempotencyKey) throws NetworkFailure {
    var req = OutboundHttp.request(URI.create(instance + "/api/v1/statuses"))
        .header("Authorization", "Bearer " + token)
        .header("Idempotency-Key", idempotencyKey)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
        .build();
    return ok(NetworkCalls.send(http, req, "mastodon"));
  }

  /** POST /api/v2/media: 200 when processed at once (images), 202 while processing (video). */
  JsonNode uploadMedia(String instance, String token, ink.octopost.networks.MediaFile file, String description)
      throws NetworkFailure {
    var form = new ink.octopost.networks.Multipart().file("file", file.fileName(), file.mimeType(), file);
    if (description != null && !description.isBlank()) {
      form.field("description", description);
    }
    var req = OutboundHttp.request(URI.create(instance + "/api/v2/media"))
        .timeout(java.time.Duration.ofMinutes(5))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", form.contentType())
        .POST(form.body())
        .build();
    return ok(NetworkCalls.send(http, req, "mastodon"));
  }

  /** GET /api/v1/media/{id}: null while still processing (206). */
  JsonNode media(String instance, String token, String id) throws NetworkFailure {
    var req = OutboundHttp.request(URI.create(instance + "/api/v1/media/" + id))
        .header("Authorization", "Bearer " + token).GET().build();
    var r = NetworkCalls.send(http, req, "mastodon");
    if (r.statusCode() == 206) {
      return null;
    }
    if (r.statusCode() == 422) {
      throw new NetworkFailure.Rejected("media_rejected", "Mastodon could not process the media: " + error(r));
    }
    return ok(r);
  }

  void deleteStatus(String instance, String token, String id) throws NetworkFailure {
    var req = OutboundHttp.request(URI.create(instance + "/api/v1/statuses/" + id))
        .header("Authorization", "Bearer " + token).DELETE().build();
    var response = NetworkCalls.send(http, req, "mastodon");
    if (response.statusCode() != 404) {
      ok(response);
    }
  }

  private JsonNode ok(HttpResponse<byte[]> r) throws NetworkFailure {
    int status = r.statusCode();
    if (status >= 200 && status < 300) {
      return json.readTree(r.body());
    }
    String error = error(r);
    switch (status) {
      case 401 -> throw new NetworkFailure.AccessRevoked("Mastodon: " + error + " (tokens do not expire: it was revoked)");
      case 403 -> throw new NetworkFailure.Rejected("forbidden", "Mastodon: " + error);
      case 404 -> throw new NetworkFailure.Rejected("not_found", "Mastodon: " + error);
      case 422 -> throw new NetworkFailure.Rejected("rejected", "Mastodon: " + error);
      case 429 -> throw new NetworkFailure.RateLimited("Mastodon rate limit: " + error, reset(r));
      default -> {
        if (status >= 500) {
          throw new NetworkFailure.Unavailable("Mastodon answered " + status + ": " + error);
        }
        throw new NetworkFailure.Rejected("rejected", "Mastodon answered " + status + ": " + error);
      }
    }
  }

  /** X-RateLimit-Reset is an ISO 8601 instant on Mastodon, not epoch seconds. */
  private Instant reset(HttpResponse<byte[]> r) {
    var header = r.headers().firstValue("X-RateLimit-Reset");
    if (header.isPresent()) {
      try {
        return Instant.parse(header.get());
      } catch (RuntimeException ignored) {
        // fall back to Retry-After
      }
    }
    return NetworkCalls.retryAfter(r, clock.instant());
  }

  private String error(HttpResponse<byte[]> r) {
    try {
      var node = json.readTree(r.body());
      if (node.has("error")) {
        return node.path("error").asString();
      }
    } catch (RuntimeException ignored) {
      // not JSON
    }
    return OutboundHttp.excerpt(r);
  }

  /** OAuth endpoints explain themselves in {@code error_description}. */
  private String oauthError(HttpResponse<byte[]> r) {
    try {
      var node = json.readTree(r.body());
      if (node.path("error_description").isString()) {
        return node.path("error_description").asString();
      }
    } catch (RuntimeException ignored) {
      // not JSON
    }
    return error(r);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}

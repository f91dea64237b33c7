package ink.octopost.networks.youtube;

import ink.octopost.networks.NetworkCalls;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.NetworksProperties;
import ink.octopost.networks.Platform;
import ink.octopost.shared.OutboundHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.StringJoiner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Google calls the YouTube connector and login make (networks.md 9): the Data API on
 * {@code www.googleapis.com}, tokens on {@code oauth2.googleapis.com}, the consent screen on
 * {@code accounts.google.com}. A configured base URL (a local fake) serves all three. Tokens travel
 * only in the {@code Authorization} header and are never logged.
 */
final class GoogleApi {

  static final String DEFAULT_API = "https://www.googleapis.com";
  static final String DEFAULT_TOKEN = "https://oauth2.googleapis.com/token";
  static final String DEFAULT_AUTHORIZE = "https://accounts.google.com/o/oauth2/v2/auth";

  /** How long to wait after {@code rateLimitExceeded} when Google gives no {@code Retry-After}. */
  static final Duration SHORT_BACKOFF = Duration.ofSeconds(30);

  private final OutboundHttp http;
  private final JsonMapper json;
  private final Clock clock;
  final String api;
  final String token;
  final String authorize;

  GoogleApi(OutboundHttp http, JsonMapper json, Clock clock, NetworksProperties props) {
    this.http = http;
    this.json = json;
    this.clock = clock;
    String configured = props.of(Platform.YOUTUBE).baseUrl();
    boolean custom = configured != null && !configured.isBlank();
    this.api = props.baseUrl(Platform.YOUTUBE, DEFAULT_API);
    this.token = custom ? api + "/token" : DEFAULT_TOKEN;
    this.authorize = custom ? api + "/o/oauth2/v2/auth" : DEFAULT_AUTHORIZE;
  }

  JsonMapper json() {
    return json;
  }

  /** A Data API GET ({@code path} under {@code /youtube/v3/}). */
  JsonNode get(String path, String accessToken, Map<String, String> query) throws NetworkFailure {
    var req = OutboundHttp.request(URI.create(api + "/youtube/v3/" + path + "?" + form(query)))
        .header("Authorization", "Bearer " + accessToken).GET().build();
    return ok(quietly(req));
  }

  /** A Data API POST with a JSON body. */
  JsonNode post(String path, String accessToken, Map<String, String> query, Object body) throws NetworkFailure {
    var req = OutboundHttp.request(URI.create(api + "/youtube/v3/" + path + "?" + form(query)))
        .header("Authorization", "Bearer " + accessToken)
        .header("Content-Type", "application/json; charset=UTF-8")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
    return ok(NetworkCalls.send(http, req, "YouTube"));
  }

  /** {@code DELETE /youtube/v3/videos?id=..}: 204. */
  void delete(String path, String accessToken, Map<String, String> query) throws NetworkFailure {
    var req = OutboundHttp.request(URI.create(api + "/youtube/v3/" + path + "?" + form(query)))
        .header("Authorization", "Bearer " + accessToken).DELETE().build();
    ok(NetworkCalls.send(http, req, "YouTube"));
  }

  /** A token grant ({@code authorization_code} or {@code refresh_token}); Google's OAuth errors are its own shape. */
  JsonNode tokenGrant(Map<String, String> fields, String what) throws NetworkFailure {
    var req = OutboundHttp.request(URI.create(token))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(fields))).build();
    var r = quietly(req);
    JsonNode body = read(r);
    if (r.statusCode() >= 500) {
      throw new NetworkFailure.Unavailable("Google could not answer " + what + " (HTTP " + r.statusCode() + ")");
    }
    if (r.statusCode() >= 400) {
      String error = body.path("error").isString() ? body.path("error").asString() : reason(body);
      String desc = body.path("error_description").asString(body.path("error").path("message").asString(""));
      if ("invalid_grant".equals(error)) {
        throw new NetworkFailure.AccessRevoked("Google refused " + what + ": " + desc + " (reconnect the channel)");
      }
      if ("invalid_client".equals(error) || "unauthorized_client".equals(error)) {
        throw new NetworkFailure.Rejected("client_refused", "Google refused the OAuth app: " + error + " " + desc);
      }
      throw new NetworkFailure.Rejected("authorization_refused", "Google refused " + what + ": " + error + " " + desc);
    }
    return body;
  }

  /** Sends a request that creates nothing anyone sees: a lost answer is as good as none. */
  HttpResponse<byte[]> quietly(HttpRequest req) throws NetworkFailure {
    try {
      return NetworkCalls.send(http, req, "YouTube");
    } catch (NetworkFailure.OutcomeUnknown e) {
      throw new NetworkFailure.Unavailable(e.getMessage());
    }
  }

  HttpResponse<byte[]> send(HttpRequest req) throws NetworkFailure {
    return NetworkCalls.send(http, req, "YouTube");
  }

  /** The answer's JSON when it succeeded; otherwise the failure Google's error means (networks.md 9.4). */
  JsonNode ok(HttpResponse<byte[]> r) throws NetworkFailure {
    if (r.statusCode() / 100 == 2) {
      return read(r);
    }
    throw failure(r);
  }

  NetworkFailure failure(HttpResponse<byte[]> r) {
    JsonNode body = read(r);
    int status = r.statusCode();
    String reason = reason(body);
    String message = body.path("error").path("message").asString("");
    String said = "YouTube said: " + (message.isBlank() ? "HTTP " + status : message) + (reason.isBlank() ? "" : " (" + reason + ")");
    Instant now = clock.instant();
    switch (reason) {
      case "quotaExceeded", "dailyLimitExceeded" -> {
        return new NetworkFailure.RateLimited("The YouTube API project's daily quota is used up; it resets at midnight "
            + "Pacific time. " + said, YouTubeQuota.nextReset(clock));
      }
      case "rateLimitExceeded", "userRateLimitExceeded" -> {
        Instant at = NetworkCalls.retryAfter(r, now);
        return new NetworkFailure.RateLimited(said, at != null ? at : now.plus(SHORT_BACKOFF));
      }
      case "uploadLimitExceeded" -> {
        return new NetworkFailure.RateLimited("The channel reached YouTube's daily upload limit. " + said, now.plus(Duration.ofHours(24)));
      }
      case "insufficientPermissions", "authError" -> {
        if (status == 401) {
          return new NetworkFailure.CredentialsExpired(said);
        }
        return new NetworkFailure.AccessRevoked("The channel's authorization lacks a permission Octopost needs: reconnect it. " + said);
      }
      default -> { }
    }
    if (status == 401) {
      return new NetworkFailure.CredentialsExpired(said);
    }
    if (status == 429) {
      Instant at = NetworkCalls.retryAfter(r, now);
      return new NetworkFailure.RateLimited(said, at != null ? at : now.plus(SHORT_BACKOFF));
    }
    if (status >= 500) {
      return new NetworkFailure.Unavailable(said);
    }
    if (status == 404) {
      return new NetworkFailure.Rejected("not_found", said);
    }
    return new NetworkFailure.Rejected(reason.isBlank() ? "rejected" : reason, said);
  }

  /** {@code error.errors[0].reason} of Google's envelope, or "". */
  static String reason(JsonNode body) {
    JsonNode errors = body.path("error").path("errors");
    if (errors.isArray() && !errors.isEmpty()) {
      return errors.get(0).path("reason").asString("");
    }
    return "";
  }

  JsonNode read(HttpResponse<byte[]> r) {
    byte[] b = r.body();
    if (b == null || b.length == 0) {
      return json.createObjectNode();
    }
    try {
      return json.readTree(b);
    } catch (RuntimeException e) {
      return json.createObjectNode();
    }
  }

  static String form(Map<String, String> fields) {
    var out = new StringJoiner("&");
    fields.forEach((k, v) -> out.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return out.toString();
  }
}

package ink.octopost.networks.linkedin;

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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The calls the LinkedIn connector and login make (networks.md 4): every versioned call sends
 * {@code LinkedIn-Version}, {@code X-Restli-Protocol-Version: 2.0.0} and the Bearer token (never logged),
 * and LinkedIn's error envelope ({@code status, serviceErrorCode, code, message}) is classified here.
 */
final class LinkedInApi {

  static final String DEFAULT_API = "https://api.linkedin.com";
  static final String DEFAULT_LOGIN = "https://www.linkedin.com";

  private final OutboundHttp http;
  private final JsonMapper json;
  private final Clock clock;
  private final String api;
  private final String login;
  private final String version;

  LinkedInApi(OutboundHttp http, JsonMapper json, Clock clock, NetworksProperties props, LinkedInProperties linkedin) {
    this.http = http;
    this.json = json;
    this.clock = clock;
    this.api = props.baseUrl(Platform.LINKEDIN, DEFAULT_API);
    String configured = props.of(Platform.LINKEDIN).baseUrl();
    this.login = (linkedin.loginUrl() != null ? linkedin.loginUrl()
        : configured == null || configured.isBlank() ? DEFAULT_LOGIN : api) + "/oauth/v2";
    this.version = linkedin.version();
  }

  String oauth() {
    return login;
  }

  JsonMapper json() {
    return json;
  }

  /** A versioned request on {@code /rest}. */
  private HttpRequest.Builder rest(String pathAndQuery, String token) {
    return OutboundHttp.request(URI.create(api + "/rest/" + pathAndQuery))
        .header("Authorization", "Bearer " + token)
        .header("LinkedIn-Version", version)
        .header("X-Restli-Protocol-Version", "2.0.0");
  }

  /** A POST that creates what people see (a post, a comment): a lost answer is an unknown outcome. */
  HttpResponse<byte[]> create(String path, String token, Object body, boolean refreshable) throws NetworkFailure {
    var req = rest(path, token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
    return ok(NetworkCalls.send(http, req, "LinkedIn"), refreshable);
  }

  /** A POST that creates nothing anyone sees (an upload's start or end): retried like an outage when lost. */
  JsonNode action(String path, String token, Object body, boolean refreshable) throws NetworkFailure {
    var req = rest(path, token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
    return read(ok(quietly(req), refreshable));
  }

  JsonNode get(String pathAndQuery, String token, boolean refreshable) throws NetworkFailure {
    return read(ok(quietly(rest(pathAndQuery, token).GET().build()), refreshable));
  }

  /** A GET on the unversioned {@code /v2} API ({@code userinfo}). */
  JsonNode getV2(String path, String token) throws NetworkFailure {
    var req = OutboundHttp.request(URI.create(api + "/v2/" + path)).header("Authorization", "Bearer " + token).GET().build();
    return read(ok(quietly(req), false));
  }

  /** {@code PUT} of bytes to an upload URL LinkedIn gave; returns the answer (its {@code ETag} for a video part). */
  HttpResponse<byte[]> put(String uploadUrl, String token, String contentType, HttpRequest.BodyPublisher bytes, boolean refreshable)
      throws NetworkFailure {
    URI uri;
    try {
      uri = URI.create(uploadUrl);
    } catch (IllegalArgumentException e) {
      throw new NetworkFailure.Unavailable("LinkedIn gave an unreadable upload URL");
    }
    if (!"https".equals(uri.getScheme()) && !uploadUrl.startsWith(api + "/")) {
      throw new NetworkFailure.Rejected("rejected", "LinkedIn gave an upload URL that is not https");
    }
    var req = OutboundHttp.request(uri).timeout(Duration.ofMinutes(5))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", contentType)
        .PUT(bytes).build();
    return ok(quietly(req), refreshable);
  }

  void delete(String path, String token, boolean refreshable) throws NetworkFailure {
    var req = rest(path, token).header("X-RestLi-Method", "DELETE").DELETE().build();
    ok(NetworkCalls.send(http, req, "LinkedIn"), refreshable);
  }

  /** {@code POST /oauth/v2/accessToken} with form fields; LinkedIn's OAuth error as a failure. */
  JsonNode token(Map<String, String> form) throws NetworkFailure {
    var req = OutboundHttp.request(URI.create(login + "/accessToken"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(form))).build();
    var r = quietly(req);
    JsonNode body = readOrNull(r);
    if (r.statusCode() >= 200 && r.statusCode() < 300 && body != null) {
      return body;
    }
    if (r.statusCode() >= 500) {
      throw new NetworkFailure.Unavailable("LinkedIn's token endpoint answered HTTP " + r.statusCode());
    }
    String error = body == null ? "" : body.path("error").asString("");
    String description = body == null ? "" : body.path("error_description").asString("");
    String said = "LinkedIn: " + (error.isEmpty() ? "HTTP " + r.statusCode() : error) + (description.isEmpty() ? "" : " (" + description + ")");
    if ("invalid_client".equals(error) || "unauthorized_client".equals(error)) {
      throw new NetworkFailure.Rejected("client_refused",
          said + "; check OCTOPOST_NETWORKS_LINKEDIN_CLIENT_ID and OCTOPOST_NETWORKS_LINKEDIN_CLIENT_SECRET");
    }
    throw new NetworkFailure.AccessRevoked(said);
  }

  private HttpResponse<byte[]> quietly(HttpRequest req) throws NetworkFailure {
    try {
      return NetworkCalls.send(http, req, "LinkedIn");
    } catch (NetworkFailure.OutcomeUnknown e) {
      throw new NetworkFailure.Unavailable(e.getMessage());
    }
  }

  /** The answer when 2xx, else the classified failure (networks.md 4.6). */
  HttpResponse<byte[]> ok(HttpResponse<byte[]> r, boolean refreshable) throws NetworkFailure {
    int status = r.statusCode();
    if (status >= 200 && status < 300) {
      return r;
    }
    JsonNode body = readOrNull(r);
    String code = body == null ? "" : body.path("code").asString("");
    int service = body == null ? 0 : body.path("serviceErrorCode").asInt(0);
    String message = body == null ? "" : body.path("message").asString("");
    if (message.isBlank()) {
      message = "HTTP " + status + (body == null ? ": " + OutboundHttp.excerpt(r) : "");
    }
    String said = "LinkedIn: " + message + (code.isEmpty() ? "" : " (" + code + ")");
    if (status == 401) {
      if ("REVOKED_ACCESS_TOKEN".equals(code) || service == 65601) {
        return fail(new NetworkFailure.AccessRevoked(said + "; the member revoked Octopost's access: reconnect the account"));
      }
      return fail(refreshable ? new NetworkFailure.CredentialsExpired(said)
          : new NetworkFailure.AccessRevoked(said + "; LinkedIn tokens last 60 days and this app has no refresh token: reconnect the account"));
    }
    if (status == 429) {
      Instant now = clock.instant();
      Instant after = NetworkCalls.retryAfter(r, now);
      return fail(new NetworkFailure.RateLimited(said + "; LinkedIn's daily limits reset at midnight UTC",
          after != null ? after : nextMidnightUtc(now)));
    }
    if (status >= 500) {
      return fail(new NetworkFailure.Unavailable(said));
    }
    if (status == 403) {
      return fail(new NetworkFailure.Rejected("access_denied", said
          + "; the account lacks the permission or role for this (reconnect granting every scope, or ask for a page admin role)"));
    }
    if (status == 404) {
      return fail(new NetworkFailure.Rejected("not_found", said));
    }
    if (message.toLowerCase(Locale.ROOT).contains("duplicate")) {
      return fail(new NetworkFailure.Rejected("duplicate_content", said));
    }
    return fail(new NetworkFailure.Rejected("rejected", said));
  }

  private static HttpResponse<byte[]> fail(NetworkFailure f) throws NetworkFailure {
    throw f;
  }

  static Instant nextMidnightUtc(Instant now) {
    return LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  JsonNode read(HttpResponse<byte[]> r) throws NetworkFailure {
    if (r.body() == null || r.body().length == 0) {
      return json.createObjectNode();
    }
    JsonNode n = readOrNull(r);
    if (n == null) {
      throw new NetworkFailure.Unavailable("LinkedIn answered something that is not JSON");
    }
    return n;
  }

  private JsonNode readOrNull(HttpResponse<byte[]> r) {
    try {
      return r.body() == null || r.body().length == 0 ? null : json.readTree(r.body());
    } catch (RuntimeException notJson) {
      return null;
    }
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

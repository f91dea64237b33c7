package ink.octopost.networks.slack;

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
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Web API methods Octopost calls with a bot token, and the classification of their errors
 * (networks.md 11.4): errors arrive as HTTP 200 with {@code "ok": false}, rate limits as 429 with
 * {@code Retry-After}.
 */
final class SlackApi {

  /** Bot ({@code xoxb-}) and user ({@code xoxp-}) tokens; checked so a token can never break a header. */
  static final Pattern TOKEN = Pattern.compile("xox[abpe]-[A-Za-z0-9-]{8,250}");

  /** The token is wrong, revoked or lacks what it needs: a human has to reconnect. */
  private static final Set<String> REAUTH = Set.of("invalid_auth", "not_authed", "token_revoked", "token_expired",
      "account_inactive", "missing_scope", "no_permission", "not_allowed_token_type", "two_factor_setup_required",
      "org_login_required", "team_access_not_granted");
  private static final Set<String> TRANSIENT = Set.of("internal_error", "fatal_error", "service_unavailable",
      "request_timeout", "team_added_to_org");
  /** What Slack's terse codes mean for the person reading the error. */
  private static final Map<String, String> HINTS = Map.of(
      "channel_not_found", "the channel does not exist or the app cannot see it",
      "not_in_channel", "invite the app to the channel (/invite @app) or grant chat:write.public",
      "is_archived", "the channel is archived",
      "msg_too_long", "the message is too long",
      "no_text", "the message has no text",
      "restricted_action", "a workspace setting prevents the app from posting there",
      "alt_txt_too_large", "alt text is limited to 1000 characters",
      "missing_scope", "the app lacks a scope it needs (chat:write, files:write)");
  /** Slack's tiers are per minute: without a hint, wait that long. */
  private static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);
  private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(10);

  private final OutboundHttp http;
  private final JsonMapper json;
  private final Clock clock;
  private final String base;

  SlackApi(OutboundHttp http, JsonMapper json, Clock clock, String base) {
    this.http = http;
    this.json = json;
    this.clock = clock;
    this.base = base;
  }

  /** A method whose arguments are a form (the read methods and the upload URL accept only that). */
  JsonNode form(String token, String method, Map<String, String> args) throws NetworkFailure {
    return ok(NetworkCalls.send(http, formRequest(token, method, args), "Slack"));
  }

  /** What auth.test says about a token, and the scopes Slack reports for it (null when it does not say). */
  record Auth(JsonNode body, Set<String> scopes) {}

  Auth authTest(String token) throws NetworkFailure {
    var r = NetworkCalls.send(http, formRequest(token, "auth.test", Map.of()), "Slack");
    JsonNode body = ok(r);
    Set<String> scopes = r.headers().firstValue("x-oauth-scopes")
        .map(h -> Set.of(h.replace(" ", "").split(","))).orElse(null);
    return new Auth(body, scopes);
  }

  private HttpRequest formRequest(String token, String method, Map<String, String> args) {
    String body = args.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
    return OutboundHttp.request(URI.create(base + "/" + method))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build();
  }

  /** A method with a JSON body (chat.postMessage, chat.delete, files.completeUploadExternal). */
  JsonNode json(String token, String method, Map<String, Object> args) throws NetworkFailure {
    var req = OutboundHttp.request(URI.create(base + "/" + method))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(args)))
        .build();
    return ok(NetworkCalls.send(http, req, "Slack"));
  }

  /**
   * POSTs the bytes to the upload URL {@code files.getUploadURLExternal} handed out. It is
   * pre-signed: the bot token is not sent there.
   */
  void uploadBytes(String uploadUrl, byte[] bytes) throws NetworkFailure {
    URI uri;
    try {
      uri = URI.create(uploadUrl);
    } catch (IllegalArgumentException e) {
      throw new NetworkFailure.Unavailable("Slack handed out an upload URL that is not one");
    }
    var req = OutboundHttp.request(uri)
        .timeout(UPLOAD_TIMEOUT)
        .header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
        .build();
    var r = NetworkCalls.send(http, req, "Slack");
    if (r.statusCode() == 429) {
      throw new NetworkFailure.RateLimited("Slack rate limit on the file upload", retryAt(r));
    }
    if (r.statusCode() >= 500) {
      throw new NetworkFailure.Unavailable("Slack's file upload answered " + r.statusCode());
    }
    if (r.statusCode() != 200) {
      throw new NetworkFailure.Rejected("media_rejected", "Slack refused the file upload: HTTP " + r.statusCode() + " "
          + OutboundHttp.excerpt(r));
    }
  }

  private JsonNode ok(HttpResponse<byte[]> r) throws NetworkFailure {
    int status = r.statusCode();
    if (status == 429) {
      throw new NetworkFailure.RateLimited("Slack rate limit: " + errorOf(r), retryAt(r));
    }
    if (status >= 500) {
      throw new NetworkFailure.Unavailable("Slack answered " + status + ": " + errorOf(r));
    }
    JsonNode body = parse(r);
    if (body == null) {
      throw new NetworkFailure.Rejected("rejected", "Slack answered " + status + ": " + OutboundHttp.excerpt(r));
    }
    if (body.path("ok").asBoolean(false)) {
      return body;
    }
    String error = body.path("error").asString("unknown_error");
    String message = "Slack: " + error + (HINTS.containsKey(error) ? " (" + HINTS.get(error) + ")" : "");
    if (error.equals("ratelimited")) {
      throw new NetworkFailure.RateLimited(message, retryAt(r));
    }
    if (REAUTH.contains(error)) {
      throw new NetworkFailure.AccessRevoked(message);
    }
    if (TRANSIENT.contains(error)) {
      throw new NetworkFailure.Unavailable(message);
    }
    throw new NetworkFailure.Rejected("rejected", message);
  }

  private Instant retryAt(HttpResponse<byte[]> r) {
    Instant now = clock.instant();
    Instant at = NetworkCalls.retryAfter(r, now);
    return at != null ? at : now.plus(DEFAULT_WAIT);
  }

  private String errorOf(HttpResponse<byte[]> r) {
    JsonNode body = parse(r);
    return body != null && body.has("error") ? body.path("error").asString() : OutboundHttp.excerpt(r);
  }

  private JsonNode parse(HttpResponse<byte[]> r) {
    try {
      JsonNode node = json.readTree(r.body());
      return node != null && node.isObject() ? node : null;
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}

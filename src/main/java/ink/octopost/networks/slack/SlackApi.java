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

  /**
   * Bot ({@code xoxb-}) and user ({@code xoxp-}) tokens, and their expiring kind with rotation on
   * ({@code xoxe.xoxb-}); checked so a token can never break a header.
   */
  static final Pattern TOKEN = Pattern.compile("(?:xoxe\\.)?xox[abpe]-[A-Za-z0-9-]{8,250}");

  /** With rotation on, an expired token answers these: one refresh may bring it back (networks.md 11.1, 11.4). */
  private static final Set<String> EXPIRED = Set.of("token_expired", "invalid_auth");

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
    return ok(NetworkCalls.send(http, formRequest(token, method, args), "Slack"), token);
  }

  /**
   * {@code oauth.v2.access}, authenticated by the app's client id and secret in the form: its
   * answer whether Slack granted it or not ({@code ok}, {@code error}), so the caller can tell a
   * refused grant from anything else. Rate limits, 5xx and an answer that is not JSON throw.
   */
  JsonNode oauthAccess(Map<String, String> form) throws NetworkFailure {
    var r = NetworkCalls.send(http, formRequest(null, "oauth.v2.access", form), "Slack");
    refuseIfBusy(r, "oauth.v2.access");
    JsonNode answer = parse(r);
    if (answer == null) {
      throw new NetworkFailure.Rejected("rejected", "Slack's oauth.v2.access answered " + r.statusCode() + ": "
          + OutboundHttp.excerpt(r));
    }
    return answer;
  }

  /** What auth.test says about a token, and the scopes Slack reports for it (null when it does not say). */
  record Auth(JsonNode body, Set<String> scopes) {}

  Auth authTest(String token) throws NetworkFailure {
    var r = NetworkCalls.send(http, formRequest(token, "auth.test", Map.of()), "Slack");
    JsonNode body = ok(r, token);
    Set<String> scopes = r.headers().firstValue("x-oauth-scopes")
        .map(h -> Set.of(h.replace(" ", "").split(","))).orElse(null);
    return new Auth(body, scopes);
  }

  /** A form POST to a method, with the bearer token unless it is null (oauth.v2.access takes the app's credentials). */
  private HttpRequest formRequest(String token, String method, Map<String, String> args) {
    String body = args.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
    var request = OutboundHttp.request(URI.create(base + "/" + method));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request.header("Content-Type", "application/x-www-form-urlencoded")
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
    return ok(NetworkCalls.send(http, req, "Slack"), token);
  }

  /**
   * POSTs the file, streamed, to the upload URL {@code files.getUploadURLExternal} handed out. It is
   * pre-signed: the bot token is not sent there.
   */
  void uploadBytes(String uploadUrl, ink.octopost.networks.MediaFile file) throws NetworkFailure {
    URI uri;
    try {
      uri = URI.create(uploadUrl);
    } catch (IllegalArgumentException e) {
      throw new NetworkFailure.Unavailable("Slack handed out an upload URL that is not one");
    }
    var req = OutboundHttp.request(uri)
        .timeout(UPLOAD_TIMEOUT)
        .header("Content-Type", "application/octet-stream")
        .POST(file.bodyPublisher()) // streamed from the store, with its Content-Length
        .build();
    var r = NetworkCalls.send(http, req, "Slack");
    refuseIfBusy(r, "the file upload");
    if (r.statusCode() != 200) {
      throw new NetworkFailure.Rejected("media_rejected", "Slack refused the file upload: HTTP " + r.statusCode() + " "
          + OutboundHttp.excerpt(r));
    }
  }

  /** Outside the Web API's envelope (uploads, OAuth): 429 waits for Retry-After, 5xx is transient. */
  private void refuseIfBusy(HttpResponse<byte[]> r, String what) throws NetworkFailure {
    if (r.statusCode() == 429) {
      throw new NetworkFailure.RateLimited("Slack rate limit on " + what, retryAt(r));
    }
    if (r.statusCode() >= 500) {
      throw new NetworkFailure.Unavailable("Slack answered " + r.statusCode() + " to " + what);
    }
  }

  private JsonNode ok(HttpResponse<byte[]> r, String token) throws NetworkFailure {
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
    if (EXPIRED.contains(error) && SlackTokens.rotating(token)) {
      throw new NetworkFailure.CredentialsExpired(message);
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

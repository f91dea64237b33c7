package ink.octopost.networks.telegram;

import ink.octopost.networks.Multipart;
import ink.octopost.networks.NetworkCalls;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.shared.OutboundHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Bot API methods Octopost calls, and the classification of their errors (networks.md 12.4).
 * The bot token is part of every URL, so no URL built here may ever reach a log or a message.
 */
final class TelegramApi {

  /** What @BotFather hands out: the bot's numeric id, a colon, and the secret. */
  static final Pattern TOKEN = Pattern.compile("\\d{1,20}:[A-Za-z0-9_-]{20,100}");

  private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(5);

  private final OutboundHttp http;
  private final JsonMapper json;
  private final Clock clock;
  private final String base;

  TelegramApi(OutboundHttp http, JsonMapper json, Clock clock, String base) {
    this.http = http;
    this.json = json;
    this.clock = clock;
    this.base = base;
  }

  /** A method with JSON parameters; returns the envelope's {@code result}. */
  JsonNode call(String token, String method, Map<String, Object> params) throws NetworkFailure {
    var req = OutboundHttp.request(uri(token, method))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(params)))
        .build();
    return result(NetworkCalls.send(http, req, "Telegram"));
  }

  /** A method with uploaded files ({@code multipart/form-data}); returns the envelope's {@code result}. */
  JsonNode upload(String token, String method, Multipart form) throws NetworkFailure {
    var req = OutboundHttp.request(uri(token, method))
        .timeout(UPLOAD_TIMEOUT)
        .header("Content-Type", form.contentType())
        .POST(form.body())
        .build();
    return result(NetworkCalls.send(http, req, "Telegram"));
  }

  String toJson(Object value) {
    return json.writeValueAsString(value);
  }

  private URI uri(String token, String method) throws NetworkFailure {
    // Checked here as well as at connect: a stored token that is not one must never reach URI.create,
    // whose error message would quote it.
    if (token == null || !TOKEN.matcher(token).matches()) {
      throw new NetworkFailure.AccessRevoked("The stored Telegram bot token is not a valid token; reconnect the account");
    }
    return URI.create(base + "/bot" + token + "/" + method);
  }

  /** The {@code ok/result} envelope, or its {@code ok:false} classified. */
  private JsonNode result(HttpResponse<byte[]> r) throws NetworkFailure {
    int status = r.statusCode();
    JsonNode body = parse(r);
    if (body != null && body.path("ok").asBoolean(false) && status < 300) {
      return body.path("result");
    }
    int code = body == null ? status : body.path("error_code").asInt(status);
    String description = body == null ? OutboundHttp.excerpt(r) : body.path("description").asString("HTTP " + status);
    JsonNode parameters = body == null ? null : body.path("parameters");
    if (code == 429 || status == 429 || (parameters != null && parameters.has("retry_after"))) {
      throw new NetworkFailure.RateLimited("Telegram: " + description, retryAt(r, parameters));
    }
    if (parameters != null && parameters.has("migrate_to_chat_id")) {
      // The group became a supergroup with a new id: every later post would fail the same way
      // until the account is connected again with that id.
      String newId = parameters.path("migrate_to_chat_id").asString();
      throw new NetworkFailure.AccessRevoked("Telegram: the group was upgraded to a supergroup with chat id " + newId
          + "; reconnect the account with chat_id " + newId);
    }
    if (code == 401 || code == 404) {
      throw new NetworkFailure.AccessRevoked("Telegram: " + description
          + " (the bot token is wrong or was revoked in @BotFather)");
    }
    if (code >= 500 || status >= 500) {
      throw new NetworkFailure.Unavailable("Telegram answered " + status + ": " + description);
    }
    throw new NetworkFailure.Rejected("rejected", "Telegram: " + description);
  }

  private Instant retryAt(HttpResponse<byte[]> r, JsonNode parameters) {
    Instant now = clock.instant();
    if (parameters != null && parameters.has("retry_after")) {
      return now.plusSeconds(parameters.path("retry_after").asLong(1));
    }
    Instant header = NetworkCalls.retryAfter(r, now);
    return header != null ? header : now.plusSeconds(1);
  }

  private JsonNode parse(HttpResponse<byte[]> r) {
    try {
      JsonNode node = json.readTree(r.body());
      return node != null && node.isObject() ? node : null;
    } catch (RuntimeException notJson) {
      return null; // a proxy's HTML page: classified by the status alone
    }
  }
}

package ink.octopost.networks.discord;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The webhook calls Octopost makes, and the classification of Discord's errors (networks.md
 * 10.4). The webhook token is in every URL, so no URL built here reaches a log or a message.
 */
final class DiscordApi {

  /** The API version Octopost speaks; without one in the path Discord falls back to an old default. */
  private static final String VERSION = "/v10";
  private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(5);
  /** Unknown Message: deleting what is already gone. */
  static final int UNKNOWN_MESSAGE = 10008;

  private final OutboundHttp http;
  private final JsonMapper json;
  private final Clock clock;
  private final String base;

  DiscordApi(OutboundHttp http, JsonMapper json, Clock clock, String base) {
    this.http = http;
    this.json = json;
    this.clock = clock;
    this.base = base;
  }

  /** A webhook's id and token: together they are the credential. */
  record Webhook(String id, String token) {
    @Override
    public String toString() { // never print the token
      return "Webhook[" + id + "]";
    }
  }

  JsonNode webhook(Webhook hook) throws NetworkFailure {
    var req = OutboundHttp.request(uri(hook, "")).GET().build();
    return ok(NetworkCalls.send(http, req, "Discord"));
  }

  /** Executes the webhook with {@code wait=true}, which makes Discord answer with the message it saved. */
  JsonNode execute(Webhook hook, Map<String, Object> payload) throws NetworkFailure {
    var req = OutboundHttp.request(uri(hook, "?wait=true"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(payload)))
        .build();
    return ok(NetworkCalls.send(http, req, "Discord"));
  }

  /** Executes the webhook with files: {@code files[n]} parts next to {@code payload_json}. */
  JsonNode execute(Webhook hook, Map<String, Object> payload, List<Upload> files) throws NetworkFailure {
    var form = new Multipart().field("payload_json", json.writeValueAsString(payload));
    for (int i = 0; i < files.size(); i++) {
      var f = files.get(i);
      form.file("files[" + i + "]", f.fileName(), f.mimeType(), f.file());
    }
    var req = OutboundHttp.request(uri(hook, "?wait=true"))
        .timeout(UPLOAD_TIMEOUT)
        .header("Content-Type", form.contentType())
        .POST(form.body())
        .build();
    return ok(NetworkCalls.send(http, req, "Discord"));
  }

  /** A file part: its bytes are streamed from {@code file} when the request is sent. */
  record Upload(String fileName, String mimeType, ink.octopost.networks.MediaFile file) {}

  /** DELETE .../messages/{id}; a message that is already gone counts as deleted. */
  void deleteMessage(Webhook hook, String messageId) throws NetworkFailure {
    if (!messageId.matches("\\d{1,20}")) {
      throw new NetworkFailure.Rejected("not_found", "Discord: " + messageId + " is not a message id");
    }
    var req = OutboundHttp.request(uri(hook, "/messages/" + messageId)).DELETE().build();
    var r = NetworkCalls.send(http, req, "Discord");
    if (r.statusCode() == 404 && code(parse(r)) == UNKNOWN_MESSAGE) {
      return;
    }
    ok(r);
  }

  private URI uri(Webhook hook, String suffix) {
    return URI.create(base + VERSION + "/webhooks/" + hook.id() + "/" + hook.token() + suffix);
  }

  private JsonNode ok(HttpResponse<byte[]> r) throws NetworkFailure {
    int status = r.statusCode();
    JsonNode body = parse(r);
    if (status >= 200 && status < 300) {
      return body == null ? json.createObjectNode() : body;
    }
    String error = describe(r, body);
    switch (status) {
      case 401, 404 -> throw new NetworkFailure.AccessRevoked("Discord: " + error
          + " (the webhook was deleted or its URL is wrong; connect a new webhook)");
      case 429 -> throw new NetworkFailure.RateLimited("Discord rate limit: " + error, retryAt(r, body));
      default -> {
        if (status >= 500) {
          throw new NetworkFailure.Unavailable("Discord answered " + status + ": " + error);
        }
        throw new NetworkFailure.Rejected(status == 413 ? "media_too_large" : "rejected", "Discord: " + error);
      }
    }
  }

  /** The body's {@code retry_after} (seconds, with decimals), else the headers Discord sends with it. */
  private Instant retryAt(HttpResponse<byte[]> r, JsonNode body) {
    Instant now = clock.instant();
    if (body != null && body.path("retry_after").isNumber()) {
      return now.plusMillis((long) Math.ceil(body.path("retry_after").asDouble() * 1000));
    }
    var resetAfter = r.headers().firstValue("X-RateLimit-Reset-After");
    if (resetAfter.isPresent()) {
      try {
        return now.plusMillis((long) Math.ceil(Double.parseDouble(resetAfter.get()) * 1000));
      } catch (NumberFormatException ignored) {
        // fall back to Retry-After
      }
    }
    Instant retryAfter = NetworkCalls.retryAfter(r, now);
    return retryAfter != null ? retryAfter : now.plusSeconds(1);
  }

  /** {@code message (code)} and, for 50035 Invalid Form Body, each field's first complaint. */
  private static String describe(HttpResponse<byte[]> r, JsonNode body) {
    if (body == null || !body.has("message")) {
      return "HTTP " + r.statusCode() + " " + OutboundHttp.excerpt(r);
    }
    var out = new StringBuilder(body.path("message").asString());
    if (body.has("code")) {
      out.append(" (").append(body.path("code").asInt()).append(")");
    }
    var fields = new ArrayList<String>();
    collect(body.path("errors"), "", fields);
    if (!fields.isEmpty()) {
      out.append(": ").append(String.join("; ", fields));
    }
    return out.toString();
  }

  /** Walks the nested {@code errors} object down to its {@code _errors} lists. */
  private static void collect(JsonNode node, String path, List<String> out) {
    if (node == null || !node.isObject() || out.size() >= 5) {
      return;
    }
    for (var e : node.properties()) {
      if (e.getKey().equals("_errors")) {
        for (JsonNode err : e.getValue()) {
          out.add((path.isEmpty() ? "" : path + ": ") + err.path("message").asString());
        }
      } else {
        collect(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out);
      }
    }
  }

  private static int code(JsonNode body) {
    return body == null ? 0 : body.path("code").asInt(0);
  }

  private JsonNode parse(HttpResponse<byte[]> r) {
    if (r.body().length == 0) {
      return null;
    }
    try {
      JsonNode node = json.readTree(r.body());
      return node != null && node.isObject() ? node : null;
    } catch (RuntimeException notJson) {
      return null; // Cloudflare's HTML: classified by the status alone
    }
  }
}

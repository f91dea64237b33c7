package ink.octopost.networks.slack;

import ink.octopost.networks.NetworkCalls;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.shared.OutboundHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * Incoming webhooks ({@code POST https://hooks.slack.com/services/T.../B.../secret}): bound to one
 * channel, answering with real HTTP statuses and a plain-text body (networks.md 11.2, 11.4). The
 * URL is the credential, so it is never logged or quoted.
 */
final class SlackWebhook {

  private static final Pattern PATH = Pattern.compile("/services/(T[A-Z0-9]{2,20})/(B[A-Z0-9]{2,20})/([A-Za-z0-9]{8,64})/?");

  /**
   * What a live webhook answers to a payload without text: it read the request and refused it. A
   * removed one answers 404/410 ({@code no_service}, {@code no_team}) or 403 before reading it.
   */
  private static final Set<String> ALIVE = Set.of("no_text", "invalid_payload", "missing_text_or_fallback_or_attachments");

  private static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);

  private final OutboundHttp http;
  private final JsonMapper json;
  private final Clock clock;
  private final String base;

  SlackWebhook(OutboundHttp http, JsonMapper json, Clock clock, String base) {
    this.http = http;
    this.json = json;
    this.clock = clock;
    this.base = base;
  }

  /** A webhook's workspace, id and secret; only the secret is secret. */
  record Hook(String team, String id, String secret) {
    String path() {
      return "/services/" + team + "/" + id + "/" + secret;
    }

    @Override
    public String toString() {
      return "Hook[" + team + "/" + id + "]";
    }
  }

  /** The parts of a webhook URL under the configured hooks base; the message never quotes the URL. */
  Hook parse(String url) {
    String u = url == null ? "" : url.strip();
    if (u.startsWith(base)) {
      var m = PATH.matcher(u.substring(base.length()));
      if (m.matches()) {
        return new Hook(m.group(1), m.group(2), m.group(3));
      }
    }
    throw new IllegalArgumentException("webhook_url must be a Slack incoming webhook URL: " + base
        + "/services/T.../B.../..., as the app's Incoming Webhooks page gives it");
  }

  static Hook stored(String path) {
    var m = path == null ? null : PATH.matcher(path);
    return m != null && m.matches() ? new Hook(m.group(1), m.group(2), m.group(3)) : null;
  }

  /** Webhooks cannot be read: a payload without text tells a live one from a removed one without posting. */
  void verify(Hook hook) throws NetworkFailure {
    var r = send(hook, Map.of());
    if (r.statusCode() == 400 && ALIVE.contains(text(r))) {
      return;
    }
    classify(r);
  }

  void post(Hook hook, String text) throws NetworkFailure {
    classify(send(hook, Map.of("text", text)));
  }

  private HttpResponse<byte[]> send(Hook hook, Map<String, Object> payload) throws NetworkFailure {
    var req = OutboundHttp.request(URI.create(base + hook.path()))
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(payload)))
        .build();
    return NetworkCalls.send(http, req, "Slack");
  }

  private void classify(HttpResponse<byte[]> r) throws NetworkFailure {
    int status = r.statusCode();
    if (status >= 200 && status < 300) {
      return;
    }
    String error = text(r);
    if (status == 429) {
      Instant now = clock.instant();
      Instant at = NetworkCalls.retryAfter(r, now);
      throw new NetworkFailure.RateLimited("Slack webhook rate limit: " + error, at != null ? at : now.plus(DEFAULT_WAIT));
    }
    if (status >= 500) {
      throw new NetworkFailure.Unavailable("Slack webhook answered " + status + ": " + error);
    }
    if (status == 404 || status == 410 || (status == 403 && !error.equals("action_prohibited"))) {
      throw new NetworkFailure.AccessRevoked("Slack webhook: " + error
          + " (the webhook was removed, or its channel deleted or archived; connect a new webhook)");
    }
    throw new NetworkFailure.Rejected("rejected", "Slack webhook: " + error);
  }

  private static String text(HttpResponse<byte[]> r) {
    String s = new String(r.body(), StandardCharsets.UTF_8).strip();
    return s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }
}

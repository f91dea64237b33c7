package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * {@link FakeSlack}'s incoming webhooks under {@code /services/T/B/secret} (networks.md 11.2,
 * 11.4): plain-text answers with real statuses ({@code ok}, 400 {@code no_text}/{@code
 * invalid_payload}, 403 {@code invalid_token}, 404 {@code no_service}/{@code no_team}, 410 {@code
 * channel_is_archived}).
 */
final class FakeSlackHooks {

  private record Hook(String id, String secret, String channel) {}

  private final FakeSlack slack;
  private final Map<String, Hook> hooks = new ConcurrentHashMap<>();

  FakeSlackHooks(FakeSlack slack) {
    this.slack = slack;
  }

  String install(String channelId) {
    var hook = new Hook("B" + slack.next(), UUID.randomUUID().toString().replace("-", "").substring(0, 24), channelId);
    hooks.put(hook.id(), hook);
    return slack.origin() + "/services/" + FakeSlack.TEAM_ID + "/" + hook.id() + "/" + hook.secret();
  }

  void remove(String url) {
    hooks.values().removeIf(h -> url.endsWith("/" + h.id() + "/" + h.secret()));
  }

  void handle(HttpExchange ex) throws IOException {
    String[] parts = ex.getRequestURI().getPath().split("/");
    byte[] body = ex.getRequestBody().readAllBytes();
    Hook hook = parts.length == 5 ? hooks.get(parts[3]) : null;
    if (hook == null || !hook.secret().equals(parts[4]) || !ex.getRequestMethod().equals("POST")) {
      LoopbackHttp.plain(ex, 404, "no_service");
      return;
    }
    if (!parts[2].equals(FakeSlack.TEAM_ID)) {
      LoopbackHttp.plain(ex, 404, "no_team");
      return;
    }
    JsonNode payload;
    try {
      payload = LoopbackHttp.JSON.readTree(body);
    } catch (RuntimeException e) {
      LoopbackHttp.plain(ex, 400, "invalid_payload");
      return;
    }
    if (payload == null || !payload.isObject()) {
      LoopbackHttp.plain(ex, 400, "invalid_payload");
      return;
    }
    String text = payload.path("text").asString("");
    if (text.isBlank() && !payload.has("blocks")) {
      LoopbackHttp.plain(ex, 400, "no_text");
      return;
    }
    slack.countPublishCall();
    FakeNetwork.Fault fault = slack.nextFault();
    if (fault == FakeNetwork.Fault.REVOKED) {
      LoopbackHttp.plain(ex, 403, "invalid_token");
      return;
    }
    if (fault == FakeNetwork.Fault.RATE_LIMITED) {
      ex.getResponseHeaders().add("Retry-After", String.valueOf(slack.retryAfterSeconds()));
      LoopbackHttp.plain(ex, 429, "rate_limited");
      return;
    }
    if (fault == FakeNetwork.Fault.SERVER_ERROR) {
      LoopbackHttp.plain(ex, 500, "rollup_error");
      return;
    }
    if (slack.channelOf(hook.channel()).archived()) {
      LoopbackHttp.plain(ex, 410, "channel_is_archived");
      return;
    }
    slack.store(new FakeSlack.Message(hook.channel(), slack.ts(), hook.id(), text, null, List.of()));
    if (fault == FakeNetwork.Fault.DROP_AFTER_SEND) {
      ex.close();
      return;
    }
    LoopbackHttp.plain(ex, 200, "ok");
  }
}

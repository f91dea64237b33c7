package ink.octopost.webhooks;

import static ink.octopost.webhooks.WebhookNode.register;
import static ink.octopost.webhooks.WebhookNode.until;
import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.accounts.AccountService;
import ink.octopost.accounts.Connection;
import ink.octopost.networks.Platform;
import ink.octopost.testing.Nodes;
import ink.octopost.testing.TestDatabase;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Deliveries are rows: a node that stops mid-retry leaves them for the next one. */
class WebhookRestartTest {

  @Test
  void aDeliveryBeingRetried_succeedsOnTheNextNode_withTheSameWebhookId() {
    String db = TestDatabase.newDatabase("webhooks_restart");
    try (var receiver = new Receiver()) {
      receiver.otherwise("/hook", new Receiver.Answer(500, 0));
      String secret;
      String webhookId;
      String key;
      try (var first = Nodes.start(db, WebhookNode.settings())) {
        var tenant = WebhookNode.tenant(first);
        key = tenant.key();
        var wh = register(first.api(), key, receiver.url("/hook"), "account.connected");
        secret = wh.path("secret").asString();
        webhookId = wh.path("id").asString();
        first.bean(AccountService.class).connect(new Connection(tenant.workspaceId(), false, Platform.TWITTER, "u1",
            "restart", "restart", null, null, Map.of("access_token", "t"), null));
        receiver.await("/hook", 2, Duration.ofSeconds(20));
      }
      int beforeRestart = receiver.hits("/hook").size();
      receiver.otherwise("/hook", new Receiver.Answer(200, 0));
      try (var second = Nodes.start(db, WebhookNode.settings())) {
        var hits = receiver.await("/hook", h -> h.size() > beforeRestart
            && h.getLast().headers().containsKey("webhook-id"), Duration.ofSeconds(20));
        assertThat(hits.stream().map(h -> h.header("webhook-id")).distinct()).hasSize(1);
        assertThat(hits).allMatch(h -> StandardWebhooks.verifies(secret, h));
        until("delivered", () -> second.api().get("/v1/webhooks/" + webhookId + "/deliveries", key).json()
            .path("deliveries").path(0).path("status").asString().equals("delivered"), Duration.ofSeconds(20));
        var d = second.api().get("/v1/webhooks/" + webhookId + "/deliveries", key).json().path("deliveries");
        assertThat(d.size()).isEqualTo(1);
        assertThat(d.get(0).path("attempts").asInt()).isEqualTo(hits.size());
        assertThat(d.get(0).path("response_status_code").asInt()).isEqualTo(200);
      }
    }
  }
}

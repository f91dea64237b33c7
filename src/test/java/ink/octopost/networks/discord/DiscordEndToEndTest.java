package ink.octopost.networks.discord;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.auth.ApiKeyService;
import ink.octopost.auth.KeyMode;
import ink.octopost.fakes.FakeDiscord;
import ink.octopost.fakes.FakeNetwork;
import ink.octopost.testing.Api;
import ink.octopost.testing.Nodes;
import ink.octopost.testing.TestDatabase;
import ink.octopost.workspaces.WorkspaceService;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Octopost posting into a Discord channel through a webhook (a local fake built from networks.md), end to end. */
class DiscordEndToEndTest {

  static Nodes.Node node;
  static FakeDiscord discord;
  String key;

  @BeforeAll
  static void start() throws Exception {
    discord = new FakeDiscord();
    node = Nodes.start(TestDatabase.newDatabase("discord"), Map.of(
        "octopost.outbound.allow-private-networks", "true",
        "octopost.engine.backoff-base", "PT0.2S",
        "octopost.networks.discord.base-url", discord.url()));
  }

  @AfterAll
  static void stop() {
    node.close();
    discord.close();
  }

  @BeforeEach
  void tenant() {
    key = node.tenantKey("dc");
  }

  private Api api() {
    return node.api();
  }

  private Api.Response connect(String webhookUrl) {
    return api().post("/v1/accounts", key, "{\"platform\": \"discord\", \"webhook_url\": \"" + webhookUrl + "\"}");
  }

  @Test
  void connect_readsTheWebhook_andStoresNothingOnRefusal() {
    var hook = discord.webhook("Releases", "333000000000000001", "444000000000000001");
    var wrongToken = connect(discord.url() + "/webhooks/" + hook.id() + "/not-the-right-token-at-all");
    assertThat(wrongToken.status()).isEqualTo(422);
    assertThat(wrongToken.json().path("error").asString()).contains("Invalid Webhook Token");
    var elsewhere = connect("https://example.com/api/webhooks/" + hook.id() + "/" + hook.token());
    assertThat(elsewhere.status()).isEqualTo(422);
    assertThat(elsewhere.text()).doesNotContain(hook.token());
    var gone = discord.webhook("Gone", "333000000000000002", "444000000000000001");
    discord.deleteWebhook(gone);
    var deleted = connect(discord.webhookUrl(gone));
    assertThat(deleted.status()).isEqualTo(422);
    assertThat(deleted.json().path("error").asString()).contains("Unknown Webhook");
    assertThat(api().get("/v1/accounts", key).json().path("accounts").size()).isZero();

    var ok = connect(discord.webhookUrl(hook));
    assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
    assertThat(ok.json().path("platform_user_id").asString()).isEqualTo(hook.id());
    assertThat(ok.json().path("username").asString()).isEqualTo("Releases");
    assertThat(api().get("/v1/accounts", key).text()).doesNotContain(hook.token());
  }

  @Test
  void aThread_isPublishedAsFollowUpMessages_andTheFirstIsLinked() {
    var hook = discord.webhook("Threads", "333000000000000003", "444000000000000002");
    assertThat(connect(discord.webhookUrl(hook)).status()).isEqualTo(201);
    var post = publishAndWait("""
        {"content": "1/ start", "platforms": ["discord"], "segments": [{"content": "2/ more"}, {"content": "3/ end"}]}""");
    assertThat(post.path("status").asString()).as(post.toString()).isEqualTo("published");
    var mine = discord.created().stream().filter(m -> m.webhookId().equals(hook.id())).toList();
    assertThat(mine).extracting(FakeDiscord.Message::content).containsExactly("1/ start", "2/ more", "3/ end");
    assertThat(post.path("platform_results").path("discord").path("post_url").asString())
        .isEqualTo("https://discord.com/channels/444000000000000002/333000000000000003/" + mine.getFirst().id());
  }

  @Test
  void rateLimited_isRetriedAfterDiscordsRetryAfter() {
    var hook = discord.webhook("Busy", "333000000000000004", "444000000000000002");
    assertThat(connect(discord.webhookUrl(hook)).status()).isEqualTo(201);
    discord.retryAfter(1.5).failNext(FakeNetwork.Fault.RATE_LIMITED);
    java.time.Instant before = java.time.Instant.now();
    var post = publishAndWait("{\"content\": \"later\", \"platforms\": [\"discord\"]}");
    assertThat(post.path("status").asString()).isEqualTo("published");
    // published_at has whole seconds: compare against the retry_after rounded down to one.
    assertThat(java.time.Instant.parse(post.path("published_at").asString()))
        .isAfterOrEqualTo(before.plusMillis(1400).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    assertThat(Duration.between(before, java.time.Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
  }

  @Test
  void aDeletedWebhook_needsReconnect() {
    var hook = discord.webhook("Doomed", "333000000000000005", "444000000000000002");
    var account = connect(discord.webhookUrl(hook));
    assertThat(account.status()).isEqualTo(201);
    discord.deleteWebhook(hook);
    var post = publishAndWait("{\"content\": \"nope\", \"platforms\": [\"discord\"]}");
    assertThat(post.path("targets").get(0).path("error_code").asString()).isEqualTo("account_needs_reconnect");
    assertThat(api().get("/v1/accounts/" + account.json().path("id").asString(), key).json().path("status").asString())
        .isEqualTo("needs_reconnect");
  }

  private JsonNode publishAndWait(String json) {
    return node.publishAndWait(key, json);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

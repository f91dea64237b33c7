package ink.octopost.networks.slack;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.auth.ApiKeyService;
import ink.octopost.auth.KeyMode;
import ink.octopost.fakes.FakeSlack;
import ink.octopost.fakes.MediaServer;
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

/** Octopost posting into Slack with a bot token and through an incoming webhook (a local fake built from networks.md), end to end. */
class SlackEndToEndTest {

  static final String TOKEN = "xoxb-2222-3333-endToEndToken";
  static final String ROTATING = "xoxe.xoxb-1-endToEndRotating";
  static final String DOOMED = "xoxe.xoxb-1-endToEndDoomed";

  static Nodes.Node node;
  static FakeSlack slack;
  static MediaServer media;
  String key;

  @BeforeAll
  static void start() throws Exception {
    slack = new FakeSlack().bot(TOKEN, "chat:write", "files:write").channel("C0E2E00001", "launches", false)
        .join(TOKEN, "C0E2E00001").channel("C0E2E00002", "hooked", false)
        .rotatingBot(ROTATING, "xoxe-1-e2eRefreshOne", "chat:write").join(ROTATING, "C0E2E00001")
        .rotatingBot(DOOMED, "xoxe-1-e2eRefreshTwo", "chat:write").join(DOOMED, "C0E2E00001");
    media = new MediaServer();
    node = Nodes.start(TestDatabase.newDatabase("slack"), Map.of(
        "octopost.outbound.allow-private-networks", "true",
        "octopost.engine.backoff-base", "PT0.2S",
        "octopost.networks.slack.base-url", slack.url(),
        "octopost.networks.slack.client-id", slack.auth().clientId(),
        "octopost.networks.slack.client-secret", slack.auth().clientSecret()));
  }

  @AfterAll
  static void stop() {
    node.close();
    slack.close();
    media.close();
  }

  @BeforeEach
  void tenant() {
    key = node.tenantKey("sl");
  }

  private Api api() {
    return node.api();
  }

  private Api.Response connect(String body) {
    return api().post("/v1/accounts", key, body);
  }

  @Test
  void connectWithABotToken_checksTokenAndChannel_andStoresNothingOnRefusal() {
    var wrong = connect("{\"platform\": \"slack\", \"bot_token\": \"xoxb-2222-3333-wrongToken\", \"channel\": \"C0E2E00001\"}");
    assertThat(wrong.status()).isEqualTo(422);
    assertThat(wrong.json().path("error").asString()).contains("invalid_auth");
    var noChannel = connect("{\"platform\": \"slack\", \"bot_token\": \"" + TOKEN + "\", \"channel\": \"C0MISSING\"}");
    assertThat(noChannel.status()).isEqualTo(422);
    assertThat(noChannel.json().path("error").asString()).contains("channel_not_found");
    assertThat(api().get("/v1/accounts", key).json().path("accounts").size()).isZero();

    var ok = connect("{\"platform\": \"slack\", \"bot_token\": \"" + TOKEN + "\", \"channel\": \"C0E2E00001\"}");
    assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
    assertThat(ok.json().path("platform_user_id").asString()).isEqualTo("C0E2E00001");
    assertThat(ok.json().path("username").asString()).isEqualTo("launches");
    assertThat(api().get("/v1/accounts", key).text()).doesNotContain(TOKEN);
  }

  @Test
  void connectWithAWebhook_probesIt_andStoresNothingOnRefusal() {
    String dead = slack.webhook("C0E2E00002");
    slack.removeWebhook(dead);
    var refused = connect("{\"platform\": \"slack\", \"webhook_url\": \"" + dead + "\"}");
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.json().path("error").asString()).contains("no_service");
    assertThat(refused.text()).doesNotContain(dead.substring(dead.lastIndexOf('/') + 1));
    assertThat(api().get("/v1/accounts", key).json().path("accounts").size()).isZero();

    String live = slack.webhook("C0E2E00002");
    var ok = connect("{\"platform\": \"slack\", \"webhook_url\": \"" + live + "\"}");
    assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
    assertThat(api().get("/v1/accounts", key).text()).doesNotContain(live.substring(live.lastIndexOf('/') + 1));
  }

  @Test
  void aThreadWithABotToken_repliesUnderTheFirstMessage_withAnImage() {
    assertThat(connect("{\"platform\": \"slack\", \"bot_token\": \"" + TOKEN + "\", \"channel\": \"C0E2E00001\"}").status())
        .isEqualTo(201);
    String png = media.serve("e2e.png", MediaServer.png(16, 16));
    var post = publishAndWait("""
        {"content": "1/ start", "platforms": ["slack"], "segments": [{"content": "2/ a picture",
         "media": {"images": [{"url": "%s", "alt_text": "a square"}]}}, {"content": "3/ end"}]}""".formatted(png));
    assertThat(post.path("status").asString()).as(post.toString()).isEqualTo("published");
    var mine = slack.created().stream().filter(m -> m.channel().equals("C0E2E00001")).toList();
    var thread = mine.subList(mine.size() - 3, mine.size());
    assertThat(thread).extracting(FakeSlack.Message::text).containsExactly("1/ start", "2/ a picture", "3/ end");
    assertThat(thread.get(0).threadTs()).isNull();
    assertThat(thread.get(1).threadTs()).isEqualTo(thread.get(0).ts());
    assertThat(thread.get(2).threadTs()).isEqualTo(thread.get(0).ts());
    assertThat(thread.get(1).files()).singleElement().extracting(FakeSlack.File::altTxt).isEqualTo("a square");
    assertThat(post.path("platform_results").path("slack").path("post_url").asString())
        .isEqualTo(FakeSlack.TEAM_URL + "archives/C0E2E00001/p" + thread.get(0).ts().replace(".", ""));
  }

  @Test
  void aThreadThroughAWebhook_isPostedInOrder() {
    String hook = slack.webhook("C0E2E00002");
    assertThat(connect("{\"platform\": \"slack\", \"webhook_url\": \"" + hook + "\"}").status()).isEqualTo(201);
    var post = publishAndWait("""
        {"content": "hook 1", "platforms": ["slack"], "segments": [{"content": "hook 2"}, {"content": "hook 3"}]}""");
    assertThat(post.path("status").asString()).as(post.toString()).isEqualTo("published");
    var mine = slack.created().stream().filter(m -> m.channel().equals("C0E2E00002")).toList();
    assertThat(mine.subList(mine.size() - 3, mine.size())).extracting(FakeSlack.Message::text)
        .containsExactly("hook 1", "hook 2", "hook 3");
  }

  @Test
  void aRotatingToken_isRefreshedWhenItExpires_andTheRotatedRefreshTokenIsKept() {
    var connected = connect("""
        {"platform": "slack", "bot_token": "%s", "channel": "C0E2E00001", "refresh_token": "xoxe-1-e2eRefreshOne",
         "expires_in": 43200}""".formatted(ROTATING));
    assertThat(connected.status()).as(connected.toString()).isEqualTo(201);
    assertThat(api().get("/v1/accounts", key).text()).doesNotContain("e2eRefreshOne").doesNotContain(ROTATING);
    int refreshes = slack.auth().refreshes();

    slack.auth().expire(ROTATING);
    var first = publishAndWait("{\"content\": \"after twelve hours\", \"platforms\": [\"slack\"]}");
    assertThat(first.path("status").asString()).as(first.toString()).isEqualTo("published");
    // Twelve more hours: only the refresh token stored by the first refresh can bring it back.
    slack.auth().expire(ROTATING);
    var second = publishAndWait("{\"content\": \"after a day\", \"platforms\": [\"slack\"]}");
    assertThat(second.path("status").asString()).as(second.toString()).isEqualTo("published");
    assertThat(slack.auth().refreshes() - refreshes).isEqualTo(2);
    assertThat(slack.created()).extracting(FakeSlack.Message::text).contains("after twelve hours", "after a day");
  }

  @Test
  void aRefreshSlackRefuses_needsAReconnect_andARotatingTokenNeedsItsRefreshToken() {
    var without = connect("{\"platform\": \"slack\", \"bot_token\": \"" + DOOMED + "\", \"channel\": \"C0E2E00001\"}");
    assertThat(without.status()).isEqualTo(422);
    assertThat(without.json().path("details").path("fields").get(0).path("message").asString()).contains("refresh_token");

    var connected = connect("""
        {"platform": "slack", "bot_token": "%s", "channel": "C0E2E00001", "refresh_token": "xoxe-1-e2eRefreshTwo"}"""
        .formatted(DOOMED));
    assertThat(connected.status()).as(connected.toString()).isEqualTo(201);
    slack.auth().revokeRefreshTokens(DOOMED).expire(DOOMED);
    var post = publishAndWait("{\"content\": \"too late\", \"platforms\": [\"slack\"]}");
    assertThat(post.path("status").asString()).isEqualTo("failed");
    assertThat(post.path("targets").get(0).path("error_code").asString()).isEqualTo("account_needs_reconnect");
    var account = api().get("/v1/accounts/" + connected.json().path("id").asString(), key).json();
    assertThat(account.path("status").asString()).isEqualTo("needs_reconnect");
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

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

  static Nodes.Node node;
  static FakeSlack slack;
  static MediaServer media;
  String key;

  @BeforeAll
  static void start() throws Exception {
    slack = new FakeSlack().bot(TOKEN, "chat:write", "files:write").channel("C0E2E00001", "launches", false)
        .join(TOKEN, "C0E2E00001").channel("C0E2E00002", "hooked", false);
    media = new MediaServer();
    node = Nodes.start(TestDatabase.newDatabase("slack"), Map.of(
        "octopost.outbound.allow-private-networks", "true",
        "octopost.engine.backoff-base", "PT0.2S",
        "octopost.networks.slack.base-url", slack.url()));
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

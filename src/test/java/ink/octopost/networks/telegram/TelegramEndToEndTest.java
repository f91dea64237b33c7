package ink.octopost.networks.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.auth.ApiKeyService;
import ink.octopost.auth.KeyMode;
import ink.octopost.fakes.FakeNetwork;
import ink.octopost.fakes.FakeTelegram;
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

/** Octopost posting into a Telegram channel through the Bot API (a local fake built from networks.md), end to end. */
class TelegramEndToEndTest {

  static final String TOKEN = "987654:AAGoodTokenForTheEndToEndTestxyz";
  static final String WRONG = "987654:AAWrongTokenForTheEndToEndTestxy";

  static Nodes.Node node;
  static FakeTelegram telegram;
  String key;

  @BeforeAll
  static void start() throws Exception {
    telegram = new FakeTelegram().bot(TOKEN, "octo_bot")
        .chat(-1001111111111L, "channel", "Octo Channel", "octochannel").member(-1001111111111L, TOKEN, "administrator");
    node = Nodes.start(TestDatabase.newDatabase("telegram"), Map.of(
        "octopost.outbound.allow-private-networks", "true",
        "octopost.engine.backoff-base", "PT0.2S",
        "octopost.networks.telegram.base-url", telegram.url()));
  }

  @AfterAll
  static void stop() {
    node.close();
    telegram.close();
  }

  @BeforeEach
  void tenant() {
    key = node.tenantKey("tg");
  }

  private Api api() {
    return node.api();
  }

  private Api.Response connect(String token, String chat) {
    return api().post("/v1/accounts", key, "{\"platform\": \"telegram\", \"bot_token\": \"" + token + "\", \"chat_id\": \"" + chat + "\"}");
  }

  @Test
  void connect_checksTheBotAndTheChat_andStoresNothingOnRefusal() {
    var wrong = connect(WRONG, "@octochannel");
    assertThat(wrong.status()).isEqualTo(422);
    assertThat(wrong.json().path("error").asString()).contains("Unauthorized");
    assertThat(wrong.text()).doesNotContain(WRONG);
    var noChat = connect(TOKEN, "@nochannel");
    assertThat(noChat.status()).isEqualTo(422);
    assertThat(noChat.json().path("error").asString()).contains("Bad Request: chat not found");
    assertThat(api().get("/v1/accounts", key).json().path("accounts").size()).isZero();

    var ok = connect(TOKEN, "@octochannel");
    assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
    assertThat(ok.json().path("platform_user_id").asString()).isEqualTo("-1001111111111");
    assertThat(ok.json().path("username").asString()).isEqualTo("octochannel");
    assertThat(ok.json().path("display_name").asString()).isEqualTo("Octo Channel");
    assertThat(api().get("/v1/accounts", key).text()).doesNotContain(TOKEN);
  }

  @Test
  void aThread_isPublishedAsReplies_andTheFirstMessageIsLinked() {
    assertThat(connect(TOKEN, "octochannel").status()).isEqualTo(201);
    var post = publishAndWait("""
        {"content": "1/ start", "platforms": ["telegram"], "segments": [{"content": "2/ more"}, {"content": "3/ end"}]}""");
    assertThat(post.path("status").asString()).as(post.toString()).isEqualTo("published");
    var held = telegram.held();
    var thread = held.subList(held.size() - 3, held.size());
    assertThat(thread).extracting(FakeNetwork.Held::text).containsExactly("1/ start", "2/ more", "3/ end");
    assertThat(thread.get(0).replyTo()).isNull();
    assertThat(thread.get(1).replyTo()).isEqualTo(thread.get(0).id());
    assertThat(thread.get(2).replyTo()).isEqualTo(thread.get(1).id());
    assertThat(post.path("platform_results").path("telegram").path("post_url").asString())
        .isEqualTo("https://t.me/octochannel/" + thread.get(0).id());
  }

  @Test
  void rateLimited_isRetriedAfterTelegramsRetryAfter() {
    assertThat(connect(TOKEN, "@octochannel").status()).isEqualTo(201);
    telegram.retryAfter(2).failNext(FakeNetwork.Fault.RATE_LIMITED);
    java.time.Instant before = java.time.Instant.now();
    var post = publishAndWait("{\"content\": \"later\", \"platforms\": [\"telegram\"]}");
    assertThat(post.path("status").asString()).isEqualTo("published");
    assertThat(java.time.Instant.parse(post.path("published_at").asString())).isAfterOrEqualTo(before.plusSeconds(1));
    assertThat(telegram.held()).extracting(FakeNetwork.Held::text).containsOnlyOnce("later");
  }

  @Test
  void aServerError_isRetried() {
    assertThat(connect(TOKEN, "@octochannel").status()).isEqualTo(201);
    telegram.failNext(FakeNetwork.Fault.SERVER_ERROR);
    var post = publishAndWait("{\"content\": \"after a 500\", \"platforms\": [\"telegram\"]}");
    assertThat(post.path("status").asString()).isEqualTo("published");
    assertThat(post.path("targets").get(0).path("attempts").asInt()).isEqualTo(2);
  }

  @Test
  void aRevokedBotToken_needsReconnect() {
    String revoked = "555000:AARevokedTokenForTheEndToEndTestx";
    telegram.bot(revoked, "gone_bot").member(-1001111111111L, revoked, "administrator");
    var account = connect(revoked, "@octochannel");
    assertThat(account.status()).isEqualTo(201);
    telegram.revoke(revoked);
    var post = publishAndWait("{\"content\": \"nope\", \"platforms\": [\"telegram\"]}");
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

package ink.octopost.networks.mastodon;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.auth.ApiKeyService;
import ink.octopost.auth.KeyMode;
import ink.octopost.fakes.FakeMastodon;
import ink.octopost.testing.Api;
import ink.octopost.testing.Nodes;
import ink.octopost.testing.TestDatabase;
import ink.octopost.workspaces.WorkspaceService;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Octopost publishing to a Mastodon instance (a local fake built from networks.md), end to end. */
class MastodonEndToEndTest {

  static Nodes.Node node;
  static FakeMastodon mastodon;
  String key;

  @BeforeAll
  static void start() throws Exception {
    mastodon = new FakeMastodon();
    node = Nodes.start(TestDatabase.newDatabase("mastodon"), Map.of(
        "octopost.outbound.allow-private-networks", "true",
        "octopost.engine.backoff-base", "PT0.2S"));
  }

  @AfterAll
  static void stop() {
    node.close();
    mastodon.close();
  }

  @BeforeEach
  void tenant() {
    key = node.tenantKey("masto");
  }

  private Api api() {
    return node.api();
  }

  private String connect(String token, String user) {
    mastodon.token(token, user);
    var r = api().post("/v1/accounts", key, "{\"platform\": \"mastodon\", \"instance_url\": \"" + mastodon.url()
        + "\", \"access_token\": \"" + token + "\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().path("id").asString();
  }

  private JsonNode publishAndWait(String json) {
    return node.publishAndWait(key, json);
  }

  @Test
  void connect_checksTheTokenWithTheInstance_andStoresNothingOnRefusal() {
    String id = connect("good-token", "alice");
    var account = api().get("/v1/accounts/" + id, key).json();
    assertThat(account.path("username").asString()).isEqualTo("alice");
    assertThat(account.path("instance_url").asString()).isEqualTo(mastodon.url());

    var wrong = api().post("/v1/accounts", key, "{\"platform\": \"mastodon\", \"instance_url\": \"" + mastodon.url()
        + "\", \"access_token\": \"wrong\"}");
    assertThat(wrong.status()).isEqualTo(422);
    assertThat(wrong.json().path("error").asString()).contains("The access token is invalid");
    var nowhere = api().post("/v1/accounts", key, "{\"platform\": \"mastodon\", \"instance_url\": \"http://127.0.0.1:9\","
        + " \"access_token\": \"x\"}");
    assertThat(nowhere.status()).isEqualTo(422);
    assertThat(api().post("/v1/accounts", key, "{\"platform\": \"mastodon\", \"access_token\": \"x\"}").status()).isEqualTo(422);
    assertThat(api().get("/v1/accounts", key).json().path("accounts").size()).isEqualTo(1);
    assertThat(api().get("/v1/accounts", key).text()).doesNotContain("good-token");
  }

  @Test
  void aThread_isPublishedAsAReplyChain() {
    connect("thread-token", "threader");
    var post = publishAndWait("""
        {"content": "1/ start", "platforms": ["mastodon"], "segments": [{"content": "2/ more"}, {"content": "3/ end"}]}""");
    assertThat(post.path("status").asString()).isEqualTo("published");
    var mine = mastodon.created().stream().filter(s -> s.token().equals("thread-token")).toList();
    assertThat(mine).extracting(FakeMastodon.Status::text).containsExactly("1/ start", "2/ more", "3/ end");
    assertThat(mine.get(1).inReplyToId()).isEqualTo(mine.get(0).id());
    assertThat(mine.get(2).inReplyToId()).isEqualTo(mine.get(1).id());
    assertThat(post.path("platform_results").path("mastodon").path("post_url").asString())
        .isEqualTo(mastodon.url() + "/@threader/" + mine.get(0).id());
  }

  @Test
  void aLostAnswer_isRetriedWithTheSameIdempotencyKey_andPostsOnce() {
    connect("lost-token", "lost");
    mastodon.fault(FakeMastodon.Fault.CREATE_THEN_DROP);
    var post = publishAndWait("{\"content\": \"exactly once\", \"platforms\": [\"mastodon\"]}");
    assertThat(post.path("status").asString()).isEqualTo("published");
    assertThat(post.path("targets").get(0).path("attempts").asInt()).isEqualTo(2);
    assertThat(mastodon.created().stream().filter(s -> s.token().equals("lost-token"))).hasSize(1);
  }

  @Test
  void rateLimited_retriesAtTheInstancesReset() {
    connect("busy-token", "busy");
    Instant reset = Instant.now().plusSeconds(2);
    mastodon.rateLimitResetAt(reset).fault(FakeMastodon.Fault.RATE_LIMITED);
    var post = publishAndWait("{\"content\": \"later\", \"platforms\": [\"mastodon\"]}");
    assertThat(post.path("status").asString()).isEqualTo("published");
    assertThat(Instant.parse(post.path("published_at").asString())).isAfterOrEqualTo(reset.minusSeconds(1));
  }

  @Test
  void deleteFromNetworks_removesThePostThere_andHere() {
    connect("delete-token", "deleter");
    var post = publishAndWait("{\"content\": \"short-lived\", \"platforms\": [\"mastodon\"]}");
    String id = post.path("id").asString();
    assertThat(mastodon.held()).extracting(ink.octopost.fakes.FakeNetwork.Held::text).contains("short-lived");

    assertThat(api().delete("/v1/posts/" + id + "?from_networks=true", key).status()).isEqualTo(204);

    assertThat(mastodon.held()).extracting(ink.octopost.fakes.FakeNetwork.Held::text).doesNotContain("short-lived");
    assertThat(api().get("/v1/posts/" + id, key).status()).isEqualTo(404);
  }

  @Test
  void aRevokedToken_needsReconnect() {
    String id = connect("revoked-token", "revoked");
    mastodon.revoke("revoked-token");
    var post = publishAndWait("{\"content\": \"nope\", \"platforms\": [\"mastodon\"]}");
    assertThat(post.path("targets").get(0).path("error_code").asString()).isEqualTo("account_needs_reconnect");
    assertThat(api().get("/v1/accounts/" + id, key).json().path("status").asString()).isEqualTo("needs_reconnect");
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

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
    return connect(mastodon, token, user);
  }

  private String connect(FakeMastodon instance, String token, String user) {
    instance.token(token, user);
    var r = api().post("/v1/accounts", key, "{\"platform\": \"mastodon\", \"instance_url\": \"" + instance.url()
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
    assertThat(api().post("/v1/accounts", key, "{\"platform\": \"mastodon\", \"access_token\": \"x\"}").status()).isEqualTo(422);
    assertThat(api().get("/v1/accounts", key).json().path("accounts").size()).isEqualTo(1);
    assertThat(api().get("/v1/accounts", key).text()).doesNotContain("good-token");
  }

  /** Refused connections, 5xx answers and lost answers say the instance could not be reached: 503, not a credential 422. */
  @Test
  void anUnreachableInstance_isReportedAsUnreachable_notAsRefusedCredentials() throws Exception {
    var nowhere = connectTo("http://127.0.0.1:9");
    try (var down = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      var failing = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 10);
      failing.createContext("/", ex -> {
        ex.sendResponseHeaders(503, -1);
        ex.close();
      });
      failing.start();
      Thread dropper = Thread.ofVirtual().start(() -> { // accepts, then hangs up without a word
        while (!down.isClosed()) {
          try (var s = down.accept()) {
            s.getInputStream().read(new byte[1024]);
          } catch (java.io.IOException e) {
            return;
          }
        }
      });
      try {
        var erroring = connectTo("http://127.0.0.1:" + failing.getAddress().getPort());
        var hangingUp = connectTo("http://127.0.0.1:" + down.getLocalPort());
        for (var r : java.util.List.of(nowhere, erroring, hangingUp)) {
          assertThat(r.status()).as(r.toString()).isEqualTo(503);
          assertThat(r.json().path("code").asString()).isEqualTo("unavailable");
          assertThat(r.json().path("error").asString()).startsWith("Could not reach mastodon").doesNotContain("did not accept");
          assertThat(r.json().path("details").path("network").asString()).isEqualTo("mastodon");
          assertThat(r.header("Retry-After")).isNotBlank();
        }
      } finally {
        failing.stop(0);
        down.close();
        dropper.join(2000);
      }
    }
    assertThat(api().get("/v1/accounts", key).json().path("accounts").size()).as("nothing stored").isZero();
  }

  private Api.Response connectTo(String instance) {
    return api().post("/v1/accounts", key, "{\"platform\": \"mastodon\", \"instance_url\": \"" + instance
        + "\", \"access_token\": \"some-token\"}");
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

  private Api.Response validate(String accountId, int length) {
    return api().post("/v1/posts/validate", key, "{\"content\": \"" + "x".repeat(length) + "\", \"account_ids\": [\""
        + accountId + "\"]}");
  }

  private static boolean valid(Api.Response r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json().path("valid").asBoolean();
  }

  @Test
  void eachAccount_isCheckedAgainstItsOwnInstancesLimits() throws Exception {
    try (var glitch = new FakeMastodon()) {
      glitch.instance().maxCharacters(5000);
      String big = connect(glitch, "glitch-token", "glitchy");
      String small = connect("small-token", "smally");

      assertThat(valid(validate(big, 1000))).isTrue();
      var refused = validate(small, 1000);
      assertThat(valid(refused)).isFalse();
      var violation = refused.json().path("targets").get(0).path("violations").get(0);
      assertThat(violation.path("code").asString()).isEqualTo("text_too_long");
      assertThat(violation.path("limit").asInt()).isEqualTo(500);
      assertThat(violation.path("actual").asInt()).isEqualTo(1000);

      // Scheduling checks the same way.
      String at = Instant.now().plus(Duration.ofDays(1)).toString();
      String body = "{\"content\": \"" + "y".repeat(1000) + "\", \"scheduled_for\": \"" + at + "\", \"account_ids\": [\"%s\"]}";
      assertThat(api().post("/v1/posts", key, body.formatted(big)).status()).isEqualTo(201);
      assertThat(api().post("/v1/posts", key, body.formatted(small)).status()).isEqualTo(422);

      var post = publishAndWait("{\"content\": \"" + "z".repeat(1000) + "\", \"account_ids\": [\"" + big + "\"]}");
      assertThat(post.path("status").asString()).as(post.toString()).isEqualTo("published");
      assertThat(glitch.created()).extracting(FakeMastodon.Status::text).contains("z".repeat(1000));
    }
  }

  @Test
  void theInstancesLimits_areReadAgainWhenADayOld_andAnInstanceThatCannotSayNeverStopsPublishing() throws Exception {
    try (var akkoma = new FakeMastodon()) {
      akkoma.instance().api(ink.octopost.fakes.FakeMastodonInstance.Api.UNAVAILABLE);
      String id = connect(akkoma, "akkoma-token", "akko");
      assertThat(valid(validate(id, 1000))).as("the defaults until the instance says").isFalse();

      akkoma.instance().api(ink.octopost.fakes.FakeMastodonInstance.Api.V1_ONLY).maxCharacters(5000);
      assertThat(publishAndWait(mastodonPost(id, "first")).path("status").asString()).isEqualTo("published");
      assertThat(valid(validate(id, 1000))).as("read on the first publish").isTrue();
      int reads = akkoma.instance().reads();
      assertThat(publishAndWait(mastodonPost(id, "second")).path("status").asString()).isEqualTo("published");
      assertThat(akkoma.instance().reads()).as("fresh limits are not read again").isEqualTo(reads);

      // A day later the instance is down: publishing goes on with the stored limits.
      ageLimits(id);
      akkoma.instance().api(ink.octopost.fakes.FakeMastodonInstance.Api.UNAVAILABLE);
      assertThat(publishAndWait(mastodonPost(id, "third")).path("status").asString()).isEqualTo("published");
      assertThat(valid(validate(id, 1000))).isTrue();

      // Later still, the admin lowered the limit: the next publish learns it.
      ageLimits(id);
      akkoma.instance().api(ink.octopost.fakes.FakeMastodonInstance.Api.V2).maxCharacters(800);
      assertThat(publishAndWait(mastodonPost(id, "fourth")).path("status").asString()).isEqualTo("published");
      assertThat(validate(id, 1000).json().path("targets").get(0).path("violations").get(0).path("limit").asInt())
          .isEqualTo(800);
    }
  }

  private static String mastodonPost(String accountId, String text) {
    return "{\"content\": \"" + text + "\", \"account_ids\": [\"" + accountId + "\"]}";
  }

  /** A day passes for this account's limits. */
  private static void ageLimits(String accountId) {
    node.bean(org.springframework.jdbc.core.simple.JdbcClient.class)
        .sql("UPDATE accounts SET limits_checked_at = limits_checked_at - interval '25 hours' WHERE id = ?")
        .param(accountId).update();
  }

  @Test
  void overridesMastodon_setVisibilityAndAContentWarning_forEveryStatusOfTheThread() {
    connect("cw-token", "cw");
    var post = publishAndWait("""
        {"content": "1/ spoilers ahead", "platforms": ["mastodon"], "segments": [{"content": "2/ more"}],
         "overrides": {"mastodon": {"visibility": "unlisted", "spoiler_text": "film plot", "sensitive": true}}}""");
    assertThat(post.path("status").asString()).as(post.toString()).isEqualTo("published");
    assertThat(post.path("overrides").path("mastodon").path("visibility").asString()).isEqualTo("unlisted");
    assertThat(post.path("overrides").path("mastodon").path("spoiler_text").asString()).isEqualTo("film plot");
    assertThat(post.path("overrides").path("mastodon").path("sensitive").asBoolean()).isTrue();
    var mine = mastodon.created().stream().filter(s -> s.token().equals("cw-token")).toList();
    assertThat(mine).extracting(FakeMastodon.Status::visibility).containsExactly("unlisted", "unlisted");
    assertThat(mine).extracting(FakeMastodon.Status::spoilerText).containsExactly("film plot", "film plot");
    assertThat(mine).extracting(FakeMastodon.Status::sensitive).containsExactly(true, true);
    assertThat(mine.get(1).inReplyToId()).isEqualTo(mine.get(0).id());
  }

  @Test
  void overridesMastodon_withWrongValues_areRefusedFieldByField() {
    var r = api().post("/v1/posts", key, """
        {"content": "x", "platforms": ["mastodon"], "overrides": {"mastodon": {"visibility": "friends",
         "spoiler_text": 5, "sensitive": "yes", "visiblity": "public"}, "twitter": {"visibility": "public"}}}""");
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().path("code").asString()).isEqualTo("validation_error");
    var fields = new java.util.HashMap<String, String>();
    r.json().path("details").path("fields").forEach(f -> fields.put(f.path("field").asString(), f.path("message").asString()));
    assertThat(fields).containsEntry("overrides.mastodon.visibility", "must be one of public, unlisted, private, direct")
        .containsEntry("overrides.mastodon.spoiler_text", "must be a string")
        .containsEntry("overrides.mastodon.sensitive", "must be true or false")
        .containsKeys("overrides.mastodon.visiblity", "overrides.twitter.visibility");
    assertThat(fields.get("overrides.mastodon.visiblity")).contains("visibility, spoiler_text, sensitive");

    // A content warning counts toward the instance's limit with the text.
    connect("count-token", "counter");
    var tooLong = api().post("/v1/posts/validate", key, "{\"content\": \"" + "x".repeat(495) + "\", \"platforms\": [\"mastodon\"],"
        + " \"overrides\": {\"mastodon\": {\"spoiler_text\": \"ten chars!\"}}}");
    assertThat(tooLong.json().path("targets").get(0).path("violations").get(0).path("actual").asInt()).isEqualTo(505);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

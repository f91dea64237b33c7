package ink.octopost.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.auth.ApiKeyService;
import ink.octopost.auth.KeyMode;
import ink.octopost.auth.Scope;
import ink.octopost.fakes.FakeMastodon;
import ink.octopost.fakes.FakeX;
import ink.octopost.testing.Api;
import ink.octopost.testing.Nodes;
import ink.octopost.testing.TestDatabase;
import ink.octopost.workspaces.WorkspaceService;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Connecting X and Mastodon accounts through OAuth, end to end: a real server node, the fake
 * networks as authorization servers, the browser's part played by following the redirects.
 */
class OAuthConnectionTest {

  static final String X_CLIENT = "octopost-x";
  static final String X_SECRET = "x-client-secret";
  static final AtomicInteger USERS = new AtomicInteger(1000);

  static Nodes.Node node;
  static FakeX x;
  static FakeMastodon mastodon;
  static String publicUrl;
  static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  String workspace;
  String key;
  String xUser;

  @BeforeAll
  static void start() throws Exception {
    x = new FakeX();
    mastodon = new FakeMastodon();
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    publicUrl = "http://localhost:" + port;
    x.auth().client(X_CLIENT, X_SECRET, publicUrl + "/oauth/callback/twitter");
    node = Nodes.start(TestDatabase.newDatabase("oauth"), Map.of(
        "server.port", String.valueOf(port),
        "octopost.public-url", publicUrl,
        "octopost.outbound.allow-private-networks", "true",
        "octopost.engine.backoff-base", "PT0.2S",
        "octopost.networks.twitter.base-url", x.url(),
        "octopost.networks.twitter.client-id", X_CLIENT,
        "octopost.networks.twitter.client-secret", X_SECRET));
  }

  @AfterAll
  static void stop() {
    node.close();
    x.close();
    mastodon.close();
  }

  @BeforeEach
  void tenant() {
    var workspaces = node.bean(WorkspaceService.class);
    var ws = workspaces.create("oauth", "pro");
    var owner = workspaces.createOwner(ws.id(), ws.id() + "@example.test", "Owner", "password");
    workspace = ws.id();
    key = node.bean(ApiKeyService.class).create(ws.id(), owner.id(), "k", KeyMode.LIVE, Set.of()).secret();
    xUser = String.valueOf(USERS.incrementAndGet());
    x.user(xUser, "user" + xUser, "User " + xUser);
    x.auth().approveAs(xUser);
  }

  @AfterEach
  void resetFake() {
    x.auth().withholdRefreshTokens(false);
  }

  private Api api() {
    return node.api();
  }

  private JsonNode connectUrl(String query) {
    var r = api().get("/v1/accounts/connect-url?" + query, key);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  /** The browser at the network's consent page: where it is sent back to. */
  static String consent(String authUrl) {
    var r = browse(authUrl);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
    return r.headers().firstValue("Location").orElseThrow();
  }

  static HttpResponse<String> browse(String url) {
    try {
      return BROWSER.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String connectX() {
    var callback = browse(consent(connectUrl("platform=twitter").path("auth_url").asString()));
    assertThat(callback.statusCode()).as(callback.body()).isEqualTo(200);
    var accounts = api().get("/v1/accounts?platform=twitter", key).json().path("accounts");
    assertThat(accounts.size()).isEqualTo(1);
    return accounts.get(0).path("id").asString();
  }

  private Map<String, String> credentials(String accountId) {
    return node.bean(AccountService.class).currentCredentials(accountId).orElseThrow().values();
  }

  private java.util.List<String> events() {
    return node.bean(JdbcClient.class).sql("SELECT type FROM events WHERE workspace_id = ? ORDER BY seq")
        .param(workspace).query(String.class).list();
  }

  private JsonNode publishAndWait(String text, String platform) {
    var created = api().post("/v1/posts", key, "{\"content\": \"" + text + "\", \"platforms\": [\"" + platform + "\"]}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().path("id").asString();
    assertThat(api().post("/v1/posts/" + id + "/publish", key, "{}").status()).isEqualTo(202);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    JsonNode post;
    do {
      post = api().get("/v1/posts/" + id, key).json();
      if (Set.of("published", "failed").contains(post.path("status").asString())) {
        return post;
      }
      sleep(50);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("still publishing: " + post);
  }

  @Test
  void x_connectUrl_consent_callback_connectsTheAccount_withSealedTokens() {
    var started = connectUrl("platform=twitter");
    var authUrl = URI.create(started.path("auth_url").asString());
    assertThat(authUrl.toString()).startsWith(x.url() + "/i/oauth2/authorize?");
    assertThat(authUrl.getQuery()).contains("code_challenge_method=S256", "response_type=code", "client_id=" + X_CLIENT,
        "scope=tweet.read tweet.write users.read media.write offline.access", "redirect_uri=" + publicUrl + "/oauth/callback/twitter");
    assertThat(Instant.parse(started.path("expires_at").asString()))
        .isBetween(Instant.now().plus(Duration.ofMinutes(9)), Instant.now().plus(Duration.ofMinutes(11)));

    String callback = consent(authUrl.toString());
    assertThat(callback).startsWith(publicUrl + "/oauth/callback/twitter?");
    var page = browse(callback);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(page.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
    assertThat(page.body()).contains("Account connected", "@user" + xUser);

    var account = api().get("/v1/accounts?platform=twitter", key).json().path("accounts").get(0);
    assertThat(account.path("platform_user_id").asString()).isEqualTo(xUser);
    assertThat(account.path("username").asString()).isEqualTo("user" + xUser);
    assertThat(account.path("status").asString()).isEqualTo("active");
    String id = account.path("id").asString();
    var stored = credentials(id);
    assertThat(stored).containsKeys("access_token", "refresh_token", "expires_at");
    assertThat(x.auth().refreshTokenValid(stored.get("refresh_token"))).isTrue();
    byte[] sealed = node.bean(JdbcClient.class).sql("SELECT credentials_sealed FROM accounts WHERE id = ?").param(id)
        .query(byte[].class).single();
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(stored.get("access_token"), stored.get("refresh_token"));
    assertThat(api().get("/v1/accounts/" + id, key).text()).doesNotContain(stored.get("access_token"));
    assertThat(events()).contains("account.connected");
    assertThat(x.auth().tokenRequests()).contains("authorization_code");
  }

  @Test
  void aStateWorksOnce() {
    String callback = consent(connectUrl("platform=twitter").path("auth_url").asString());
    try {
      var head = BROWSER.send(HttpRequest.newBuilder(URI.create(callback)).method("HEAD", HttpRequest.BodyPublishers.noBody())
          .build(), HttpResponse.BodyHandlers.discarding());
      assertThat(head.statusCode()).as("a prefetch does not spend the state").isEqualTo(200);
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
    assertThat(browse(callback).statusCode()).isEqualTo(200);
    var again = browse(callback);
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.body()).contains("already used");
    assertThat(api().get("/v1/accounts", key).json().path("accounts").size()).isEqualTo(1);
  }

  @Test
  void anExpiredState_isRefused() {
    String authUrl = connectUrl("platform=twitter").path("auth_url").asString();
    // Ten minutes pass (the node runs on the real clock, so its state row is aged instead).
    node.bean(JdbcClient.class).sql("UPDATE oauth_states SET expires_at = now() - interval '1 second', created_at = now()"
        + " - interval '11 minutes' WHERE workspace_id = ?").param(workspace).update();
    var page = browse(consent(authUrl));
    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.body()).contains("expired");
    assertThat(api().get("/v1/accounts", key).json().path("accounts").size()).isZero();
  }

  @Test
  void unknownMissingForeignAndDeclinedStates_areRefusedWithAPage_neverA500() {
    assertThat(browse(publicUrl + "/oauth/callback/twitter?code=abc&state=nope").body()).contains("not recognized");
    assertThat(browse(publicUrl + "/oauth/callback/twitter?code=abc").statusCode()).isEqualTo(400);
    assertThat(browse(publicUrl + "/oauth/callback/telegram?code=abc&state=x").statusCode()).isEqualTo(404);
    String state = URI.create(connectUrl("platform=twitter").path("auth_url").asString()).getQuery()
        .replaceAll(".*state=([^&]+).*", "$1");
    assertThat(browse(publicUrl + "/oauth/callback/mastodon?code=abc&state=" + state).body()).contains("not recognized");

    x.auth().denyNext();
    var declined = browse(consent(connectUrl("platform=twitter").path("auth_url").asString()));
    assertThat(declined.statusCode()).isEqualTo(400);
    assertThat(declined.body()).contains("did not authorize", "access_denied");
    assertThat(api().get("/v1/accounts", key).json().path("accounts").size()).isZero();
  }

  @Test
  void reconnecting_keepsTheAccountId_andARefreshTokenTheNewGrantLacks() {
    String id = connectX();
    String refresh = credentials(id).get("refresh_token");
    String access = credentials(id).get("access_token");
    x.auth().withholdRefreshTokens(true);
    assertThat(connectX()).isEqualTo(id);
    var stored = credentials(id);
    assertThat(stored.get("access_token")).isNotEqualTo(access);
    assertThat(stored.get("refresh_token")).isEqualTo(refresh);
    assertThat(events().stream().filter("account.connected"::equals)).hasSize(2);
  }

  @Test
  void aConnectedAccount_publishesThroughTheApi() {
    connectX();
    var post = publishAndWait("hello from oauth " + xUser, "twitter");
    assertThat(post.path("status").asString()).as(post.toString()).isEqualTo("published");
    var tweet = x.created().stream().filter(t -> t.authorId().equals(xUser)).findFirst().orElseThrow();
    assertThat(tweet.text()).isEqualTo("hello from oauth " + xUser);
    assertThat(post.path("platform_results").path("twitter").path("post_url").asString())
        .isEqualTo("https://x.com/user" + xUser + "/status/" + tweet.id());
  }

  @Test
  void anExpiredAccessToken_isRefreshedByTheEngine_andTheRotatedRefreshTokenIsStored() {
    String id = connectX();
    String oldRefresh = credentials(id).get("refresh_token");
    int refreshes = x.auth().refreshes();
    x.auth().expireAll(xUser);
    var post = publishAndWait("after expiry " + xUser, "twitter");
    assertThat(post.path("status").asString()).as(post.toString()).isEqualTo("published");
    assertThat(x.auth().refreshes()).isEqualTo(refreshes + 1);
    String newRefresh = credentials(id).get("refresh_token");
    assertThat(newRefresh).isNotEqualTo(oldRefresh);
    assertThat(x.auth().refreshTokenValid(oldRefresh)).isFalse();
    assertThat(x.auth().refreshTokenValid(newRefresh)).isTrue();
    assertThat(api().get("/v1/accounts/" + id, key).json().path("status").asString()).isEqualTo("active");
  }

  @Test
  void postsRacingToRefreshTheSameAccount_refreshOnce_andBothPublish() {
    String id = connectX();
    x.auth().expireAll(xUser);
    int refreshes = x.auth().refreshes();
    var ids = new java.util.ArrayList<String>();
    for (int i = 0; i < 4; i++) {
      var created = api().post("/v1/posts", key, "{\"content\": \"race " + i + " " + xUser + "\", \"platforms\": [\"twitter\"]}");
      ids.add(created.json().path("id").asString());
    }
    ids.parallelStream().forEach(p -> assertThat(api().post("/v1/posts/" + p + "/publish", key, "{}").status()).isEqualTo(202));
    for (String p : ids) {
      JsonNode post;
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      do {
        post = api().get("/v1/posts/" + p, key).json();
        sleep(50);
      } while (!Set.of("published", "failed").contains(post.path("status").asString()) && System.nanoTime() < deadline);
      assertThat(post.path("status").asString()).as(post.toString()).isEqualTo("published");
    }
    assertThat(x.auth().refreshes()).as("a rotating refresh token is spent once").isEqualTo(refreshes + 1);
    assertThat(api().get("/v1/accounts/" + id, key).json().path("status").asString()).isEqualTo("active");
  }

  @Test
  void aTokenCloseToExpiry_isRefreshedBeforePublishing() {
    String id = connectX();
    String oldAccess = credentials(id).get("access_token");
    int refreshes = x.auth().refreshes();
    int calls = x.publishCalls();
    // 116 minutes pass: 4 minutes before the 2-hour expiry, inside the 5-minute margin. The node
    // runs on the real clock, so the stored refresh point is moved instead.
    var accounts = node.bean(AccountService.class);
    var current = accounts.currentCredentials(id).orElseThrow();
    var aged = new java.util.LinkedHashMap<>(current.values());
    aged.put("refresh_at", Instant.now().minusSeconds(1).toString());
    assertThat(accounts.replaceCredentials(id, current.version(), aged, Instant.now().plusSeconds(240))).isTrue();
    var post = publishAndWait("ahead of expiry " + xUser, "twitter");
    assertThat(post.path("status").asString()).as(post.toString()).isEqualTo("published");
    assertThat(x.auth().refreshes()).isEqualTo(refreshes + 1);
    assertThat(x.publishCalls()).as("no call was made with the old token").isEqualTo(calls + 1);
    assertThat(credentials(id).get("access_token")).isNotEqualTo(oldAccess);
  }

  @Test
  void aRefusedRefresh_marksTheAccountNeedsReconnect() {
    String id = connectX();
    x.auth().revokeUser(xUser);
    var post = publishAndWait("revoked " + xUser, "twitter");
    assertThat(post.path("status").asString()).isEqualTo("failed");
    assertThat(post.path("targets").get(0).path("error_code").asString()).isEqualTo("account_needs_reconnect");
    assertThat(api().get("/v1/accounts/" + id, key).json().path("status").asString()).isEqualTo("needs_reconnect");
    assertThat(events()).contains("account.needs_reconnect");

    x.auth().approveAs(xUser);
    assertThat(connectX()).as("reconnecting heals the same account").isEqualTo(id);
    assertThat(api().get("/v1/accounts/" + id, key).json().path("status").asString()).isEqualTo("active");
  }

  @Test
  void mastodon_registersOncePerInstance_thenConnectsThroughTheCodeFlow_andPublishes() {
    String user = "masto" + xUser;
    mastodon.approveAs(user);
    int before = mastodon.appRegistrations();
    var started = connectUrl("platform=mastodon&instance_url=" + mastodon.url());
    String authUrl = started.path("auth_url").asString();
    assertThat(authUrl).startsWith(mastodon.url() + "/oauth/authorize?").contains("code_challenge_method=S256");
    connectUrl("platform=mastodon&instance_url=" + mastodon.url());
    assertThat(mastodon.appRegistrations()).as("one app per instance, remembered").isEqualTo(before + 1);

    mastodon.instance().maxCharacters(3000);
    int reads = mastodon.instance().reads();
    var page = browse(consent(authUrl));
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    var account = api().get("/v1/accounts?platform=mastodon", key).json().path("accounts").get(0);
    assertThat(account.path("username").asString()).isEqualTo(user);
    assertThat(account.path("instance_url").asString()).isEqualTo(mastodon.url());
    assertThat(mastodon.instance().reads()).as("the instance's limits are read on the callback").isGreaterThan(reads);
    var checked = api().post("/v1/posts/validate", key, "{\"content\": \"" + "x".repeat(1000) + "\", \"account_ids\": [\""
        + account.path("id").asString() + "\"]}");
    assertThat(checked.json().path("valid").asBoolean()).as(checked.toString()).isTrue();
    mastodon.instance().maxCharacters(500);

    var post = publishAndWait("tooted through oauth " + user, "mastodon");
    assertThat(post.path("status").asString()).as(post.toString()).isEqualTo("published");
    assertThat(mastodon.created()).extracting(FakeMastodon.Status::text).contains("tooted through oauth " + user);
  }

  @Test
  void connectUrl_refusesWhatItCannotStart() {
    assertThat(api().get("/v1/accounts/connect-url", key).status()).isEqualTo(400);
    assertThat(api().get("/v1/accounts/connect-url?platform=myspace", key).status()).isEqualTo(400);
    var telegram = api().get("/v1/accounts/connect-url?platform=telegram", key);
    assertThat(telegram.status()).isEqualTo(422);
    assertThat(telegram.json().path("error").asString()).contains("POST /v1/accounts");
    assertThat(api().get("/v1/accounts/connect-url?platform=mastodon", key).json().path("details").path("fields")
        .get(0).path("field").asString()).isEqualTo("instance_url");
    assertThat(api().get("/v1/accounts/connect-url?platform=twitter&instance_url=https://x.com", key).status()).isEqualTo(422);
    var unreachable = api().get("/v1/accounts/connect-url?platform=mastodon&instance_url=http://127.0.0.1:9", key);
    assertThat(unreachable.status()).as("an instance that cannot be reached is not the user's mistake").isEqualTo(503);
    assertThat(unreachable.json().path("error").asString()).startsWith("Could not reach mastodon");
    assertThat(api().get("/v1/accounts/connect-url?platform=twitter", null).status()).isEqualTo(401);

    var ws = node.bean(WorkspaceService.class);
    var owner = ws.createOwner(workspace, "reader-" + workspace + "@example.test", "Reader", "password");
    var keys = node.bean(ApiKeyService.class);
    String reader = keys.create(workspace, owner.id(), "r", KeyMode.LIVE, Set.of(Scope.ACCOUNTS_READ)).secret();
    assertThat(api().get("/v1/accounts/connect-url?platform=twitter", reader).status()).isEqualTo(403);
    String test = keys.create(workspace, owner.id(), "t", KeyMode.TEST, Set.of()).secret();
    assertThat(api().get("/v1/accounts/connect-url?platform=twitter", test).status()).isEqualTo(403);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

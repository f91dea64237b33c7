package ink.octopost.networks.instagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ink.octopost.fakes.FakeInstagram;
import ink.octopost.fakes.MediaServer;
import ink.octopost.testing.Nodes;
import ink.octopost.testing.TestDatabase;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Octopost and a fake Instagram, over HTTP with a real database: an account connected through
 * connect-url and Instagram Login, a post published from a media URL (Instagram pulls the fitted
 * image from Octopost's signed link, where this build makes them), and the overrides validated.
 */
class InstagramEndToEndTest {

  static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  static FakeInstagram fake;
  static MediaServer media;
  static Nodes.Node node;
  static String key;

  @BeforeAll
  static void start() throws Exception {
    fake = new FakeInstagram();
    media = new MediaServer();
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String publicUrl = "http://localhost:" + port;
    fake.auth().client(InstagramTesting.CLIENT_ID, InstagramTesting.CLIENT_SECRET, publicUrl + "/oauth/callback/instagram");
    fake.auth().client(InstagramTesting.FB_CLIENT_ID, InstagramTesting.FB_CLIENT_SECRET, publicUrl + "/oauth/callback/instagram");
    node = Nodes.start(TestDatabase.newDatabase("instagram"), Map.ofEntries(
        Map.entry("server.port", String.valueOf(port)),
        Map.entry("octopost.public-url", publicUrl),
        Map.entry("octopost.outbound.allow-private-networks", "true"),
        Map.entry("octopost.engine.backoff-base", "PT0.2S"),
        Map.entry("octopost.networks.instagram.base-url", fake.url()),
        Map.entry("octopost.networks.instagram.login-url", fake.url()),
        Map.entry("octopost.networks.instagram.token-url", fake.url()),
        Map.entry("octopost.networks.instagram.facebook-base-url", fake.facebookUrl()),
        Map.entry("octopost.networks.instagram.facebook-login-url", fake.facebookUrl()),
        Map.entry("octopost.networks.instagram.client-id", InstagramTesting.CLIENT_ID),
        Map.entry("octopost.networks.instagram.client-secret", InstagramTesting.CLIENT_SECRET),
        Map.entry("octopost.networks.facebook.client-id", InstagramTesting.FB_CLIENT_ID),
        Map.entry("octopost.networks.facebook.client-secret", InstagramTesting.FB_CLIENT_SECRET)));
    key = node.tenantKey("insta");
    connect();
  }

  @AfterAll
  static void stop() {
    node.close();
    media.close();
    fake.close();
  }

  private static HttpResponse<String> browse(String url) throws Exception {
    return BROWSER.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode validate(String json) {
    var r = node.api().post("/v1/posts/validate", key, json);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json().path("targets").get(0);
  }

  /**
   * The browser through connect-url, the consent page and the callback: the pending connection's
   * id when the login granted several accounts, null when its one account was connected at once.
   */
  private static String login(String query) throws Exception {
    var link = node.api().get("/v1/accounts/connect-url?" + query, key);
    assertThat(link.status()).as(link.toString()).isEqualTo(200);
    var consent = browse(link.json().path("auth_url").asString());
    assertThat(consent.statusCode()).as(consent.body()).isEqualTo(302);
    var callback = browse(consent.headers().firstValue("Location").orElseThrow().replace("#_", ""));
    if (callback.statusCode() == 200) {
      assertThat(callback.body()).contains("Account connected");
      return null;
    }
    assertThat(callback.statusCode()).as(callback.body()).isIn(302, 303);
    String page = callback.headers().firstValue("Location").orElseThrow();
    assertThat(page).contains("/connect/pending/");
    return URI.create(page).getPath().substring("/connect/pending/".length());
  }

  private static JsonNode choose(String pendingId, String... platformUserIds) {
    var r = node.api().post("/v1/accounts/pending/" + pendingId, key,
        "{\"platform_user_ids\": [\"" + String.join("\", \"", platformUserIds) + "\"]}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.text()).doesNotContain("IGAA").doesNotContain("EAAP");
    return r.json().path("accounts");
  }

  private static void connect() throws Exception {
    fake.auth().approveAs("17841400000000099", "e2e.gram");
    assertThat(login("platform=instagram")).as("one account: connected without a choice").isNull();
    var accounts = node.api().get("/v1/accounts?platform=instagram", key).json().path("accounts");
    assertThat(accounts.size()).isEqualTo(1);
    assertThat(accounts.get(0).path("username").asString()).isEqualTo("e2e.gram");
    assertThat(node.api().get("/v1/accounts", key).text()).doesNotContain("IGAA");
  }

  @Test
  void facebookLogin_offersTheInstagramAccountsLinkedToThePages_andConnectsTheChosenOne() throws Exception {
    fake.auth().page("2001", "E2E Bakery", "17841400000002001", "e2e.bakery");
    fake.auth().page("2002", "No Instagram here", null, null);
    fake.auth().page("2003", "E2E Garage", "17841400000002003", "e2e.garage");
    String pending = login("platform=instagram&instance_url=facebook");
    var view = node.api().get("/v1/accounts/pending/" + pending, key).json();
    assertThat(view.path("candidates").valueStream().map(c -> c.path("platform_user_id").asString()))
        .containsExactly("17841400000002001", "17841400000002003");
    var connected = choose(pending, "17841400000002003");
    assertThat(connected.get(0).path("username").asString()).isEqualTo("e2e.garage");
  }

  @Test
  void theConnectedAccount_publishesAPhoto_thatInstagramPullsFromOctopost() {
    assumeTrue(node.context().getBeanProvider(ink.octopost.media.SignedMediaUrls.class).getIfAvailable() != null,
        "this build has no signed media links yet (SignedMediaUrls), so Instagram has nothing to pull");
    String image = media.serve("e2e.png", MediaServer.png(600, 600));
    var post = node.publishAndWait(key, """
        {"content": "end to end #octopost", "platforms": ["instagram"], "media": {"images": [{"url": "%s", "alt_text": "a square"}]},
         "overrides": {"instagram": {"first_comment": "more #tags"}}}""".formatted(image));
    assertThat(post.path("status").asString()).as(post.toString()).isEqualTo("published");
    var published = fake.posts().getLast();
    assertThat(published.userId()).isEqualTo("17841400000000099");
    assertThat(published.container().caption()).isEqualTo("end to end #octopost");
    assertThat(published.container().altText()).isEqualTo("a square");
    assertThat(published.comments()).containsExactly("more #tags");
    assertThat(post.path("platform_results").path("instagram").path("post_url").asString()).isEqualTo(published.permalink());
  }

  @Test
  void aContainerStillProcessing_isLookedAtAgainByTheEngine_untilItPublishes() {
    assumeTrue(node.context().getBeanProvider(ink.octopost.media.SignedMediaUrls.class).getIfAvailable() != null);
    fake.processing(1);
    try {
      int reads = fake.statusReads();
      var post = node.publishAndWait(key, """
          {"content": "processing", "platforms": ["instagram"], "media": {"images": [{"url": "%s"}]}}""".formatted(
          media.serve("slow.png", MediaServer.png(700, 700))));
      assertThat(post.path("status").asString()).as(post.toString()).isEqualTo("published");
      assertThat(post.path("targets").get(0).path("attempts").asInt()).as("waiting spends no attempt").isEqualTo(1);
      assertThat(fake.statusReads() - reads).isGreaterThanOrEqualTo(2);
      assertThat(fake.posts().getLast().container().caption()).isEqualTo("processing");
    } finally {
      fake.processing(0);
    }
  }

  @Test
  void withoutSignedMediaLinks_aPostFailsSayingWhy() {
    assumeTrue(node.context().getBeanProvider(ink.octopost.media.SignedMediaUrls.class).getIfAvailable() == null);
    var post = node.publishAndWait(key, """
        {"content": "no links", "platforms": ["instagram"], "media": {"images": [{"url": "%s"}]}}""".formatted(
        media.serve("nolink.png", MediaServer.png(500, 500))));
    assertThat(post.path("status").asString()).as(post.toString()).isEqualTo("failed");
    assertThat(post.path("targets").get(0).path("error").asString()).contains("OCTOPOST_PUBLIC_URL");
  }

  @Test
  void theOverrides_areValidated_andCounted() {
    String image = media.serve("v.png", MediaServer.png(500, 500));

    var bad = node.api().post("/v1/posts/validate", key, """
        {"content": "x", "platforms": ["instagram"], "overrides": {"instagram": {"type": "album"}}}""");
    assertThat(bad.status()).as(bad.toString()).isEqualTo(422);
    assertThat(bad.text()).contains("overrides.instagram.type");

    var reelOfAnImage = validate("""
        {"content": "%s", "platforms": ["instagram"], "media": {"images": [{"url": "%s"}]},
         "overrides": {"instagram": {"type": "reel"}}}""".formatted("#t ".repeat(31), image));
    assertThat(reelOfAnImage.path("violations").valueStream().map(v -> v.path("code").asString()))
        .contains("media_does_not_fit_type", "too_many_hashtags");
  }
}

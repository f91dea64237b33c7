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
        Map.entry("octopost.networks.instagram.client-secret", InstagramTesting.CLIENT_SECRET)));
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

  private static void connect() throws Exception {
    fake.auth().approveAs("17841400000000099", "e2e.gram");
    var link = node.api().get("/v1/accounts/connect-url?platform=instagram", key);
    assertThat(link.status()).as(link.toString()).isEqualTo(200);
    var consent = browse(link.json().path("auth_url").asString());
    assertThat(consent.statusCode()).as(consent.body()).isEqualTo(302);
    var callback = browse(consent.headers().firstValue("Location").orElseThrow().replace("#_", ""));
    assertThat(callback.statusCode()).as(callback.body()).isIn(200, 303);
    var accounts = node.api().get("/v1/accounts?platform=instagram", key).json().path("accounts");
    assertThat(accounts.size()).as(accounts.toString()).isEqualTo(1);
    assertThat(accounts.get(0).path("username").asString()).isEqualTo("e2e.gram");
    assertThat(node.api().get("/v1/accounts", key).text()).doesNotContain("IGAA");
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

package ink.octopost.networks.facebook;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.fakes.FakeFacebook;
import ink.octopost.testing.Api;
import ink.octopost.testing.Nodes;
import ink.octopost.testing.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Octopost and a Facebook Page (a local Graph API and Facebook Login), end to end over HTTP and
 * PostgreSQL: connect through the login, publish with {@code overrides.facebook}, refuse bad overrides.
 */
class FacebookEndToEndTest {

  static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  static Nodes.Node node;
  static FakeFacebook facebook;
  static String publicUrl;
  String key;

  @BeforeAll
  static void start() throws Exception {
    facebook = new FakeFacebook();
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    publicUrl = "http://localhost:" + port;
    facebook.auth().app(FacebookTesting.APP_ID, FacebookTesting.APP_SECRET, publicUrl + "/oauth/callback/facebook");
    facebook.page(FacebookTesting.PAGE_ID, FacebookTesting.PAGE_NAME);
    node = Nodes.start(TestDatabase.newDatabase("facebook"), Map.of(
        "server.port", String.valueOf(port),
        "octopost.public-url", publicUrl,
        "octopost.outbound.allow-private-networks", "true",
        "octopost.engine.backoff-base", "PT0.2S",
        "octopost.networks.facebook.base-url", facebook.url(),
        "octopost.networks.facebook.client-id", FacebookTesting.APP_ID,
        "octopost.networks.facebook.client-secret", FacebookTesting.APP_SECRET));
  }

  @AfterAll
  static void stop() {
    node.close();
    facebook.close();
  }

  @BeforeEach
  void tenant() {
    key = node.tenantKey("fb");
  }

  private Api api() {
    return node.api();
  }

  private static HttpResponse<String> browse(String url) throws IOException, InterruptedException {
    return BROWSER.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Connect URL, Facebook's dialog (which consents), Octopost's callback. */
  private String connectThePage() throws Exception {
    var started = api().get("/v1/accounts/connect-url?platform=facebook", key);
    assertThat(started.status()).as(started.toString()).isEqualTo(200);
    String authUrl = started.json().path("auth_url").asString();
    assertThat(authUrl).startsWith(facebook.url() + "/v25.0/dialog/oauth?")
        .contains("redirect_uri=" + java.net.URLEncoder.encode(publicUrl + "/oauth/callback/facebook", "UTF-8"));
    var dialog = browse(authUrl);
    assertThat(dialog.statusCode()).as(dialog.body()).isEqualTo(302);
    var callback = browse(dialog.headers().firstValue("Location").orElseThrow());
    assertThat(callback.statusCode()).as(callback.body()).isLessThan(400);
    var accounts = api().get("/v1/accounts?platform=facebook", key).json().path("accounts");
    assertThat(accounts.size()).as("connected Pages").isEqualTo(1);
    assertThat(accounts.get(0).path("platform_user_id").asString()).isEqualTo(FacebookTesting.PAGE_ID);
    assertThat(api().get("/v1/accounts", key).text()).doesNotContain("EAAPage");
    return accounts.get(0).path("id").asString();
  }

  @Test
  void aConnectedPage_publishesALinkPost_withItsFirstComment() throws Exception {
    connectThePage();
    var post = node.publishAndWait(key, """
        {"content": "We are open on Sunday", "platforms": ["facebook"],
         "overrides": {"facebook": {"link": "https://octopost.example/hours", "first_comment": "See you there!"}}}""");
    assertThat(post.path("status").asString()).as(post.toString()).isEqualTo("published");
    var held = facebook.posts().getLast();
    assertThat(held.message()).isEqualTo("We are open on Sunday");
    assertThat(held.link()).isEqualTo("https://octopost.example/hours");
    assertThat(held.comments()).containsExactly("See you there!");
    assertThat(post.path("platform_results").path("facebook").path("post_url").asString())
        .isEqualTo("https://www.facebook.com/" + FacebookTesting.PAGE_ID + "/posts/" + held.id().split("_")[1]);
  }

  @Test
  void photos_arePostedTogether_pulledFromSignedLinks_orStreamedWhereThereAreNone() throws Exception {
    connectThePage();
    try (var media = new ink.octopost.fakes.MediaServer()) {
      byte[] first = ink.octopost.fakes.MediaServer.png(64, 48);
      byte[] second = ink.octopost.fakes.MediaServer.png(48, 64);
      var post = node.publishAndWait(key, """
          {"content": "two photos", "platforms": ["facebook"],
           "media": {"images": [{"url": "%s"}, {"url": "%s"}]}}""".formatted(media.serve("one.png", first), media.serve("two.png", second)));
      assertThat(post.path("status").asString()).as(post.toString()).isEqualTo("published");
      var held = facebook.posts().getLast();
      assertThat(held.message()).isEqualTo("two photos");
      assertThat(held.photoIds()).hasSize(2);
      assertThat(held.photoIds()).allSatisfy(id -> assertThat(facebook.photos().get(id).attachedTo()).isEqualTo(held.id()));
    }
  }

  @Test
  void badFacebookOverrides_areRefusedFieldByField() {
    var r = api().post("/v1/posts", key, """
        {"content": "x", "platforms": ["facebook"], "overrides": {"facebook": {"link": 5,
         "first_comment": "%s", "first_coment": "typo"}}}""".formatted("c".repeat(8001)));
    assertThat(r.status()).isEqualTo(422);
    var fields = new java.util.HashMap<String, String>();
    r.json().path("details").path("fields").forEach(f -> fields.put(f.path("field").asString(), f.path("message").asString()));
    assertThat(fields).containsEntry("overrides.facebook.link", "must be a string")
        .containsEntry("overrides.facebook.first_comment", "must be at most 8000 characters")
        .containsKey("overrides.facebook.first_coment");
  }
}

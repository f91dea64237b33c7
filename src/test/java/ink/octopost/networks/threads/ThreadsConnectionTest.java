package ink.octopost.networks.threads;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.fakes.FakeThreads;
import ink.octopost.testing.Nodes;
import ink.octopost.testing.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connecting a Threads account end to end (a real server node, {@link FakeThreads} as Meta's
 * authorization server and API, the browser played by following the redirects), then publishing
 * a post and a reply through the API.
 */
class ThreadsConnectionTest {

  static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  static Nodes.Node node;
  static FakeThreads threads;
  static String publicUrl;

  @BeforeAll
  static void start() throws Exception {
    threads = new FakeThreads().user("31415926", "octo.e2e", "Octo E2E");
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    publicUrl = "http://localhost:" + port;
    threads.auth().client(ThreadsTesting.CLIENT_ID, ThreadsTesting.CLIENT_SECRET, publicUrl + "/oauth/callback/threads");
    threads.auth().approveAs("31415926");
    node = Nodes.start(TestDatabase.newDatabase("threads"), Map.of(
        "server.port", String.valueOf(port),
        "octopost.public-url", publicUrl,
        "octopost.outbound.allow-private-networks", "true",
        "octopost.networks.threads.base-url", threads.url(),
        "octopost.networks.threads.client-id", ThreadsTesting.CLIENT_ID,
        "octopost.networks.threads.client-secret", ThreadsTesting.CLIENT_SECRET));
  }

  @AfterAll
  static void stop() {
    node.close();
    threads.close();
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

  @Test
  void connectUrl_consent_callback_connectsTheAccount_andItPublishesAThread() {
    String key = node.tenantKey("threads-e2e");
    var started = node.api().get("/v1/accounts/connect-url?platform=threads", key);
    assertThat(started.status()).as(started.toString()).isEqualTo(200);
    String authUrl = started.json().path("auth_url").asString();
    assertThat(authUrl).startsWith(threads.url() + "/oauth/authorize?")
        .contains("redirect_uri=" + java.net.URLEncoder.encode(publicUrl + "/oauth/callback/threads", java.nio.charset.StandardCharsets.UTF_8))
        .contains("scope=threads_basic,threads_content_publish,threads_manage_replies,threads_delete");

    var consent = browse(authUrl);
    assertThat(consent.statusCode()).as(consent.body()).isEqualTo(302);
    var page = browse(consent.headers().firstValue("Location").orElseThrow());
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    assertThat(page.body()).contains("Account connected", "octo.e2e");

    var account = node.api().get("/v1/accounts?platform=threads", key).json().path("accounts").get(0);
    assertThat(account.path("platform_user_id").asString()).isEqualTo("31415926");
    assertThat(account.path("username").asString()).isEqualTo("octo.e2e");
    assertThat(account.toString()).doesNotContain("TH"); // no token in the API
    assertThat(threads.auth().tokenRequests()).containsExactly("authorization_code", "th_exchange_token");
    var stored = node.bean(ink.octopost.accounts.AccountService.class).currentCredentials(account.path("id").asString())
        .orElseThrow().values();
    assertThat(threads.auth().valid(stored.get("access_token")).longLived()).as("the 60-day token is stored").isTrue();
    assertThat(Instant.parse(stored.get("expires_at"))).isAfter(Instant.now().plus(Duration.ofDays(59)));
    assertThat(Instant.parse(stored.get("refresh_at"))).isAfter(Instant.now().plus(Duration.ofHours(24)));

    var post = node.publishAndWait(key, "{\"content\": \"hello threads https://octopost.ink\", \"platforms\": [\"threads\"],"
        + " \"segments\": [{\"content\": \"and a reply\"}], \"overrides\": {\"threads\": {\"reply_control\": \"followers_only\"}}}");
    assertThat(post.path("status").asString()).as(post.toString()).isEqualTo("published");
    var result = post.path("platform_results").path("threads");
    assertThat(result.path("post_url").asString()).startsWith("https://www.threads.net/@octo.e2e/post/");
    var published = threads.published();
    assertThat(published).extracting(FakeThreads.Post::text).containsExactly("hello threads https://octopost.ink", "and a reply");
    assertThat(published.get(1).replyTo()).isEqualTo(published.get(0).id());
    assertThat(result.path("post_id").asString()).isEqualTo(published.get(0).id());
    assertThat(published.get(0).params()).containsEntry("reply_control", "followers_only")
        .containsEntry("link_attachment", "https://octopost.ink");
  }

  @Test
  void aBadOverride_isRefusedNamingTheField() {
    String key = node.tenantKey("threads-validate");
    var r = node.api().post("/v1/posts/validate", key,
        "{\"content\": \"hi\", \"platforms\": [\"threads\"], \"overrides\": {\"threads\": {\"reply_control\": \"nobody\"}}}");
    assertThat(r.status()).as(r.toString()).isEqualTo(422);
    assertThat(r.text()).contains("overrides.threads.reply_control", "everyone");
  }
}

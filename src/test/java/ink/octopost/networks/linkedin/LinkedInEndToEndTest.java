package ink.octopost.networks.linkedin;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.fakes.FakeLinkedIn;
import ink.octopost.testing.Api;
import ink.octopost.testing.Nodes;
import ink.octopost.testing.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Octopost and LinkedIn (a local Posts API and OAuth server), end to end over HTTP and PostgreSQL: one login
 * offers the member and their page, both are chosen, the page publishes with {@code overrides.linkedin}.
 */
class LinkedInEndToEndTest {

  static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  static Nodes.Node node;
  static FakeLinkedIn linkedin;
  static String publicUrl;
  String key;

  @BeforeAll
  static void start() throws Exception {
    linkedin = new FakeLinkedIn();
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    publicUrl = "http://localhost:" + port;
    linkedin.auth().app(LinkedInTesting.CLIENT_ID, LinkedInTesting.CLIENT_SECRET, publicUrl + "/oauth/callback/linkedin")
        .member(LinkedInTesting.PERSON, LinkedInTesting.PERSON_NAME)
        .admin(LinkedInTesting.PERSON, LinkedInTesting.ORG_ID, LinkedInTesting.ORG_NAME, "ADMINISTRATOR");
    node = Nodes.start(TestDatabase.newDatabase("linkedin"), Map.of(
        "server.port", String.valueOf(port),
        "octopost.public-url", publicUrl,
        "octopost.outbound.allow-private-networks", "true",
        "octopost.engine.backoff-base", "PT0.2S",
        "octopost.networks.linkedin.base-url", linkedin.url(),
        "octopost.networks.linkedin.client-id", LinkedInTesting.CLIENT_ID,
        "octopost.networks.linkedin.client-secret", LinkedInTesting.CLIENT_SECRET,
        "octopost.networks.linkedin.organizations", "true"));
  }

  @AfterAll
  static void stop() {
    node.close();
    linkedin.close();
  }

  @BeforeEach
  void tenant() {
    key = node.tenantKey("li");
  }

  private Api api() {
    return node.api();
  }

  private static HttpResponse<String> browse(String url) throws IOException, InterruptedException {
    return BROWSER.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Connect URL, LinkedIn's consent, Octopost's callback, then the choice of both accounts; returns urn → account id. */
  private Map<String, String> connectBoth() throws Exception {
    var started = api().get("/v1/accounts/connect-url?platform=linkedin", key);
    assertThat(started.status()).as(started.toString()).isEqualTo(200);
    String authUrl = started.json().path("auth_url").asString();
    assertThat(authUrl).startsWith(linkedin.url() + "/oauth/v2/authorization?").contains("w_organization_social");
    var consent = browse(authUrl);
    assertThat(consent.statusCode()).as(consent.body()).isEqualTo(302);
    var callback = browse(consent.headers().firstValue("Location").orElseThrow());
    assertThat(callback.statusCode()).as(callback.body()).isLessThan(400);
    var pending = api().get("/v1/accounts/pending", key).json().path("pending_connections").get(0);
    assertThat(pending.path("candidates").size()).isEqualTo(2);
    var chosen = api().post("/v1/accounts/pending/" + pending.path("id").asString(), key, """
        {"platform_user_ids": ["urn:li:person:%s", "urn:li:organization:%s"]}""".formatted(LinkedInTesting.PERSON, LinkedInTesting.ORG_ID));
    assertThat(chosen.status()).as(chosen.toString()).isEqualTo(201);
    var ids = new HashMap<String, String>();
    chosen.json().path("accounts").forEach(a -> ids.put(a.path("platform_user_id").asString(), a.path("id").asString()));
    assertThat(api().get("/v1/accounts", key).text()).doesNotContain("AQV");
    return ids;
  }

  @Test
  void thePage_publishesAsTheOrganization_withEveryReservedCharacterIntact_andAFirstComment() throws Exception {
    var ids = connectBoth();
    String page = ids.get("urn:li:organization:" + LinkedInTesting.ORG_ID);
    var post = node.publishAndWait(key, """
        {"content": "Fresh bread (today) #bakery @noon [50%% off] *yum*", "account_ids": ["%s"],
         "overrides": {"linkedin": {"first_comment": "See you!"}}}""".formatted(page));
    assertThat(post.path("status").asString()).as(post.toString()).isEqualTo("published");
    var held = linkedin.posts().getLast();
    assertThat(held.author()).isEqualTo("urn:li:organization:" + LinkedInTesting.ORG_ID);
    assertThat(held.text()).isEqualTo("Fresh bread (today) #bakery @noon [50% off] *yum*");
    assertThat(held.comments()).containsExactly("See you!");
    assertThat(post.toString()).contains("https://www.linkedin.com/feed/update/" + held.urn());
  }

  @Test
  void badLinkedInOverrides_areRefusedFieldByField() {
    var r = api().post("/v1/posts", key, """
        {"content": "x", "platforms": ["linkedin"], "overrides": {"linkedin": {"visibility": "FRIENDS", "link": 5}}}""");
    assertThat(r.status()).isEqualTo(422);
    var fields = new HashMap<String, String>();
    r.json().path("details").path("fields").forEach(f -> fields.put(f.path("field").asString(), f.path("message").asString()));
    assertThat(fields).containsKey("overrides.linkedin.visibility").containsEntry("overrides.linkedin.link", "must be a string");
  }
}

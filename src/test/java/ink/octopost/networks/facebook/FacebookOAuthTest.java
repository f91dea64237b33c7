package ink.octopost.networks.facebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.fakes.FakeFacebook;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.Publication;
import ink.octopost.networks.PostContent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Facebook Login against a fake authorization server: one login, one account per Page the user may post to. */
class FacebookOAuthTest {

  static final String REDIRECT = "https://octopost.example/oauth/callback/facebook";
  static final String VERIFIER = "a-code-verifier-of-enough-length-0123456789abcdefghij";

  private FakeFacebook fake;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeFacebook();
    fake.auth().app(FacebookTesting.APP_ID, FacebookTesting.APP_SECRET, REDIRECT);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private FacebookOAuth flow(String baseUrl, String clientId, String secret, FacebookProperties facebook) {
    return new FacebookOAuth(FacebookTesting.http(), JsonMapper.builder().build(), Clock.systemUTC(),
        FacebookTesting.properties(baseUrl, clientId, secret), facebook);
  }

  private FacebookOAuth flow() {
    return flow(fake.url(), FacebookTesting.APP_ID, FacebookTesting.APP_SECRET, FacebookProperties.DEFAULTS);
  }

  /** The browser's trip: the dialog consents at once and redirects back with a code. */
  private String consent(URI authorize) throws Exception {
    var client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    var r = client.send(HttpRequest.newBuilder(authorize).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
    String location = r.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(REDIRECT + "?code=").endsWith("&state=st");
    return location.substring(location.indexOf("code=") + 5, location.indexOf("&state"));
  }

  private static String challenge() throws Exception {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(VERIFIER.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void theDialog_isOnWwwFacebookCom_withThePageScopes() throws Exception {
    var flow = flow(null, "cid", "secret", FacebookProperties.DEFAULTS);
    var url = flow.authorizationUrl(flow.client(null, REDIRECT, null), null, REDIRECT, "st", "ch");
    assertThat(url.getScheme() + "://" + url.getHost() + url.getPath()).isEqualTo("https://www.facebook.com/v25.0/dialog/oauth");
    assertThat(url.getQuery()).contains("client_id=cid", "redirect_uri=" + REDIRECT, "state=st", "response_type=code",
        "scope=pages_show_list,pages_read_engagement,pages_manage_posts,pages_manage_engagement,publish_video",
        "code_challenge=ch", "code_challenge_method=S256");
    assertThat(flow.grantsSeveralAccounts()).isTrue();
  }

  @Test
  void aConfiguredLoginUrlAndVersion_areUsed() throws Exception {
    var flow = flow(null, "cid", "secret", new FacebookProperties("v26.0", "https://login.example/"));
    var url = flow.authorizationUrl(flow.client(null, REDIRECT, null), null, REDIRECT, "st", "ch");
    assertThat(url.toString()).startsWith("https://login.example/v26.0/dialog/oauth?");
  }

  @Test
  void exchangeAll_returnsEveryPageTheUserMayPostTo_withItsOwnToken_thatPublishes() throws Exception {
    String bakery = fake.page(FacebookTesting.PAGE_ID, FacebookTesting.PAGE_NAME);
    String cafe = fake.page("2000000001", "Octopost Café");
    fake.auth().page("2000000002", "Read-only Page", List.of("ANALYZE"));
    String shop = fake.page("2000000003", "Octopost Shop");
    fake.auth().pageSize(2); // /me/accounts answers in pages: the flow follows paging.next

    var flow = flow();
    var client = flow.client(null, REDIRECT, null);
    String code = consent(flow.authorizationUrl(client, null, REDIRECT, "st", challenge()));
    var pages = flow.exchangeAll(client, null, REDIRECT, code, VERIFIER);

    assertThat(pages).extracting(NetworkConnector.Identity::platformUserId)
        .containsExactlyInAnyOrder(FacebookTesting.PAGE_ID, "2000000001", "2000000003");
    var first = pages.stream().filter(p -> p.platformUserId().equals("2000000001")).findFirst().orElseThrow();
    assertThat(first.displayName()).isEqualTo("Octopost Café");
    assertThat(first.username()).isEqualTo("Octopost Café");
    assertThat(first.avatarUrl()).isEqualTo("https://scontent.example/2000000001.jpg");
    assertThat(first.credentials()).containsEntry("access_token", cafe);
    assertThat(first.tokenExpiresAt()).as("a Page token from a long-lived user token does not expire").isNull();
    assertThat(first.toString()).doesNotContain(cafe);
    assertThat(pages).extracting(p -> p.credentials().get("access_token")).containsExactlyInAnyOrder(bakery, cafe, shop);
    assertThat(fake.auth().lastScope()).contains("pages_manage_posts");

    var connector = FacebookTesting.connector(fake);
    var account = new Publication.AccountContext("acc", ink.octopost.networks.Platform.FACEBOOK, first.platformUserId(),
        first.username(), null, first.credentials());
    connector.publish(new Publication(account, new PostContent("hello café", List.of(), null, List.of()), null, null, "k"));
    assertThat(fake.posts().getLast().pageId()).isEqualTo("2000000001");
  }

  @Test
  void aCodeIsSingleUse_andAWrongVerifierIsRefused() throws Exception {
    fake.page(FacebookTesting.PAGE_ID, FacebookTesting.PAGE_NAME);
    var flow = flow();
    var client = flow.client(null, REDIRECT, null);
    String code = consent(flow.authorizationUrl(client, null, REDIRECT, "st", challenge()));
    assertThatThrownBy(() -> flow.exchangeAll(client, null, REDIRECT, code, "not-the-verifier"))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> assertThat(r.code()).isEqualTo("authorization_refused"));
    String again = consent(flow.authorizationUrl(client, null, REDIRECT, "st", challenge()));
    assertThat(flow.exchangeAll(client, null, REDIRECT, again, VERIFIER)).hasSize(1);
    assertThatThrownBy(() -> flow.exchangeAll(client, null, REDIRECT, again, VERIFIER))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> assertThat(r.code()).isEqualTo("authorization_refused"));
  }

  @Test
  void aWrongAppSecret_isTheServersConfiguration_notTheLogin() throws Exception {
    fake.page(FacebookTesting.PAGE_ID, FacebookTesting.PAGE_NAME);
    var flow = flow(fake.url(), FacebookTesting.APP_ID, "not-the-secret", FacebookProperties.DEFAULTS);
    var client = flow.client(null, REDIRECT, null);
    String code = consent(flow.authorizationUrl(client, null, REDIRECT, "st", challenge()));
    assertThatThrownBy(() -> flow.exchangeAll(client, null, REDIRECT, code, VERIFIER))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> {
          assertThat(r.code()).isEqualTo("client_refused");
          assertThat(r.getMessage()).contains("OCTOPOST_NETWORKS_FACEBOOK_CLIENT_SECRET").doesNotContain("not-the-secret");
        });
  }

  @Test
  void aLoginWithoutAPageToPostTo_isRefusedWithWhatToDo() throws Exception {
    fake.auth().page("2000000002", "Read-only Page", List.of("ANALYZE"));
    var flow = flow();
    var client = flow.client(null, REDIRECT, null);
    String code = consent(flow.authorizationUrl(client, null, REDIRECT, "st", challenge()));
    assertThatThrownBy(() -> flow.exchangeAll(client, null, REDIRECT, code, VERIFIER))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> {
          assertThat(r.code()).isEqualTo("no_pages");
          assertThat(r.getMessage()).contains("Create content");
        });
  }

  @Test
  void withoutTheAppIdAndSecret_nothingStarts_andTheErrorSaysWhatToSet() {
    assertThatThrownBy(() -> flow(null, "cid", null, null).client(null, REDIRECT, null))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> {
          assertThat(r.code()).isEqualTo("not_configured");
          assertThat(r.getMessage()).contains("OCTOPOST_NETWORKS_FACEBOOK_CLIENT_ID", "OCTOPOST_NETWORKS_FACEBOOK_CLIENT_SECRET");
        });
  }

  @Test
  void anInstanceUrl_isRefused() {
    assertThatThrownBy(() -> flow().instance("https://facebook.com")).isInstanceOf(IllegalArgumentException.class);
    assertThat(flow().instance(null)).isNull();
  }
}

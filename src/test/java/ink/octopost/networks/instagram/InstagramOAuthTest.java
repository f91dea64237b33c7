package ink.octopost.networks.instagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.fakes.FakeInstagram;
import ink.octopost.fakes.MediaServer;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.OAuthFlow;
import ink.octopost.networks.Platform;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.Publication;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Both of Meta's logins against the fake authorization endpoints, down to a post with the connected account. */
class InstagramOAuthTest {

  static final String REDIRECT = "https://octopost.example/oauth/callback/instagram";

  private FakeInstagram fake;
  private MediaServer media;
  private InstagramOAuth oauth;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeInstagram();
    media = new MediaServer();
    fake.auth().client(InstagramTesting.CLIENT_ID, InstagramTesting.CLIENT_SECRET, REDIRECT);
    fake.auth().client(InstagramTesting.FB_CLIENT_ID, InstagramTesting.FB_CLIENT_SECRET, REDIRECT);
    oauth = InstagramTesting.oauth(fake);
  }

  @AfterEach
  void stop() {
    fake.close();
    media.close();
  }

  /** The browser: opens the authorization URL, which approves at once and redirects back with a code. */
  private static String approve(URI authorizationUrl, String state) throws Exception {
    var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(authorizationUrl).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
    var location = URI.create(response.headers().firstValue("Location").orElseThrow().replace("#_", ""));
    assertThat(location.toString()).startsWith(REDIRECT);
    var query = new java.util.HashMap<String, String>();
    for (String pair : location.getRawQuery().split("&")) {
      var kv = pair.split("=", 2);
      query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    assertThat(query).containsEntry("state", state);
    return query.get("code");
  }

  private void publishes(NetworkConnector.Identity identity) throws Exception {
    var connector = InstagramTesting.connector(fake, media, Clock.systemUTC());
    var account = new Publication.AccountContext("acc", Platform.INSTAGRAM, identity.platformUserId(), identity.username(), null,
        identity.credentials());
    var image = new PostContent.Image(media.serve("c.jpg", InstagramTesting.jpeg(300, 300)), null);
    var published = connector.publish(new Publication(account, new PostContent("connected", List.of(image), null, List.of()),
        null, null, "k"));
    assertThat(fake.posts().getLast().id()).isEqualTo(published.postId());
    assertThat(fake.posts().getLast().userId()).isEqualTo(identity.platformUserId());
  }

  @Test
  void theLoginIsChosenWithInstanceUrl_instagramByDefault() {
    assertThat(oauth.instance(null)).isNull();
    assertThat(oauth.instance("instagram")).isNull();
    assertThat(oauth.instance("facebook")).isEqualTo(InstagramOAuth.FACEBOOK_INSTANCE);
    assertThat(oauth.instance("https://www.facebook.com/")).isEqualTo(InstagramOAuth.FACEBOOK_INSTANCE);
    assertThatThrownBy(() -> oauth.instance("https://mastodon.social")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"facebook\"");
    assertThat(oauth.grantsSeveralAccounts()).isTrue();
  }

  @Test
  void instagramLogin_connectsTheProfessionalAccount_withASixtyDayToken_thatPublishes() throws Exception {
    fake.auth().approveAs("17841400000000042", "studio.octo");
    var client = oauth.client(null, REDIRECT, null);
    var url = oauth.authorizationUrl(client, null, REDIRECT, "st-1", "challenge");
    assertThat(url.toString()).startsWith(fake.url() + "/oauth/authorize?").contains("instagram_business_content_publish");
    String code = approve(url, "st-1");

    var identities = oauth.exchangeAll(client, null, REDIRECT, code, "verifier");
    assertThat(identities).hasSize(1);
    var identity = identities.getFirst();
    assertThat(identity.platformUserId()).isEqualTo("17841400000000042");
    assertThat(identity.username()).isEqualTo("studio.octo");
    assertThat(identity.credentials()).containsEntry("login", "instagram").containsKeys("access_token", "refresh_at");
    assertThat(identity.tokenExpiresAt()).isAfter(Instant.now().plus(Duration.ofDays(59)));
    assertThatThrownBy(() -> oauth.exchangeAll(client, null, REDIRECT, code, "verifier"))
        .as("a code is single use").isInstanceOf(NetworkFailure.Rejected.class);
    publishes(identity);
  }

  @Test
  void facebookLogin_offersEveryInstagramAccountLinkedToThePages_eachWithItsPageToken() throws Exception {
    fake.auth().page("1001", "Octo Bakery", "17841400000001001", "octo.bakery");
    fake.auth().page("1002", "A Page without Instagram", null, null);
    fake.auth().page("1003", "Octo Garage", "17841400000001003", "octo.garage");
    var client = oauth.client(InstagramOAuth.FACEBOOK_INSTANCE, REDIRECT, null);
    assertThat(client.clientId()).isEqualTo(InstagramTesting.FB_CLIENT_ID);
    var url = oauth.authorizationUrl(client, InstagramOAuth.FACEBOOK_INSTANCE, REDIRECT, "st-2", "challenge");
    assertThat(url.toString()).startsWith(fake.facebookUrl() + "/v25.0/dialog/oauth?").contains("instagram_content_publish");
    String code = approve(url, "st-2");

    var identities = oauth.exchangeAll(client, InstagramOAuth.FACEBOOK_INSTANCE, REDIRECT, code, "verifier");
    assertThat(identities).extracting(NetworkConnector.Identity::platformUserId)
        .containsExactly("17841400000001001", "17841400000001003");
    assertThat(identities).extracting(NetworkConnector.Identity::username).containsExactly("octo.bakery", "octo.garage");
    assertThat(identities).allSatisfy(i -> {
      assertThat(i.credentials()).containsEntry("login", "facebook").doesNotContainKey("refresh_at");
      assertThat(i.tokenExpiresAt()).isNull();
    });
    publishes(identities.get(1));
  }

  @Test
  void facebookLogin_withoutALinkedInstagramAccount_saysWhatToDo() throws Exception {
    fake.auth().page("1002", "A Page without Instagram", null, null);
    var client = oauth.client(InstagramOAuth.FACEBOOK_INSTANCE, REDIRECT, null);
    String code = approve(oauth.authorizationUrl(client, InstagramOAuth.FACEBOOK_INSTANCE, REDIRECT, "s", "c"), "s");
    assertThatThrownBy(() -> oauth.exchangeAll(client, InstagramOAuth.FACEBOOK_INSTANCE, REDIRECT, code, "v"))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> {
          assertThat(r.code()).isEqualTo("no_accounts");
          assertThat(r.getMessage()).contains("link one");
        });
  }

  @Test
  void aWrongSecret_isRefused_andAMissingAppIsNamed() throws Exception {
    var client = oauth.client(null, REDIRECT, null);
    String code = approve(oauth.authorizationUrl(client, null, REDIRECT, "s", "c"), "s");
    var wrong = new OAuthFlow.Client(client.clientId(), "not the secret");
    assertThatThrownBy(() -> oauth.exchangeAll(wrong, null, REDIRECT, code, "v"))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> assertThat(r.code()).isEqualTo("authorization_refused"));

    var unconfigured = new InstagramOAuth(new ink.octopost.shared.OutboundHttp(new ink.octopost.shared.OutboundProperties(true)),
        tools.jackson.databind.json.JsonMapper.builder().build(), Clock.systemUTC(),
        new Hosts(fake.url(), fake.url(), fake.url(), fake.facebookUrl(), fake.facebookUrl(), "v25.0", null, null, null, null));
    assertThatThrownBy(() -> unconfigured.client(null, REDIRECT, null))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class,
            r -> assertThat(r.getMessage()).contains("OCTOPOST_NETWORKS_INSTAGRAM_CLIENT_ID"));
  }
}

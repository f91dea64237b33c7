package ink.octopost.networks.youtube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.fakes.FakeYouTube;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.Platform;
import ink.octopost.networks.Publication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Google OAuth against a fake: offline access with consent and PKCE, one account per channel, refresh. */
class YouTubeOAuthTest {

  static final String REDIRECT = "https://octopost.example/oauth/callback/youtube";
  static final String VERIFIER = "a-code-verifier-of-enough-length-0123456789abcdefghij";

  private FakeYouTube fake;
  private YouTubeOAuth flow;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeYouTube();
    fake.auth().app(YouTubeTesting.CLIENT_ID, YouTubeTesting.CLIENT_SECRET, REDIRECT);
    fake.channel("UCmain", "Octopost Bakery");
    fake.channel("UCbrand", "Bakery Shorts");
    flow = YouTubeTesting.oauth(fake);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

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

  private List<NetworkConnector.Identity> login() throws Exception {
    var client = flow.client(null, REDIRECT, null);
    String code = consent(flow.authorizationUrl(client, null, REDIRECT, "st", challenge()));
    return flow.exchangeAll(client, null, REDIRECT, code, VERIFIER);
  }

  @Test
  void theConsentScreen_isGooglesWithOfflineAccessConsentScopesAndPkce() throws Exception {
    var google = new YouTubeOAuth(YouTubeTesting.http(), tools.jackson.databind.json.JsonMapper.builder().build(),
        java.time.Clock.systemUTC(), YouTubeTesting.properties(null));
    var url = google.authorizationUrl(google.client(null, REDIRECT, null), null, REDIRECT, "st", "ch");
    assertThat(url.getScheme() + "://" + url.getHost() + url.getPath()).isEqualTo("https://accounts.google.com/o/oauth2/v2/auth");
    assertThat(url.getQuery()).contains("client_id=" + YouTubeTesting.CLIENT_ID, "redirect_uri=" + REDIRECT, "response_type=code",
        "access_type=offline", "prompt=consent", "state=st", "code_challenge=ch", "code_challenge_method=S256",
        "https://www.googleapis.com/auth/youtube.upload", "https://www.googleapis.com/auth/youtube.readonly");
    assertThat(google.grantsSeveralAccounts()).isTrue();
  }

  @Test
  void oneLogin_grantsOneAccountPerChannel() throws Exception {
    var channels = login();
    assertThat(channels).extracting(NetworkConnector.Identity::platformUserId).containsExactly("UCmain", "UCbrand");
    assertThat(channels).extracting(NetworkConnector.Identity::displayName).containsExactly("Octopost Bakery", "Bakery Shorts");
    assertThat(channels.getFirst().username()).isEqualTo("@octopostbakery");
    assertThat(channels.getFirst().credentials()).containsKeys("access_token", "refresh_token");
    assertThat(channels.getFirst().tokenExpiresAt()).isAfter(java.time.Instant.now().plusSeconds(3000));
    assertThat(channels.getFirst().toString()).doesNotContain(channels.getFirst().credentials().get("access_token"));
    assertThat(fake.auth().lastAuthorize()).containsEntry("access_type", "offline").containsEntry("prompt", "consent");
  }

  @Test
  void aWrongVerifier_isRefused() throws Exception {
    var client = flow.client(null, REDIRECT, null);
    String code = consent(flow.authorizationUrl(client, null, REDIRECT, "st", challenge()));
    assertThatThrownBy(() -> flow.exchangeAll(client, null, REDIRECT, code, "another-verifier-that-does-not-match-0123456789"))
        .isInstanceOf(NetworkFailure.Rejected.class);
  }

  @Test
  void refresh_keepsTheRefreshToken_orTakesTheRotatedOne() throws Exception {
    var identity = login().getFirst();
    var connector = YouTubeTesting.connector(fake);
    var account = new Publication.AccountContext("acc", Platform.YOUTUBE, identity.platformUserId(), identity.username(), null,
        identity.credentials());
    var kept = connector.refresh(account).orElseThrow();
    assertThat(kept.credentials().get("refresh_token")).isEqualTo(identity.credentials().get("refresh_token"));
    assertThat(kept.credentials().get("access_token")).isNotEqualTo(identity.credentials().get("access_token"));

    fake.auth().rotateRefreshTokens(true);
    var rotated = connector.refresh(account).orElseThrow();
    assertThat(rotated.credentials().get("refresh_token")).isNotEqualTo(identity.credentials().get("refresh_token"));
    assertThatThrownBy(() -> connector.refresh(account)).as("the old one is dead after a rotation")
        .isInstanceOf(NetworkFailure.AccessRevoked.class);
    assertThat(connector.refresh(account.withCredentials(rotated.credentials()))).isPresent();
  }

  @Test
  void withoutAClient_theServerSaysWhatToSet() {
    var bare = new YouTubeOAuth(YouTubeTesting.http(), tools.jackson.databind.json.JsonMapper.builder().build(),
        java.time.Clock.systemUTC(), new ink.octopost.networks.NetworksProperties(null, null, null, null, null, null, null, null,
            null, null, null, null));
    assertThatThrownBy(() -> bare.client(null, REDIRECT, null)).hasMessageContaining("OCTOPOST_NETWORKS_YOUTUBE_CLIENT_ID");
  }
}

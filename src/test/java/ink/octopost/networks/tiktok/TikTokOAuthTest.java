package ink.octopost.networks.tiktok;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.fakes.FakeTikTok;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Login Kit with PKCE against the fake, and refresh tokens that rotate. */
class TikTokOAuthTest {

  static final String REDIRECT = "http://127.0.0.1/callback";
  private FakeTikTok fake;

  @BeforeEach
  void start() throws Exception {
    fake = TikTokTesting.fake();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void loginWithPkce_namesTheAccount_andStoresBothTokensWithTheirExpiries() throws Exception {
    fake.auth().approveAs(TikTokTesting.OPEN_ID);
    var oauth = TikTokTesting.oauth(fake, Clock.systemUTC());
    var client = oauth.client(null, REDIRECT, null);
    String verifier = "verifier-" + "x".repeat(50);
    String challenge = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    URI url = oauth.authorizationUrl(client, null, REDIRECT, "st4te", challenge);
    assertThat(url.toString()).startsWith(fake.url() + "/v2/auth/authorize/?client_key=" + TikTokTesting.CLIENT_KEY)
        .contains("scope=user.info.basic,video.publish,video.upload").contains("code_challenge_method=S256");

    var r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(302);
    var q = new LinkedHashMap<String, String>();
    for (String pair : URI.create(r.headers().firstValue("Location").orElseThrow()).getRawQuery().split("&")) {
      q.put(pair.substring(0, pair.indexOf('=')), java.net.URLDecoder.decode(pair.substring(pair.indexOf('=') + 1), StandardCharsets.UTF_8));
    }
    assertThat(q).containsEntry("state", "st4te");

    var identity = oauth.exchange(client, null, REDIRECT, q.get("code"), verifier);
    assertThat(identity.platformUserId()).isEqualTo(TikTokTesting.OPEN_ID);
    assertThat(identity.username()).isEqualTo(TikTokTesting.USERNAME);
    assertThat(identity.credentials()).containsKeys("access_token", "refresh_token", "expires_at", "refresh_expires_at");
    assertThat(identity.tokenExpiresAt()).isNotNull();
    assertThat(fake.auth().tokenRequests()).containsExactly("authorization_code");
  }

  @Test
  void theCreatorsLimits_becomeTheAccountsCapabilities_soValidationReportsThem() throws Exception {
    fake.creator(java.util.List.of("FOLLOWER_OF_CREATOR", "SELF_ONLY"), 180, true, false, false);
    var connector = TikTokTesting.connector(fake, Clock.systemUTC());
    var limits = connector.limits(TikTokTesting.account(fake, Clock.systemUTC())).orElseThrow();
    var caps = connector.capabilities(limits);
    assertThat(caps.media().videos().maxSeconds()).isEqualTo(180);
    assertThat(caps.option(TikTokConnector.PRIVACY_LEVEL).choices()).containsExactly("FOLLOWER_OF_CREATOR", "SELF_ONLY");
    assertThat(limits.values().path("comment_disabled").asBoolean()).isTrue();
    assertThat(connector.capabilities(null)).isSameAs(TikTokConnector.CAPABILITIES);
  }

  @Test
  void aWrongVerifier_isRefused() throws Exception {
    fake.auth().approveAs(TikTokTesting.OPEN_ID);
    var oauth = TikTokTesting.oauth(fake, Clock.systemUTC());
    var client = oauth.client(null, REDIRECT, null);
    URI url = oauth.authorizationUrl(client, null, REDIRECT, "s", "Y2hhbGxlbmdlLW5vdC1tYXRjaGluZy1hbnl0aGluZw");
    var r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofString());
    String location = r.headers().firstValue("Location").orElseThrow();
    String code = java.net.URLDecoder.decode(location.replaceAll(".*[?&]code=([^&]+).*", "$1"), StandardCharsets.UTF_8);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> oauth.exchange(client, null, REDIRECT, code, "wrong-verifier"))
        .isInstanceOf(ink.octopost.networks.NetworkFailure.Rejected.class);
  }

  @Test
  void refresh_rotatesTheRefreshToken_andTheOldOneStopsWorking() throws Exception {
    var connector = TikTokTesting.connector(fake, Clock.systemUTC());
    var account = TikTokTesting.account(fake, Clock.systemUTC());
    String oldRefresh = account.credentials().get("refresh_token");

    var renewed = connector.refresh(account).orElseThrow();
    String newRefresh = renewed.credentials().get("refresh_token");
    assertThat(newRefresh).isNotBlank().isNotEqualTo(oldRefresh);
    assertThat(renewed.credentials().get("access_token")).isNotEqualTo(account.credentials().get("access_token"));
    assertThat(renewed.credentials()).containsKeys("expires_at", "refresh_expires_at");
    assertThat(fake.auth().refreshTokenWorks(oldRefresh)).isFalse();
    assertThat(fake.auth().refreshTokenWorks(newRefresh)).isTrue();

    // the old refresh token is spent: using it again means reconnecting
    assertThat(connector.refresh(account)).isEmpty();
    var next = TikTokTesting.context(Map.copyOf(renewed.credentials()));
    assertThat(connector.refresh(next)).isPresent();
  }

  @Test
  void withoutAnApp_tikTokSaysWhatToConfigure() {
    var props = new ink.octopost.networks.NetworksProperties(null, null, null, null, null, null, null, null, null, null, null, null);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TikTokConnector.client(props))
        .hasMessageContaining("OCTOPOST_NETWORKS_TIKTOK_CLIENT_ID");
  }
}

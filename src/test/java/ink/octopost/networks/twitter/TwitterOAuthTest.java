package ink.octopost.networks.twitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.OAuthFlow;
import ink.octopost.shared.OutboundHttp;
import ink.octopost.shared.OutboundProperties;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class TwitterOAuthTest {

  private static TwitterOAuth flow(String baseUrl, String clientId) {
    return new TwitterOAuth(new OutboundHttp(new OutboundProperties(false)), JsonMapper.builder().build(),
        Clock.systemUTC(), TwitterContractTest.properties(baseUrl, clientId, null));
  }

  @Test
  void theConsentPage_isOnXcom_withPkceS256_andTheScopesForPostingAndRefreshing() throws Exception {
    var flow = flow(null, "cid");
    var client = flow.client(null, "https://octopost.example/oauth/callback/twitter", null);
    var url = flow.authorizationUrl(client, null, "https://octopost.example/oauth/callback/twitter", "st", "ch");
    assertThat(url.getScheme() + "://" + url.getHost() + url.getPath()).isEqualTo("https://x.com/i/oauth2/authorize");
    assertThat(url.getQuery()).isEqualTo("response_type=code&client_id=cid"
        + "&redirect_uri=https://octopost.example/oauth/callback/twitter"
        + "&scope=tweet.read tweet.write users.read media.write offline.access&state=st&code_challenge=ch"
        + "&code_challenge_method=S256");
  }

  @Test
  void withoutAClientId_nothingStarts_andTheErrorSaysWhatToSet() {
    assertThatThrownBy(() -> flow(null, null).client(null, "https://octopost.example/cb", null))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> {
          assertThat(r.code()).isEqualTo("not_configured");
          assertThat(r.getMessage()).contains("OCTOPOST_NETWORKS_TWITTER_CLIENT_ID");
        });
  }

  @Test
  void anInstanceUrl_isRefused_becauseXHasOneHost() {
    assertThatThrownBy(() -> flow(null, "cid").instance("https://x.com")).isInstanceOf(IllegalArgumentException.class);
    assertThat(flow(null, "cid").instance(null)).isNull();
  }

  @Test
  void theClientSecret_neverPrints() {
    assertThat(new OAuthFlow.Client("cid", "s3cret").toString()).doesNotContain("s3cret");
  }
}

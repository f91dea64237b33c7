package ink.octopost.networks.linkedin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ink.octopost.fakes.FakeLinkedIn;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.Publication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Connecting LinkedIn against a fake authorization server: the member, their pages, and refresh tokens. */
class LinkedInOAuthTest {

  static final String REDIRECT = "https://octopost.example/oauth/callback/linkedin";

  private FakeLinkedIn fake;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeLinkedIn();
    fake.auth().app(LinkedInTesting.CLIENT_ID, LinkedInTesting.CLIENT_SECRET, REDIRECT)
        .member(LinkedInTesting.PERSON, LinkedInTesting.PERSON_NAME)
        .admin(LinkedInTesting.PERSON, LinkedInTesting.ORG_ID, LinkedInTesting.ORG_NAME, "ADMINISTRATOR")
        .admin(LinkedInTesting.PERSON, "555", "Only Analyst Here", "ANALYST");
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private LinkedInOAuth flow(boolean organizations) {
    return new LinkedInOAuth(LinkedInTesting.http(), JsonMapper.builder().build(), Clock.systemUTC(),
        LinkedInTesting.properties(fake.url(), LinkedInTesting.CLIENT_ID, LinkedInTesting.CLIENT_SECRET),
        new LinkedInProperties(LinkedInProperties.DEFAULT_VERSION, null, organizations));
  }

  private String consent(URI authorize) throws Exception {
    var client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    var r = client.send(HttpRequest.newBuilder(authorize).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
    String location = r.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(REDIRECT + "?code=").endsWith("&state=st");
    return location.substring(location.indexOf("code=") + 5, location.indexOf("&state"));
  }

  private List<NetworkConnector.Identity> login(LinkedInOAuth flow) throws Exception {
    var client = flow.client(null, REDIRECT, null);
    var url = flow.authorizationUrl(client, null, REDIRECT, "st", "challenge");
    assertThat(url.toString()).startsWith(fake.url() + "/oauth/v2/authorization?response_type=code")
        .contains("scope=openid+profile+w_member_social");
    return flow.exchangeAll(client, null, REDIRECT, consent(url), "verifier");
  }

  @Test
  void aLogin_grantsTheMember_andEachPageTheyAdminister_eachPublishingAsItself() throws Exception {
    var flow = flow(true);
    assertThat(flow.grantsSeveralAccounts()).isTrue();
    Instant before = Instant.now();
    var accounts = login(flow);
    assertThat(accounts).extracting(NetworkConnector.Identity::platformUserId)
        .containsExactly("urn:li:person:" + LinkedInTesting.PERSON, "urn:li:organization:" + LinkedInTesting.ORG_ID);
    assertThat(accounts).extracting(NetworkConnector.Identity::displayName)
        .containsExactly(LinkedInTesting.PERSON_NAME, LinkedInTesting.ORG_NAME);
    assertThat(accounts.getFirst().tokenExpiresAt()).isBetween(before.plus(Duration.ofDays(60)).minusSeconds(5),
        before.plus(Duration.ofDays(60)).plusSeconds(5));
    assertThat(accounts.getFirst().toString()).doesNotContain(accounts.getFirst().credentials().get("access_token"));

    var connector = LinkedInTesting.connector(fake);
    for (var identity : accounts) {
      var account = LinkedInTesting.account(identity.platformUserId(), identity.credentials());
      connector.publish(new Publication(account, new PostContent("hello as " + identity.displayName(), List.of(), null, List.of()),
          null, null, "k"));
      assertThat(fake.posts().getLast().author()).isEqualTo(identity.platformUserId());
    }
  }

  @Test
  void withoutTheOrganizationScope_onlyTheMemberIsOffered() throws Exception {
    assertThat(login(flow(false))).extracting(NetworkConnector.Identity::platformUserId)
        .containsExactly("urn:li:person:" + LinkedInTesting.PERSON);
    fake.auth().grantOrganizations(false);
    assertThat(login(flow(true))).hasSize(1);
  }

  @Test
  void refreshTokens_areUsed_andARotatedOneReplacesTheOld() throws Exception {
    fake.auth().issueRefreshTokens(true).rotateRefreshTokens(true);
    var member = login(flow(false)).getFirst();
    String first = member.credentials().get("refresh_token");
    assertThat(first).isNotBlank();
    var connector = LinkedInTesting.connector(fake);
    var account = LinkedInTesting.account(member.platformUserId(), member.credentials());

    var renewed = connector.refresh(account).orElseThrow();
    String second = renewed.credentials().get("refresh_token");
    assertThat(second).isNotBlank().isNotEqualTo(first);
    assertThat(fake.auth().refreshTokenValid(first)).isFalse();
    assertThat(renewed.credentials().get("access_token")).isNotEqualTo(member.credentials().get("access_token"));
    assertThat(renewed.expiresAt()).isAfter(Instant.now().plus(Duration.ofDays(59)));
    var renewedAccount = account.withCredentials(renewed.credentials());
    assertThat(connector.publish(new Publication(renewedAccount, new PostContent("after refresh", List.of(), null, List.of()),
        null, null, "k")).postId()).startsWith("urn:li:share:");

    // without rotation LinkedIn keeps the refresh token: it is carried over
    fake.auth().rotateRefreshTokens(false);
    var again = connector.refresh(renewedAccount).orElseThrow();
    assertThat(again.credentials().get("refresh_token")).isEqualTo(second);

    // the member revokes the app: no refresh, reconnect
    fake.auth().revoke(LinkedInTesting.PERSON);
    assertThat(connector.refresh(account.withCredentials(again.credentials()))).isEmpty();
  }

  @Test
  void withoutRefreshTokens_nothingIsRefreshed() throws Exception {
    var member = login(flow(false)).getFirst();
    assertThat(member.credentials()).doesNotContainKey("refresh_token");
    assertThat(LinkedInTesting.connector(fake).refresh(LinkedInTesting.account(member.platformUserId(), member.credentials())))
        .isEmpty();
  }

  @Test
  void aWrongClientSecret_isTheServersConfiguration() throws Exception {
    var wrong = new LinkedInOAuth(LinkedInTesting.http(), JsonMapper.builder().build(), Clock.systemUTC(),
        LinkedInTesting.properties(fake.url(), LinkedInTesting.CLIENT_ID, "nope"), LinkedInProperties.DEFAULTS);
    var client = wrong.client(null, REDIRECT, null);
    String code = consent(wrong.authorizationUrl(client, null, REDIRECT, "st", "c"));
    var failure = catchThrowableOfType(NetworkFailure.Rejected.class, () -> wrong.exchangeAll(client, null, REDIRECT, code, "v"));
    assertThat(failure.code()).isEqualTo("client_refused");
  }

  @Test
  void anUnconfiguredApp_saysWhichSettingsToSet() {
    var none = new LinkedInOAuth(LinkedInTesting.http(), JsonMapper.builder().build(), Clock.systemUTC(),
        LinkedInTesting.properties(fake.url(), null, null), LinkedInProperties.DEFAULTS);
    var failure = catchThrowableOfType(NetworkFailure.Rejected.class, () -> none.client(null, REDIRECT, null));
    assertThat(failure.getMessage()).contains("OCTOPOST_NETWORKS_LINKEDIN_CLIENT_ID");
  }
}

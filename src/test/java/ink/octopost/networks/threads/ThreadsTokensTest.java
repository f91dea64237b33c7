package ink.octopost.networks.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.fakes.FakeThreads;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.Publication;
import ink.octopost.networks.TokenExpiry;
import ink.octopost.testing.TestClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The 60-day token: connected through the OAuth flow, refreshed a day after it was issued, and what happens when it dies. */
class ThreadsTokensTest {

  private final TestClock clock = new TestClock();
  private FakeThreads fake;
  private ThreadsConnector connector;

  @BeforeEach
  void start() throws Exception {
    clock.freezeAt(Instant.parse("2026-12-05T12:00:00Z"));
    fake = new FakeThreads(clock).user(ThreadsTesting.USER_ID, "octo.threads", "Octo Threads");
    connector = ThreadsTesting.connector(fake, clock);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private Publication.Published publish(Publication.AccountContext account, String text) throws NetworkFailure {
    return connector.publish(new Publication(account, new PostContent(text, List.of(), null, List.of()), null, null, "k"));
  }

  @Test
  void theOAuthFlow_tradesTheCodeForASixtyDayToken_andNamesTheAccount() throws Exception {
    String redirect = "https://octopost.example/oauth/callback/threads";
    fake.auth().client(ThreadsTesting.CLIENT_ID, ThreadsTesting.CLIENT_SECRET, redirect);
    fake.auth().approveAs(ThreadsTesting.USER_ID);
    var flow = ThreadsTesting.oauth(fake, clock);
    var client = flow.client(null, redirect, null);
    URI url = flow.authorizationUrl(client, null, redirect, "st4te", "challenge-not-used");
    assertThat(url.toString()).startsWith(fake.url() + "/oauth/authorize?")
        .contains("scope=threads_basic,threads_content_publish,threads_manage_replies,threads_delete", "response_type=code",
            "client_id=" + ThreadsTesting.CLIENT_ID, "state=st4te")
        .doesNotContain("code_challenge");

    var consent = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.discarding());
    String location = consent.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(redirect + "?code=").endsWith("&state=st4te");
    String code = java.net.URLDecoder.decode(location.replaceAll(".*code=([^&]+).*", "$1"), java.nio.charset.StandardCharsets.UTF_8);

    NetworkConnector.Identity identity = flow.exchange(client, null, redirect, code, "verifier-not-used");
    assertThat(identity.platformUserId()).isEqualTo(ThreadsTesting.USER_ID);
    assertThat(identity.username()).isEqualTo("octo.threads");
    assertThat(identity.displayName()).isEqualTo("Octo Threads");
    assertThat(identity.avatarUrl()).startsWith(fake.url());
    assertThat(identity.tokenExpiresAt()).isEqualTo(clock.instant().plusSeconds(5_183_944));
    var token = fake.auth().valid(identity.credentials().get("access_token"));
    assertThat(token.longLived()).as("the stored token is the 60-day one").isTrue();
    assertThat(identity.credentials()).containsEntry(TokenExpiry.REFRESH_AT, clock.instant().plus(Duration.ofHours(25)).toString());
    assertThat(fake.auth().tokenRequests()).containsExactly("authorization_code", "th_exchange_token");
    assertThatThrownBy(() -> flow.exchange(client, null, redirect, code, "v"))
        .as("a code works once").isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> assertThat(r.getMessage()).contains("code"));
  }

  @Test
  void aTokenPastItsFirstDay_isRefreshedBeforeAnythingIsSent_andTheNewOneWorks() throws Exception {
    var account = ThreadsTesting.account(fake, clock, Duration.ofDays(3), Duration.ofDays(3));
    assertThatThrownBy(() -> publish(account, "due")).isInstanceOf(NetworkFailure.CredentialsExpired.class);
    assertThat(fake.publishCalls() + fake.mediaUploads() + fake.statusReads()).isZero();

    var renewed = connector.refresh(account).orElseThrow();
    assertThat(renewed.credentials().get("access_token")).isNotEqualTo(account.credentials().get("access_token"));
    assertThat(renewed.expiresAt()).isEqualTo(clock.instant().plusSeconds(5_183_944));
    assertThat(renewed.credentials()).containsEntry(TokenExpiry.REFRESH_AT, clock.instant().plus(Duration.ofHours(25)).toString());
    assertThat(fake.auth().tokenRequests()).containsExactly("th_refresh_token");
    assertThat(publish(account.withCredentials(renewed.credentials()), "after the refresh").postId()).isNotBlank();
  }

  @Test
  void aRefreshMetaRefuses_whileTheTokenStillWorks_keepsTheTokenAndAsksAgainADayLater() throws Exception {
    // Meta's clock says the token is an hour old (a refresh needs a day); Octopost's record says it is due.
    var account = ThreadsTesting.account(fake, clock, Duration.ofHours(1), Duration.ofDays(2));
    var kept = connector.refresh(account).orElseThrow();
    assertThat(kept.credentials().get("access_token")).isEqualTo(account.credentials().get("access_token"));
    assertThat(kept.credentials()).containsEntry(TokenExpiry.REFRESH_AT, clock.instant().plus(Duration.ofDays(1)).toString());
    assertThat(publish(account.withCredentials(kept.credentials()), "still fine").postId()).isNotBlank();
  }

  @Test
  void aDeadToken_cannotBeRefreshed_soTheAccountNeedsReconnecting() throws Exception {
    var account = ThreadsTesting.account(fake, clock, Duration.ofDays(2));
    fake.auth().expire(account.credentials().get("access_token"));
    assertThatThrownBy(() -> publish(account, "expired"))
        .isInstanceOfSatisfying(NetworkFailure.CredentialsExpired.class, e -> assertThat(e.getMessage()).contains("190"));
    assertThat(connector.refresh(account)).isEmpty();
  }

  @Test
  void aPasswordChange_needsReconnectingAtOnce() {
    var account = ThreadsTesting.account(fake, clock, Duration.ofDays(2));
    fake.fault(FakeThreads.Fault.REVOKED);
    assertThatThrownBy(() -> publish(account, "revoked")).isInstanceOfSatisfying(NetworkFailure.AccessRevoked.class,
        e -> assertThat(e.getMessage()).contains("password", "reconnect"));
  }

  @Test
  void credentialsCarryNoSecretInTheirPrintout() {
    var account = ThreadsTesting.account(fake, clock, Duration.ofDays(2));
    assertThat(account.toString()).doesNotContain(account.credentials().get("access_token"));
    assertThat(new ThreadsApi.Tokens("secret-token", 1L, "1").toString()).doesNotContain("secret-token");
  }
}

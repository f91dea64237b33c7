package ink.octopost.networks.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.fakes.FakeSlack;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.Platform;
import ink.octopost.networks.Publication;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole Slack contract again, with a bot token that has rotation on (networks.md 11.1): the
 * access token expires after 12 hours and a single-use refresh token, traded through {@code
 * oauth.v2.access} with the app's client id and secret, brings a new pair. The plain token of
 * {@link SlackContractTest} stays in the workspace for the tests that connect it.
 */
class SlackRotationContractTest extends SlackContractTest {

  static final String ROTATING = "xoxe.xoxb-1-rotatingContractToken";
  static final String REFRESH = "xoxe-1-contractRefreshToken";

  @BeforeEach
  @Override
  void start() throws Exception {
    fake = new FakeSlack().bot(TOKEN, "chat:write", "files:write").rotatingBot(ROTATING, REFRESH, "chat:write", "files:write")
        .channel(CHANNEL, "general", false).join(TOKEN, CHANNEL).join(ROTATING, CHANNEL);
    connector = connector(fake.url(), fake.auth().clientId(), fake.auth().clientSecret());
  }

  @Override
  protected boolean tokensExpire() {
    return true;
  }

  @Override
  protected Publication.AccountContext account() {
    return account(Map.of("bot_token", ROTATING, "channel", CHANNEL, "refresh_token", REFRESH));
  }

  private static Publication.AccountContext account(Map<String, String> credentials) {
    return new Publication.AccountContext("acc_rotating", Platform.SLACK, CHANNEL, "general", "https://octo.slack.com",
        credentials);
  }

  /** With rotation on, an uninstalled app's token reads as expired; the refused refresh then ends it. */
  @Test
  @Override
  void slackErrors_areClassified() throws Exception {
    fake.archive(CHANNEL);
    assertThatThrownBy(() -> publish("archived")).isInstanceOf(NetworkFailure.Rejected.class).hasMessageContaining("is_archived");
    fake.revoke(ROTATING);
    fake.auth().revokeRefreshTokens(ROTATING);
    assertThatThrownBy(() -> publish("revoked")).isInstanceOf(NetworkFailure.CredentialsExpired.class)
        .hasMessageContaining("invalid_auth");
    assertThat(connector.refresh(account())).isEmpty();
  }

  @Test
  void aRefresh_rotatesBothTokens_keepsTheChannel_andSaysWhenTheNewTokenExpires() throws Exception {
    var renewed = connector.refresh(account()).orElseThrow();
    var c = renewed.credentials();
    assertThat(c.get("bot_token")).startsWith("xoxe.xoxb-").isNotEqualTo(ROTATING);
    assertThat(c.get("refresh_token")).startsWith("xoxe-1-").isNotEqualTo(REFRESH);
    assertThat(c).containsEntry("channel", CHANNEL);
    assertThat(renewed.expiresAt()).isBetween(Instant.now().plus(Duration.ofHours(12)).minusSeconds(60),
        Instant.now().plus(Duration.ofHours(12)).plusSeconds(60));
    assertThat(Instant.parse(c.get("refresh_at"))).isBefore(renewed.expiresAt());
    // The old refresh token was spent: a second node using it gets nothing (the engine then reads the winner's).
    assertThat(connector.refresh(account())).isEmpty();
  }

  @Test
  void aTokenDueForRefresh_isRefreshedBeforeAnythingIsSent() {
    var credentials = new LinkedHashMap<>(account().credentials());
    credentials.put("refresh_at", Instant.now().minusSeconds(1).toString());
    credentials.put("expires_at", Instant.now().plusSeconds(299).toString());
    int calls = fake.publishCalls();
    assertThatThrownBy(() -> publish(account(credentials), text("soon"), null, null, "k"))
        .isInstanceOf(NetworkFailure.CredentialsExpired.class);
    assertThat(fake.publishCalls()).isEqualTo(calls);
  }

  @Test
  void invalidAuth_onARotatingToken_isWorthARefresh() {
    var unknown = account(Map.of("bot_token", "xoxe.xoxb-1-neverIssuedToken", "channel", CHANNEL, "refresh_token", REFRESH));
    assertThatThrownBy(() -> publish(unknown, text("who?"), null, null, "k")).isInstanceOf(NetworkFailure.CredentialsExpired.class);
  }

  @Test
  void aRevokedRefreshToken_endsInAReconnect_andMissingAppCredentialsSaySo() throws Exception {
    fake.auth().revokeRefreshTokens(ROTATING);
    assertThat(connector.refresh(account())).isEmpty();

    var unconfigured = SlackContractTest.connector(fake.url(), null, null);
    assertThatThrownBy(() -> unconfigured.refresh(account())).isInstanceOf(NetworkFailure.Rejected.class)
        .hasMessageContaining("OCTOPOST_NETWORKS_SLACK_CLIENT_ID");
    var wrongSecret = SlackContractTest.connector(fake.url(), fake.auth().clientId(), "not-the-secret");
    assertThatThrownBy(() -> wrongSecret.refresh(account())).isInstanceOf(NetworkFailure.Rejected.class)
        .hasMessageContaining("bad_client_secret");
  }

  @Test
  void connect_storesTheRefreshTokenAndExpiry_andRefusesARotatingTokenWithoutOne() throws Exception {
    var identity = connector.connect(Map.of("bot_token", ROTATING, "channel", CHANNEL, "refresh_token", REFRESH,
        "expires_in", "43200"));
    assertThat(identity.credentials()).containsEntry("bot_token", ROTATING).containsEntry("refresh_token", REFRESH)
        .containsKeys("expires_at", "refresh_at");
    assertThat(identity.tokenExpiresAt()).isAfter(Instant.now().plus(Duration.ofHours(11)));

    assertThatThrownBy(() -> connector.connect(Map.of("bot_token", ROTATING, "channel", CHANNEL)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refresh_token");
    assertThatThrownBy(() -> connector.connect(Map.of("bot_token", ROTATING, "channel", CHANNEL, "refresh_token", "nope")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("nope");
    assertThatThrownBy(() -> connector.connect(Map.of("bot_token", ROTATING, "channel", CHANNEL, "refresh_token", REFRESH,
        "expires_in", "soon"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expires_in");
    assertThatThrownBy(() -> SlackContractTest.connector(fake.url(), null, null).connect(Map.of("bot_token", ROTATING, "channel", CHANNEL,
        "refresh_token", REFRESH))).isInstanceOf(NetworkFailure.Rejected.class).hasMessageContaining("CLIENT_SECRET");
  }

  @Test
  void connect_withATokenThatAlreadyExpired_refreshesItOnce() throws Exception {
    fake.auth().expire(ROTATING);
    var identity = connector.connect(Map.of("bot_token", ROTATING, "channel", CHANNEL, "refresh_token", REFRESH));
    assertThat(identity.credentials().get("bot_token")).isEqualTo(fake.auth().latestAccessToken()).isNotEqualTo(ROTATING);
    assertThat(identity.credentials().get("refresh_token")).isNotEqualTo(REFRESH);
    assertThat(fake.auth().refreshes()).isEqualTo(1);
  }
}

package ink.octopost.networks.twitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.fakes.FakeNetwork;
import ink.octopost.fakes.FakeX;
import ink.octopost.fakes.FakeXAuth;
import ink.octopost.fakes.FakeXMedia;
import ink.octopost.fakes.MediaServer;
import ink.octopost.media.TestMediaSources;
import ink.octopost.networks.ConnectorContractTest;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.NetworksProperties;
import ink.octopost.networks.Platform;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.Publication;
import ink.octopost.shared.OutboundHttp;
import ink.octopost.shared.OutboundProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class TwitterContractTest extends ConnectorContractTest {

  static final String USER_ID = "2244994945";
  static final String CLIENT_ID = "contract-client";

  private FakeX fake;
  private TwitterConnector connector;
  private Publication.AccountContext account;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeX().user(USER_ID, "contract", "Contract");
    fake.auth().client(CLIENT_ID, null, "http://127.0.0.1/callback");
    connector = connector(fake, XMediaUpload.DEFAULT_CHUNK_BYTES);
    account = account(fake.auth().issue(CLIENT_ID, USER_ID, FakeXAuth.KNOWN_SCOPES));
  }

  static NetworksProperties properties(String baseUrl, String clientId, String clientSecret) {
    var x = new NetworksProperties.Network(baseUrl, clientId, clientSecret);
    return new NetworksProperties(x, null, null, null, null, null, null, null, null, null, null, null);
  }

  static TwitterConnector connector(FakeX fake, int chunkBytes) {
    var http = new OutboundHttp(new OutboundProperties(true));
    return new TwitterConnector(http, JsonMapper.builder().build(), Clock.systemUTC(), TestMediaSources.fetching(http),
        properties(fake.url(), CLIENT_ID, null), chunkBytes);
  }

  static Publication.AccountContext account(FakeXAuth.Issued issued) {
    var credentials = XCredentials.of(new XApi.Tokens(issued.accessToken(), issued.refreshToken(), issued.expiresIn()),
        null, Instant.now());
    return new Publication.AccountContext("acc_contract", Platform.TWITTER, USER_ID, "contract", null, credentials);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Override
  protected NetworkConnector connector() {
    return connector;
  }

  @Override
  protected FakeNetwork fake() {
    return fake;
  }

  @Override
  protected Publication.AccountContext account() {
    return account;
  }

  @Override
  protected boolean tokensExpire() {
    return true;
  }

  @Test
  void aRefusedClient_isNotMistakenForARefusedRefreshToken() {
    var misconfigured = new TwitterConnector(new OutboundHttp(new OutboundProperties(true)), JsonMapper.builder().build(),
        Clock.systemUTC(), TestMediaSources.fetching(new OutboundHttp(new OutboundProperties(true))),
        properties(fake.url(), CLIENT_ID, "a secret the public client does not have"), 1000);
    assertThatThrownBy(() -> misconfigured.refresh(account))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> assertThat(r.code()).isEqualTo("client_refused"));
    assertThat(fake.auth().refreshTokenValid(account.credentials().get("refresh_token"))).isTrue();
  }

  @Test
  void thePostUrl_isTheAuthorsStatusUrl() throws Exception {
    var published = publish("where does it live");
    assertThat(published.postUrl()).isEqualTo("https://x.com/contract/status/" + published.postId());
  }

  @Test
  void refresh_rotatesTheRefreshToken_andTheOldOneDies() throws Exception {
    String old = account.credentials().get("refresh_token");
    var renewed = connector.refresh(account).orElseThrow();
    String rotated = renewed.credentials().get("refresh_token");
    assertThat(rotated).isNotBlank().isNotEqualTo(old);
    assertThat(renewed.credentials().get("access_token")).isNotEqualTo(account.credentials().get("access_token"));
    assertThat(renewed.expiresAt()).isBetween(Instant.now().plus(Duration.ofMinutes(119)), Instant.now().plus(Duration.ofMinutes(121)));
    assertThat(fake.auth().refreshTokenValid(old)).isFalse();
    assertThat(connector.refresh(account)).as("the old refresh token was single use").isEmpty();
  }

  @Test
  void aTokenDueForRefresh_isRefreshedBeforeAnyCall() {
    var due = new java.util.LinkedHashMap<>(account.credentials());
    due.put("refresh_at", Instant.now().minusSeconds(1).toString());
    var ctx = new Publication.AccountContext(account.id(), account.platform(), account.platformUserId(), account.username(),
        null, due);
    int calls = fake.publishCalls();
    assertThatThrownBy(() -> publish(ctx, text("early"), null, null, "k")).isInstanceOf(NetworkFailure.CredentialsExpired.class);
    assertThat(fake.publishCalls()).isEqualTo(calls);
  }

  @Test
  void withoutARefreshToken_a401_meansReconnect() {
    var ctx = account(fake.auth().issue(CLIENT_ID, USER_ID, java.util.Set.of("tweet.read", "tweet.write", "users.read")));
    fake.failNext(FakeNetwork.Fault.EXPIRED_TOKEN);
    assertThatThrownBy(() -> publish(ctx, text("no refresh"), null, null, "k")).isInstanceOf(NetworkFailure.AccessRevoked.class);
  }

  @Test
  void duplicateContent_isRejectedForGood() throws Exception {
    publish("say it once");
    assertThatThrownBy(() -> publish("say it once"))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> assertThat(r.code()).isEqualTo("duplicate_content"));
  }

  @Test
  void aRefusedSelfReply_isRejected() throws Exception {
    var first = publish("1/2 summoned?");
    fake.refuseReplies(true);
    assertThatThrownBy(() -> publish(account, text("2/2"), first, first, "k"))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> assertThat(r.code()).isEqualTo("forbidden"));
  }

  @Test
  void aBigVideo_isAppendedInSegments_andPolledUntilProcessed() throws Exception {
    var small = connector(fake, 1000);
    fake.media().pollsToSucceed(2);
    var video = new PostContent.Video(media.serve("big.mp4", MediaServer.mp4(2500)), null, null);
    small.publish(new Publication(account, new PostContent("segments", List.of(), video, List.of()), null, null, "k"));
    var upload = fake.media().uploads().stream().filter(FakeXMedia.Upload::video).findFirst().orElseThrow();
    assertThat(upload.segments()).isEqualTo(3);
    assertThat(upload.state()).isEqualTo("succeeded");
    assertThat(fake.held().getLast().video()).isTrue();
  }

  @Test
  void videoProcessingFailure_isRejected() {
    fake.media().failProcessing(true);
    var video = new PostContent.Video(media.serve("bad.mp4", MediaServer.mp4(2048)), null, null);
    assertThatThrownBy(() -> publish(account, new PostContent("bad video", List.of(), video, List.of()), null, null, "k"))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> assertThat(r.code()).isEqualTo("media_rejected"));
    assertThat(fake.publishCalls()).isZero();
  }

  @Test
  void deletingAPostThatIsGone_isFine() throws Exception {
    var published = publish("delete me twice");
    connector.delete(account, published.postId());
    connector.delete(account, published.postId());
    assertThat(fake.held()).isEmpty();
  }

  @Test
  void aSpentDailyCap_retriesWhenThatCapResets_notTheFifteenMinuteWindow() {
    fake.fault(FakeX.Fault.DAILY_CAP);
    Instant before = Instant.now();
    assertThatThrownBy(() -> publish(account, text("capped " + UUID.randomUUID()), null, null, "k"))
        .isInstanceOfSatisfying(NetworkFailure.RateLimited.class, r -> assertThat(r.retryAt()).isBetween(
            before.plusSeconds(FakeX.DAILY_RESET_SECONDS - 2), before.plusSeconds(FakeX.DAILY_RESET_SECONDS + 2)));
  }
}

package ink.octopost.networks.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.fakes.FakeNetwork;
import ink.octopost.fakes.FakeSlack;
import ink.octopost.fakes.MediaServer;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.Platform;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.Publication;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Slack through an incoming webhook: text only, no id, no delete, its errors in plain text. */
class SlackWebhookTest {

  private FakeSlack fake;
  private MediaServer media;
  private SlackConnector connector;
  private String url;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeSlack().channel("C0HOOKED", "releases", false);
    media = new MediaServer();
    connector = SlackContractTest.connector(fake.url());
    url = fake.webhook("C0HOOKED");
  }

  @AfterEach
  void stop() {
    fake.close();
    media.close();
  }

  private Publication.AccountContext account() throws Exception {
    var identity = connector.connect(Map.of("webhook_url", url));
    return new Publication.AccountContext("acc_hook", Platform.SLACK, identity.platformUserId(), identity.username(), null,
        identity.credentials());
  }

  private Publication.Published publish(Publication.AccountContext account, String text) throws NetworkFailure {
    return connector.publish(new Publication(account, new PostContent(text, List.of(), null, List.of()), null, null, "k"));
  }

  @Test
  void theSendGate_opensOnceBeforeTheWebhookPost_andARefusedGateSendsNothing() throws Exception {
    var account = account();
    var callsAtOpen = new java.util.ArrayList<Integer>();
    int before = fake.publishCalls();
    connector.publish(new Publication(account, new PostContent("gated", List.of(), null, List.of()), null, null, "k",
        () -> callsAtOpen.add(fake.publishCalls())));
    assertThat(callsAtOpen).containsExactly(before);
    assertThat(fake.publishCalls()).isEqualTo(before + 1);

    assertThatThrownBy(() -> connector.publish(new Publication(account, new PostContent("refused", List.of(), null, List.of()),
        null, null, "k2", () -> {
          throw new ink.octopost.networks.SendGate.TakenOver();
        }))).isInstanceOf(ink.octopost.networks.SendGate.TakenOver.class);
    assertThat(fake.publishCalls()).isEqualTo(before + 1);
  }

  @Test
  void connect_probesTheWebhookWithoutPosting_andStoresItsPath() throws Exception {
    var identity = connector.connect(Map.of("webhook_url", url));
    assertThat(identity.platformUserId()).startsWith("B");
    assertThat(identity.credentials()).containsOnlyKeys("webhook_path");
    assertThat(url).endsWith(identity.credentials().get("webhook_path"));
    assertThat(fake.created()).isEmpty();
    assertThat(identity.toString()).doesNotContain(identity.credentials().get("webhook_path"));
  }

  @Test
  void connect_refusesARemovedWebhook_andURLsOutsideTheConfiguredHost() {
    String secretPart = url.substring(url.lastIndexOf('/') + 1);
    fake.removeWebhook(url);
    assertThatThrownBy(() -> connector.connect(Map.of("webhook_url", url)))
        .isInstanceOf(NetworkFailure.AccessRevoked.class).hasMessageContaining("no_service").hasMessageNotContaining(secretPart);
    assertThatThrownBy(() -> connector.connect(Map.of("webhook_url", "https://hooks.example.com/services/T0/B0/abcdefghij")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> connector.connect(Map.of("webhook_url", url, "bot_token", "xoxb-1-2-3-abcdefgh")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
    assertThatThrownBy(() -> connector.connect(Map.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theDefaultHosts_areSlacks() {
    var real = SlackContractTest.connector("https://slack.com/api");
    assertThat(SlackConnector.hooksUrl("https://slack.com/api")).isEqualTo("https://hooks.slack.com");
    assertThat(SlackConnector.hooksUrl(fake.url())).isEqualTo(fake.origin());
    assertThatThrownBy(() -> real.connect(Map.of("webhook_url", url))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https://hooks.slack.com/services/");
  }

  @Test
  void publishesText_inOrder_withoutAnId() throws Exception {
    var account = account();
    var first = publish(account, "one");
    publish(account, "two");
    assertThat(first.postId()).isNull();
    assertThat(first.postUrl()).isNull();
    assertThat(fake.held()).extracting(FakeNetwork.Held::text).containsExactly("one", "two");
  }

  @Test
  void media_isRefusedWithAClearReason_andDeleteIsNotPossible() throws Exception {
    var account = account();
    var png = media.serve("x.png", MediaServer.png(5, 5));
    assertThatThrownBy(() -> connector.publish(new Publication(account,
        new PostContent("pic", List.of(new PostContent.Image(png, null)), null, List.of()), null, null, "k")))
        .isInstanceOf(NetworkFailure.Rejected.class).hasMessageContaining("bot token");
    assertThat(fake.publishCalls()).isZero();
    assertThatThrownBy(() -> connector.delete(account, "anything")).isInstanceOf(NetworkFailure.Rejected.class);
  }

  @Test
  void webhookErrors_areClassified() throws Exception {
    var account = account();
    fake.failNext(FakeNetwork.Fault.REVOKED);
    assertThatThrownBy(() -> publish(account, "a")).isInstanceOf(NetworkFailure.AccessRevoked.class).hasMessageContaining("invalid_token");
    fake.retryAfter(7).failNext(FakeNetwork.Fault.RATE_LIMITED);
    Instant before = Instant.now();
    assertThatThrownBy(() -> publish(account, "b")).isInstanceOfSatisfying(NetworkFailure.RateLimited.class,
        r -> assertThat(r.retryAt()).isBetween(before.plusSeconds(6), before.plusSeconds(9)));
    fake.failNext(FakeNetwork.Fault.SERVER_ERROR);
    assertThatThrownBy(() -> publish(account, "c")).isInstanceOf(NetworkFailure.Unavailable.class);
    fake.failNext(FakeNetwork.Fault.DROP_AFTER_SEND);
    assertThatThrownBy(() -> publish(account, "d")).isInstanceOf(NetworkFailure.OutcomeUnknown.class);
    fake.archive("C0HOOKED");
    assertThatThrownBy(() -> publish(account, "e")).isInstanceOf(NetworkFailure.AccessRevoked.class)
        .hasMessageContaining("channel_is_archived");
    fake.removeWebhook(url);
    assertThatThrownBy(() -> publish(account, "f")).isInstanceOf(NetworkFailure.AccessRevoked.class).hasMessageContaining("no_service");
  }
}

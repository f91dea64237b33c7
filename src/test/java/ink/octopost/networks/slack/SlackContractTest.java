package ink.octopost.networks.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.fakes.FakeNetwork;
import ink.octopost.fakes.FakeSlack;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** The contract with a bot token (the full-featured way to post); webhooks are in {@link SlackWebhookTest}. */
class SlackContractTest extends ConnectorContractTest {

  static final String TOKEN = "xoxb-1111-2222-contractToken";
  static final String CHANNEL = "C0CONTRACT";

  FakeSlack fake;
  SlackConnector connector;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeSlack().bot(TOKEN, "chat:write", "files:write").channel(CHANNEL, "general", false).join(TOKEN, CHANNEL);
    connector = connector(fake.url());
  }

  static SlackConnector connector(String baseUrl) {
    return connector(baseUrl, null, null);
  }

  /** The connector against the fake; with the Slack app's client id and secret when given (token rotation). */
  static SlackConnector connector(String baseUrl, String clientId, String clientSecret) {
    var settings = new java.util.HashMap<String, String>();
    settings.put("octopost.networks.slack.base-url", baseUrl);
    if (clientId != null) {
      settings.put("octopost.networks.slack.client-id", clientId);
      settings.put("octopost.networks.slack.client-secret", clientSecret);
    }
    var http = new OutboundHttp(new OutboundProperties(true));
    var props = new Binder(new MapConfigurationPropertySource(settings)).bind("octopost.networks", NetworksProperties.class).get();
    return new SlackConnector(http, JsonMapper.builder().build(), Clock.systemUTC(), TestMediaSources.fetching(http), props);
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
    return new Publication.AccountContext("acc_contract", Platform.SLACK, CHANNEL, "general", "https://octo.slack.com",
        Map.of("bot_token", TOKEN, "channel", CHANNEL));
  }

  @Test
  void connect_checksTheTokenAndTheChannel() throws Exception {
    var identity = connector.connect(Map.of("bot_token", TOKEN, "channel", CHANNEL));
    assertThat(identity.platformUserId()).isEqualTo(CHANNEL);
    assertThat(identity.username()).isEqualTo("general");
    assertThat(identity.displayName()).isEqualTo("Octo #general");
    assertThat(identity.instanceUrl()).isEqualTo("https://octo.slack.com");
    assertThat(identity.credentials()).containsExactlyInAnyOrderEntriesOf(Map.of("bot_token", TOKEN, "channel", CHANNEL));
  }

  @Test
  void connect_refusesAWrongToken_anUnknownOrArchivedChannel_andOneTheAppIsNotIn() {
    assertThatThrownBy(() -> connector.connect(Map.of("bot_token", "xoxb-1111-2222-wrongToken", "channel", CHANNEL)))
        .isInstanceOf(NetworkFailure.AccessRevoked.class).hasMessageContaining("invalid_auth");
    assertThatThrownBy(() -> connector.connect(Map.of("bot_token", TOKEN, "channel", "C0NOWHERE")))
        .isInstanceOf(NetworkFailure.Rejected.class).hasMessageContaining("channel_not_found");
    fake.channel("C0OUTSIDE", "outside", false);
    assertThatThrownBy(() -> connector.connect(Map.of("bot_token", TOKEN, "channel", "C0OUTSIDE")))
        .isInstanceOf(NetworkFailure.Rejected.class).hasMessageContaining("not_in_channel");
    fake.channel("C0ARCHIVE", "old", false).join(TOKEN, "C0ARCHIVE").archive("C0ARCHIVE");
    assertThatThrownBy(() -> connector.connect(Map.of("bot_token", TOKEN, "channel", "C0ARCHIVE")))
        .isInstanceOf(NetworkFailure.Rejected.class).hasMessageContaining("archived");
    assertThatThrownBy(() -> connector.connect(Map.of("bot_token", TOKEN, "channel", "#general")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channel");
    assertThatThrownBy(() -> connector.connect(Map.of("bot_token", "hunter2", "channel", CHANNEL)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("hunter2");
  }

  @Test
  void chatWritePublic_letsTheAppPostIntoAPublicChannelItIsNotIn() throws Exception {
    String token = "xoxb-1111-3333-publicWriter";
    fake.bot(token, "chat:write", "chat:write.public").channel("C0PUBLIC", "announcements", false);
    var identity = connector.connect(Map.of("bot_token", token, "channel", "C0PUBLIC"));
    var account = new Publication.AccountContext("a", Platform.SLACK, "C0PUBLIC", "announcements", identity.instanceUrl(),
        identity.credentials());
    assertThat(publish(account, text("hello"), null, null, "k").postId()).isNotBlank();
  }

  @Test
  void aThread_repliesUnderItsFirstMessage_andEachMessageHasItsPermalink() throws Exception {
    var first = publish("1/3");
    var second = publish(account(), text("2/3"), first, first, UUID.randomUUID().toString());
    publish(account(), text("3/3"), second, first, UUID.randomUUID().toString());
    var held = fake.held();
    var thread = held.subList(held.size() - 3, held.size());
    assertThat(thread.get(1).replyTo()).isEqualTo(first.postId());
    assertThat(thread.get(2).replyTo()).isEqualTo(first.postId());
    assertThat(first.refs()).containsEntry("channel", CHANNEL).containsEntry("ts", first.postId());
    assertThat(first.postUrl()).isEqualTo(FakeSlack.TEAM_URL + "archives/" + CHANNEL + "/p" + first.postId().replace(".", ""));
  }

  @Test
  void files_goThroughTheThreeCallUpload_withAltText_inTheThread() throws Exception {
    var root = publish("root");
    var png = media.serve("chart.png", MediaServer.png(30, 20));
    var video = new PostContent.Video(media.serve("clip.mp4", MediaServer.mp4(2048)), null, null);
    var published = publish(account(), new PostContent("look", List.of(new PostContent.Image(png, "a chart")), video, List.of()),
        root, root, "k");
    var msg = fake.created().getLast();
    assertThat(msg.text()).isEqualTo("look");
    assertThat(msg.threadTs()).isEqualTo(root.postId());
    assertThat(msg.files()).extracting(FakeSlack.File::name).containsExactly("chart.png", "clip.mp4");
    assertThat(msg.files()).extracting(FakeSlack.File::altTxt).containsExactly("a chart", null);
    assertThat(published.postId()).isEqualTo(msg.ts());
    assertThat(published.refs()).containsEntry("file_id", msg.files().getFirst().id());
  }

  @Test
  void aFileMessagesTs_isFoundInFilesInfo_whenSlackSharesItLate() throws Exception {
    fake.sharesAfterPolls(2);
    var png = media.serve("late.png", MediaServer.png(10, 10));
    var published = publish(account(), new PostContent("late", List.of(new PostContent.Image(png, null)), null, List.of()),
        null, null, "k");
    assertThat(published.postId()).isEqualTo(fake.created().getLast().ts());
    assertThat(published.postUrl()).contains("/archives/" + CHANNEL + "/p");
  }

  @Test
  void whenSlackNeverSaysWhichMessageCarriesTheFiles_theFileStandsForThePost_andCanBeDeleted() throws Exception {
    fake.sharesAfterPolls(1000);
    var png = media.serve("never.png", MediaServer.png(10, 10));
    var published = publish(account(), new PostContent("never", List.of(new PostContent.Image(png, null)), null, List.of()),
        null, null, "k");
    assertThat(published.postId()).startsWith("F");
    assertThat(published.postUrl()).startsWith(FakeSlack.TEAM_URL + "files/");
    connector.delete(account(), published.postId());
    assertThat(fake.held()).extracting(FakeNetwork.Held::text).doesNotContain("never");
  }

  @Test
  void tooLongAltText_isCutToSlacksLimit() throws Exception {
    var png = media.serve("alt.png", MediaServer.png(10, 10));
    publish(account(), new PostContent("alt", List.of(new PostContent.Image(png, "é".repeat(1200))), null, List.of()), null, null, "k");
    assertThat(fake.created().getLast().files().getFirst().altTxt()).hasSize(1000);
  }

  @Test
  void slackErrors_areClassified() throws Exception {
    fake.archive(CHANNEL);
    assertThatThrownBy(() -> publish("archived")).isInstanceOf(NetworkFailure.Rejected.class).hasMessageContaining("is_archived");
    var other = new Publication.AccountContext("b", Platform.SLACK, "C0GONE", "gone", null, Map.of("bot_token", TOKEN, "channel", "C0GONE"));
    assertThatThrownBy(() -> publish(other, text("x"), null, null, "k")).isInstanceOf(NetworkFailure.Rejected.class)
        .hasMessageContaining("channel_not_found");
    fake.revoke(TOKEN);
    assertThatThrownBy(() -> publish("revoked")).isInstanceOf(NetworkFailure.AccessRevoked.class).hasMessageContaining("invalid_auth");
  }

  @Test
  void deletingAMessageThatIsAlreadyGone_succeeds() throws Exception {
    var published = publish("twice");
    connector.delete(account(), published.postId());
    connector.delete(account(), published.postId());
    assertThat(fake.held()).extracting(FakeNetwork.Held::text).doesNotContain("twice");
  }
}

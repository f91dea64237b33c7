package ink.octopost.networks.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.fakes.FakeNetwork;
import ink.octopost.fakes.FakeTelegram;
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

class TelegramContractTest extends ConnectorContractTest {

  static final String TOKEN = "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
  static final long CHANNEL = -1001234567890L;

  private FakeTelegram fake;
  private TelegramConnector connector;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeTelegram().bot(TOKEN, "octo_bot").chat(CHANNEL, "channel", "Octo News", "octonews")
        .member(CHANNEL, TOKEN, "administrator");
    connector = connector(fake.url());
  }

  static TelegramConnector connector(String baseUrl) {
    var http = new OutboundHttp(new OutboundProperties(true));
    var props = new Binder(new MapConfigurationPropertySource(Map.of("octopost.networks.telegram.base-url", baseUrl)))
        .bind("octopost.networks", NetworksProperties.class).get();
    return new TelegramConnector(http, JsonMapper.builder().build(), Clock.systemUTC(), TestMediaSources.fetching(http), props);
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
    return new Publication.AccountContext("acc_contract", Platform.TELEGRAM, String.valueOf(CHANNEL), "octonews", null,
        Map.of("bot_token", TOKEN, "chat_id", String.valueOf(CHANNEL)));
  }

  @Test
  void connect_resolvesTheChannel_andStoresItsNumericId() throws Exception {
    var identity = connector.connect(Map.of("bot_token", TOKEN, "chat_id", "@octonews"));
    assertThat(identity.platformUserId()).isEqualTo(String.valueOf(CHANNEL));
    assertThat(identity.username()).isEqualTo("octonews");
    assertThat(identity.displayName()).isEqualTo("Octo News");
    assertThat(identity.credentials()).containsEntry("chat_id", String.valueOf(CHANNEL)).containsEntry("bot_token", TOKEN);
    assertThat(identity.toString()).doesNotContain(TOKEN);
  }

  @Test
  void connect_refusesAWrongToken_aMissingChat_andABotThatCannotPost() {
    assertThatThrownBy(() -> connector.connect(Map.of("bot_token", "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsXX", "chat_id", "@octonews")))
        .isInstanceOf(NetworkFailure.AccessRevoked.class).hasMessageContaining("Unauthorized").hasMessageNotContaining("AAH");
    assertThatThrownBy(() -> connector.connect(Map.of("bot_token", TOKEN, "chat_id", "@nowhere")))
        .isInstanceOf(NetworkFailure.Rejected.class).hasMessageContaining("chat not found");
    fake.chat(-1009L, "channel", "Readonly", "readonly").member(-1009L, TOKEN, "member");
    assertThatThrownBy(() -> connector.connect(Map.of("bot_token", TOKEN, "chat_id", "@readonly")))
        .isInstanceOf(NetworkFailure.Rejected.class).hasMessageContaining("administrator");
    assertThatThrownBy(() -> connector.connect(Map.of("bot_token", "not a token", "chat_id", "@octonews")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("not a token");
    assertThatThrownBy(() -> connector.connect(Map.of("bot_token", TOKEN)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chat_id");
  }

  @Test
  void aThread_repliesToThePreviousMessage_andLinksToThePublicChannel() throws Exception {
    var first = publish("one");
    var second = publish(account(), text("two"), first, first, UUID.randomUUID().toString());
    assertThat(first.postUrl()).isEqualTo("https://t.me/octonews/" + first.postId());
    assertThat(first.refs()).containsEntry("chat_id", String.valueOf(CHANNEL));
    assertThat(fake.sent().getLast().replyTo()).isEqualTo(Long.parseLong(first.postId()));
    assertThat(second.postId()).isNotEqualTo(first.postId());
  }

  @Test
  void aPrivateChannel_linksThroughTheInternalId() throws Exception {
    fake.chat(-1005550001L, "channel", "Private", null).member(-1005550001L, TOKEN, "administrator");
    var account = new Publication.AccountContext("acc_p", Platform.TELEGRAM, "-1005550001", "Private", null,
        Map.of("bot_token", TOKEN, "chat_id", "-1005550001"));
    var published = publish(account, text("hidden"), null, null, "k");
    assertThat(published.postUrl()).isEqualTo("https://t.me/c/5550001/" + published.postId());
  }

  @Test
  void oneImage_isAPhotoWithCaption_andImagesWithAVideo_areOneAlbum() throws Exception {
    var png = media.serve("a.png", MediaServer.png(20, 20));
    publish(account(), new PostContent("caption", List.of(new PostContent.Image(png, null)), null, List.of()), null, null, "k1");
    var single = fake.sent().getLast();
    assertThat(single.ids()).hasSize(1);
    assertThat(single.text()).isEqualTo("caption");

    var video = new PostContent.Video(media.serve("v.mp4", MediaServer.mp4(2048)), null, null);
    var album = publish(account(), new PostContent("album", List.of(new PostContent.Image(png, null),
        new PostContent.Image(png, null)), video, List.of()), null, null, "k2");
    var sent = fake.sent().getLast();
    assertThat(sent.ids()).hasSize(3);
    assertThat(sent.images()).isEqualTo(2);
    assertThat(sent.video()).isTrue();
    assertThat(sent.text()).isEqualTo("album");
    assertThat(album.postId()).isEqualTo(String.valueOf(sent.ids().getFirst()));
    assertThat(album.refs().get("message_ids")).isEqualTo(String.join(",", sent.ids().stream().map(String::valueOf).toList()));
  }

  @Test
  void aTooLongCaption_isRejectedWithTelegramsReason() {
    var png = media.serve("b.png", MediaServer.png(20, 20));
    assertThatThrownBy(() -> publish(account(), new PostContent("c".repeat(1025), List.of(new PostContent.Image(png, null)),
        null, List.of()), null, null, "k"))
        .isInstanceOf(NetworkFailure.Rejected.class).hasMessageContaining("message caption is too long");
  }

  @Test
  void aKickedBot_isRejected_notRetried() {
    fake.member(CHANNEL, TOKEN, "kicked");
    assertThatThrownBy(() -> publish("gone")).isInstanceOf(NetworkFailure.Rejected.class)
        .hasMessageContaining("Forbidden: bot was kicked");
  }
}

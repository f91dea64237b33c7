package ink.octopost.networks.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.fakes.FakeDiscord;
import ink.octopost.fakes.FakeNetwork;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.json.JsonMapper;

class DiscordContractTest extends ConnectorContractTest {

  private FakeDiscord fake;
  private FakeDiscord.Webhook hook;
  private DiscordConnector connector;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeDiscord();
    hook = fake.webhook("Octo Announcer", "222000000000000001", "111000000000000001");
    connector = connector(Map.of("octopost.networks.discord.base-url", fake.url()));
  }

  static DiscordConnector connector(Map<String, String> properties) {
    var http = new OutboundHttp(new OutboundProperties(true));
    var props = new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("octopost.networks", NetworksProperties.class);
    return new DiscordConnector(http, JsonMapper.builder().build(), Clock.systemUTC(), TestMediaSources.fetching(http), props);
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
    return new Publication.AccountContext("acc_contract", Platform.DISCORD, hook.id(), hook.name(), null,
        Map.of("webhook_id", hook.id(), "webhook_token", hook.token(), "guild_id", hook.guildId(), "channel_id", hook.channelId()));
  }

  @Test
  void connect_readsTheWebhook_andStoresItsIdAndToken() throws Exception {
    var identity = connector.connect(Map.of("webhook_url", fake.webhookUrl(hook)));
    assertThat(identity.platformUserId()).isEqualTo(hook.id());
    assertThat(identity.username()).isEqualTo("Octo Announcer");
    assertThat(identity.credentials()).containsEntry("webhook_id", hook.id()).containsEntry("webhook_token", hook.token())
        .containsEntry("guild_id", hook.guildId()).containsEntry("channel_id", hook.channelId());
    assertThat(identity.toString()).doesNotContain(hook.token());
    var versioned = fake.url() + "/v10/webhooks/" + hook.id() + "/" + hook.token();
    assertThat(connector.connect(Map.of("webhook_url", versioned)).platformUserId()).isEqualTo(hook.id());
  }

  @Test
  void connect_refusesWebhooksOutsideTheConfiguredBase_andDeadOnes_withoutQuotingTheToken() {
    String elsewhere = "https://evil.example/api/webhooks/" + hook.id() + "/" + hook.token();
    assertThatThrownBy(() -> connector.connect(Map.of("webhook_url", elsewhere)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(hook.token());
    assertThatThrownBy(() -> connector.connect(Map.of("webhook_url", fake.url() + "/webhooks/" + hook.id() + "/wrong-token-wrong-token")))
        .isInstanceOf(NetworkFailure.AccessRevoked.class).hasMessageContaining("Invalid Webhook Token");
    fake.deleteWebhook(hook);
    assertThatThrownBy(() -> connector.connect(Map.of("webhook_url", fake.webhookUrl(hook))))
        .isInstanceOf(NetworkFailure.AccessRevoked.class).hasMessageContaining("Unknown Webhook").hasMessageNotContaining(hook.token());
    assertThatThrownBy(() -> connector.connect(Map.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theDefaultBase_acceptsDiscordsOwnHostsOnly() {
    var real = connector(Map.of());
    String token = "abcdefghijklmnopqrstuvwxyz_0123456789-ABCDEFGHIJ";
    assertThat(real.webhook("https://discord.com/api/webhooks/123456789012345678/" + token).id()).isEqualTo("123456789012345678");
    assertThat(real.webhook("https://discordapp.com/api/webhooks/123456789012345678/" + token).token()).isEqualTo(token);
    assertThatThrownBy(() -> real.webhook(fake.url() + "/webhooks/123456789012345678/" + token))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> real.webhook("https://discord.com.evil.example/api/webhooks/123456789012345678/" + token))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void thePostUrl_pointsAtTheMessageInItsGuildAndChannel() throws Exception {
    var published = publish("where am I");
    assertThat(published.postUrl())
        .isEqualTo("https://discord.com/channels/" + hook.guildId() + "/" + hook.channelId() + "/" + published.postId());
  }

  @Test
  void filesGoAsMultipart_withTheirAltTextAsDescription() throws Exception {
    var png = media.serve("same.png", MediaServer.png(10, 10));
    var video = new PostContent.Video(media.serve("clip.mp4", MediaServer.mp4(1024)), null, null);
    publish(account(), new PostContent("", List.of(new PostContent.Image(png, "first"), new PostContent.Image(png, "second")),
        video, List.of()), null, null, "k");
    var msg = fake.created().getLast();
    assertThat(msg.attachments()).extracting(FakeDiscord.Attachment::filename).containsExactly("same.png", "1-same.png", "clip.mp4");
    assertThat(msg.attachments()).extracting(FakeDiscord.Attachment::description).containsExactly("first", "second", null);
  }

  @Test
  void anInvalidFormBody_isRejectedWithDiscordsFieldErrors() {
    assertThatThrownBy(() -> publish("x".repeat(2001))).isInstanceOf(NetworkFailure.Rejected.class)
        .hasMessageContaining("Invalid Form Body (50035)").hasMessageContaining("content: Must be 2000 or fewer in length.");
  }

  @Test
  void rateLimited_usesTheBodysFractionalRetryAfter() {
    fake.retryAfter(2.5).failNext(FakeNetwork.Fault.RATE_LIMITED);
    long before = System.currentTimeMillis();
    assertThatThrownBy(() -> publish("soon")).isInstanceOfSatisfying(NetworkFailure.RateLimited.class,
        r -> assertThat(r.retryAt().toEpochMilli() - before).isBetween(2400L, 3500L));
  }

  @Test
  void deletingAMessageThatIsAlreadyGone_succeeds() throws Exception {
    var published = publish("twice");
    connector.delete(account(), published.postId());
    connector.delete(account(), published.postId());
    assertThat(fake.held()).extracting(FakeNetwork.Held::text).doesNotContain("twice");
  }
}

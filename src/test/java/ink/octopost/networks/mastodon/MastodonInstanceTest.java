package ink.octopost.networks.mastodon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.fakes.FakeMastodon;
import ink.octopost.fakes.FakeMastodonInstance;
import ink.octopost.networks.AccountLimits;
import ink.octopost.networks.ContentCheck;
import ink.octopost.networks.NetworkCapabilities;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.Platform;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.Publication;
import ink.octopost.networks.Violation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** An instance's own limits, read from the instance, and the per-post options sent with each status. */
class MastodonInstanceTest {

  static final JsonMapper JSON = JsonMapper.builder().build();

  private FakeMastodon fake;
  private MastodonConnector connector;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeMastodon().token("tok", "alice");
    connector = MastodonContractTest.newConnector();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private NetworkCapabilities connectedCaps() throws NetworkFailure {
    var identity = connector.connect(Map.of("instance_url", fake.url(), "access_token", "tok"));
    return connector.capabilities(identity.limits());
  }

  private static List<String> codes(NetworkCapabilities caps, PostContent content) {
    return ContentCheck.check(caps, content).stream().map(Violation::code).toList();
  }

  private static PostContent text(String text, Map<String, Object> options) {
    return new PostContent(text, List.of(), null, List.of(), options);
  }

  @Test
  void aLargeInstance_acceptsWhatMastodonSocialRefuses() throws Exception {
    fake.instance().maxCharacters(5000);
    var glitch = connectedCaps();
    assertThat(glitch.text().maxLength()).isEqualTo(5000);
    assertThat(codes(glitch, text("x".repeat(1000), Map.of()))).isEmpty();
    assertThat(codes(glitch, text("x".repeat(5001), Map.of()))).containsExactly("text_too_long");

    fake.instance().maxCharacters(500);
    assertThat(codes(connectedCaps(), text("x".repeat(1000), Map.of()))).containsExactly("text_too_long");
  }

  @Test
  void anInstanceWithoutV2_isReadThroughV1_andOneWithNeither_getsTheDefaults() throws Exception {
    fake.instance().api(FakeMastodonInstance.Api.V1_ONLY).maxCharacters(5000).maxAttachments(6);
    var akkoma = connectedCaps();
    assertThat(akkoma.text().maxLength()).isEqualTo(5000);
    assertThat(akkoma.media().maxImages()).isEqualTo(6);

    fake.instance().api(FakeMastodonInstance.Api.NONE);
    var bare = connectedCaps();
    assertThat(bare.text().maxLength()).isEqualTo(500);
    assertThat(bare.media().maxImages()).isEqualTo(4);
    assertThat(bare.media().maxAltText()).isEqualTo(1500);
  }

  @Test
  void anInstanceThatCannotSayNow_stillConnects_andTheLimitsAreAskedForLater() throws Exception {
    fake.instance().api(FakeMastodonInstance.Api.UNAVAILABLE);
    var identity = connector.connect(Map.of("instance_url", fake.url(), "access_token", "tok"));
    assertThat(identity.username()).isEqualTo("alice");
    assertThat(identity.limits()).isNull();
    assertThat(connector.capabilities(null).text().maxLength()).isEqualTo(500);
    var account = new Publication.AccountContext("a", Platform.MASTODON, "1", "alice", fake.url(), Map.of("access_token", "tok"));
    assertThatThrownBy(() -> connector.limits(account)).isInstanceOf(NetworkFailure.Unavailable.class);

    fake.instance().api(FakeMastodonInstance.Api.V2).maxCharacters(1000);
    assertThat(connector.capabilities(connector.limits(account).orElseThrow()).text().maxLength()).isEqualTo(1000);
  }

  @Test
  void nonsenseFromAnInstance_isIgnored_valueByValue() {
    var doc = JSON.readTree("""
        {"configuration": {"statuses": {"max_characters": -5, "max_media_attachments": "lots",
          "characters_reserved_per_url": 30},
         "media_attachments": {"image_size_limit": 1e30, "supported_mime_types": [7, "image/png", "video/webm"]}}}""");
    var limits = InstanceLimits.fromInstance(doc);
    assertThat(limits.maxCharacters()).isEqualTo(500);
    assertThat(limits.maxAttachments()).isEqualTo(4);
    assertThat(limits.urlCharacters()).isEqualTo(30);
    assertThat(limits.imageBytes()).isEqualTo(InstanceLimits.DEFAULTS.imageBytes());
    assertThat(limits.imageTypes()).containsExactly("image/png");
    assertThat(limits.videoTypes()).containsExactly("video/webm");
    // What is stored reads back the same, and an instance's own URL length counts.
    var caps = connector.capabilities(new AccountLimits(limits.toJson(JSON), null));
    assertThat(caps.text().count("see https://example.com/" + "p".repeat(80))).isEqualTo(4 + 30);
    assertThat(connector.capabilities(new AccountLimits(JSON.readTree("\"garbage\""), null)).text().maxLength()).isEqualTo(500);
  }

  @Test
  void theContentWarning_countsWithTheText() throws Exception {
    var caps = connectedCaps();
    var content = text("x".repeat(490), Map.of("spoiler_text", "twenty characters!!!"));
    assertThat(ContentCheck.check(caps, content)).singleElement().satisfies(v -> {
      assertThat(v.code()).isEqualTo("text_too_long");
      assertThat(v.actual()).isEqualTo(510);
      assertThat(v.message()).contains("spoiler_text");
    });
    assertThat(codes(caps, text("x".repeat(480), Map.of("spoiler_text", "twenty characters!!!")))).isEmpty();
  }

  @Test
  void visibilityContentWarningAndSensitivity_goWithEveryStatusOfAThread() throws Exception {
    var account = new Publication.AccountContext("a", Platform.MASTODON, "1", "alice", fake.url(), Map.of("access_token", "tok"));
    var options = Map.<String, Object>of("visibility", "unlisted", "spoiler_text", "spoilers", "sensitive", true);
    var first = connector.publish(new Publication(account, text("1/2", options), null, null, "k1"));
    connector.publish(new Publication(account, text("2/2", options), first, first, "k2"));
    assertThat(fake.created()).extracting(FakeMastodon.Status::visibility).containsExactly("unlisted", "unlisted");
    assertThat(fake.created()).extracting(FakeMastodon.Status::spoilerText).containsExactly("spoilers", "spoilers");
    assertThat(fake.created()).extracting(FakeMastodon.Status::sensitive).containsExactly(true, true);

    connector.publish(new Publication(account, text("plain", Map.of()), null, null, "k3"));
    assertThat(fake.created().getLast().visibility()).isEqualTo("public");
    assertThat(fake.created().getLast().sensitive()).isFalse();
  }

  @Test
  void theInstanceRefusesWhatItWouldRefuse() {
    var account = new Publication.AccountContext("a", Platform.MASTODON, "1", "alice", fake.url(), Map.of("access_token", "tok"));
    assertThatThrownBy(() -> connector.publish(new Publication(account, text("hi", Map.of("visibility", "friends")), null,
        null, "k"))).isInstanceOf(NetworkFailure.Rejected.class).hasMessageContaining("Visibility is not included in the list");
    assertThatThrownBy(() -> connector.publish(new Publication(account, text("x".repeat(495), Map.of("spoiler_text",
        "ten chars!")), null, null, "k2"))).isInstanceOf(NetworkFailure.Rejected.class).hasMessageContaining("500");
  }
}

package ink.octopost.networks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ink.octopost.fakes.FakeNetwork;
import ink.octopost.fakes.MediaServer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every connector passes against its own local fake of its network: text, images
 * with alt text, video, a three-part thread, delete, an expired token refreshed, a revoked one,
 * the network's rate-limit signal, a 5xx, a connection dropped after the request was sent, and
 * over-limit content refused before any call. A subclass per network supplies the connector (its
 * real code, pointed at the fake), the fake, and a connected account.
 */
public abstract class ConnectorContractTest {

  protected MediaServer media;

  /** The real connector, configured to call the fake. */
  protected abstract NetworkConnector connector();

  /** The fake network, started and with one account whose credentials {@link #account()} holds. */
  protected abstract FakeNetwork fake();

  /** A connected account with valid credentials on the fake. */
  protected abstract Publication.AccountContext account();

  /** Whether this network's access tokens expire and can be refreshed. */
  protected boolean tokensExpire() {
    return false;
  }

  @BeforeEach
  void startMedia() throws Exception {
    media = new MediaServer();
  }

  @AfterEach
  void stopMedia() {
    media.close();
  }

  protected Publication.Published publish(Publication.AccountContext account, PostContent content,
      Publication.Published replyTo, Publication.Published root, String key) throws NetworkFailure {
    return connector().publish(new Publication(account, content, replyTo, root, key));
  }

  protected Publication.Published publish(String text) throws NetworkFailure {
    return publish(account(), post(text), null, null, UUID.randomUUID().toString());
  }

  /**
   * The simplest post this network publishes with {@code text}: the text alone, or with an image
   * on a network where every post needs media (Instagram).
   */
  protected PostContent post(String text) {
    return text(text);
  }

  /**
   * Whether a publish whose answer was lost finishes by itself instead of ending unknown (YouTube asks its
   * upload session, which answers with the video it made): then it must hold the post exactly once.
   */
  protected boolean finishesAfterADrop() {
    return false;
  }

  protected static PostContent text(String text) {
    return new PostContent(text, List.of(), null, List.of());
  }

  /** A served image: a PNG, or a JPEG for a network that takes no PNG (TikTok). */
  protected String image(String name, int width, int height) {
    if (caps().media().imageTypes().isEmpty() || caps().media().imageTypes().contains("image/png")) {
      return media.serve(name + ".png", MediaServer.png(width, height));
    }
    try {
      var picture = new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
      var out = new java.io.ByteArrayOutputStream();
      javax.imageio.ImageIO.write(picture, "jpeg", out);
      return media.serve(name + ".jpg", out.toByteArray(), "image/jpeg");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private NetworkCapabilities caps() {
    return connector().capabilities();
  }

  @Test
  void publishesText_andReturnsTheNetworksIdAndUrl() throws Exception {
    var published = publish("Hello from the contract test");
    assertThat(published.postId()).isNotBlank();
    assertThat(published.postUrl()).startsWith("http");
    assertThat(fake().held()).extracting(FakeNetwork.Held::text).contains("Hello from the contract test");
  }

  @Test
  void publishesImages_withAltText() throws Exception {
    assumeTrue(caps().media().maxImages() > 0, "this network takes no images");
    int n = Math.min(2, caps().media().maxImages());
    var images = new java.util.ArrayList<PostContent.Image>();
    for (int i = 0; i < n; i++) {
      images.add(new PostContent.Image(image("img" + i, 40 + i, 30), "alt text " + i));
    }
    publish(account(), new PostContent("with images", images, null, List.of()), null, null, UUID.randomUUID().toString());
    var held = fake().held().getLast();
    assertThat(held.images()).isEqualTo(n);
    if (caps().media().altTextSupported()) {
      assertThat(held.altTexts()).containsExactlyElementsOf(images.stream().map(PostContent.Image::altText).toList());
    }
  }

  @Test
  void publishesVideo_whereSupported() throws Exception {
    assumeTrue(caps().media().maxVideos() > 0, "this network takes no video");
    var video = new PostContent.Video(media.serve("clip.mp4", MediaServer.mp4(4096)), "A title", null);
    publish(account(), new PostContent("with video", List.of(), video, List.of()), null, null, UUID.randomUUID().toString());
    assertThat(fake().held().getLast().video()).isTrue();
  }

  @Test
  void publishesAThreeePartThread_asReplies() throws Exception {
    assumeTrue(caps().threads() != ThreadStyle.NONE, "this network has no threads");
    var first = publish("1/3");
    var second = publish(account(), text("2/3"), first, first, UUID.randomUUID().toString());
    publish(account(), text("3/3"), second, first, UUID.randomUUID().toString());
    var held = fake().held();
    var thread = held.subList(held.size() - 3, held.size());
    assertThat(thread).extracting(FakeNetwork.Held::text).containsExactly("1/3", "2/3", "3/3");
    if (caps().threads() == ThreadStyle.REPLY_CHAIN) {
      assertThat(thread.get(1).replyTo()).isEqualTo(thread.get(0).id());
      assertThat(thread.get(2).replyTo()).isEqualTo(thread.get(1).id());
    }
  }

  @Test
  void deletes() throws Exception {
    assumeTrue(caps().canDelete(), "this network cannot delete through its API");
    var published = publish("to be deleted");
    connector().delete(account(), published.postId());
    assertThat(fake().held()).extracting(FakeNetwork.Held::text).doesNotContain("to be deleted");
  }

  @Test
  void anExpiredToken_isRefreshed_andThenWorks() throws Exception {
    assumeTrue(tokensExpire(), "this network's tokens do not expire");
    fake().failNext(FakeNetwork.Fault.EXPIRED_TOKEN);
    assertThatThrownBy(() -> publish("expired")).isInstanceOf(NetworkFailure.CredentialsExpired.class);
    var renewed = connector().refresh(account()).orElseThrow();
    var ctx = new Publication.AccountContext(account().id(), account().platform(), account().platformUserId(),
        account().username(), account().instanceUrl(), renewed.credentials());
    assertThat(publish(ctx, post("after refresh"), null, null, UUID.randomUUID().toString()).postId()).isNotBlank();
  }

  /**
   * Some networks (X) answer a revoked token exactly like an expired one; a connector holding a
   * refresh token may then ask for the one refresh the engine allows, and it is the refused refresh
   * that reveals the revocation (networks.md 13: "X 401 after a failed refresh"). Either way the
   * account ends up needing a reconnect.
   */
  @Test
  void revokedCredentials_needReconnect() throws Exception {
    fake().failNext(FakeNetwork.Fault.REVOKED);
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> publish("revoked"));
    if (thrown instanceof NetworkFailure.CredentialsExpired && tokensExpire()) {
      try {
        assertThat(connector().refresh(account())).as("a refresh after revocation").isEmpty();
      } catch (NetworkFailure.AccessRevoked alsoFine) {
        // the engine treats a refresh that throws like one that returns nothing
      }
      return;
    }
    assertThat(thrown).isInstanceOf(NetworkFailure.AccessRevoked.class);
  }

  @Test
  void rateLimited_carriesTheNetworksResetTime() {
    fake().failNext(FakeNetwork.Fault.RATE_LIMITED);
    Instant before = Instant.now();
    assertThatThrownBy(() -> publish("too fast"))
        .isInstanceOfSatisfying(NetworkFailure.RateLimited.class, r -> assertThat(r.retryAt())
            .isBetween(before.plusSeconds(fake().rateLimitResetSeconds() - 2), before.plusSeconds(fake().rateLimitResetSeconds() + 2)));
  }

  @Test
  void aServerError_isTransient() {
    fake().failNext(FakeNetwork.Fault.SERVER_ERROR);
    assertThatThrownBy(() -> publish("5xx")).isInstanceOf(NetworkFailure.Unavailable.class);
  }

  @Test
  void aConnectionDroppedAfterSending_isAnUnknownOutcome_andARetryWithTheKeyNeverDoubles() throws Exception {
    fake().failNext(FakeNetwork.Fault.DROP_AFTER_SEND);
    String key = UUID.randomUUID().toString();
    if (finishesAfterADrop()) {
      assertThat(publish(account(), post("dropped"), null, null, key).postId()).isNotBlank();
      assertThat(fake().held()).extracting(FakeNetwork.Held::text).containsOnlyOnce("dropped");
      return;
    }
    assertThatThrownBy(() -> publish(account(), post("dropped"), null, null, key))
        .isInstanceOf(NetworkFailure.OutcomeUnknown.class);
    if (caps().idempotentPublish()) {
      publish(account(), post("dropped"), null, null, key);
      assertThat(fake().held()).extracting(FakeNetwork.Held::text).containsOnlyOnce("dropped");
    }
  }

  /** Where each opening of the send gate found the fake and the media server. */
  private final class GateProbe implements SendGate {
    record Opening(int publishCalls, int mediaUploads, int mediaFetches) {}

    final List<Opening> openings = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void open() {
      openings.add(new Opening(fake().publishCalls(), fake().mediaUploads(), media.fetches()));
    }
  }

  private Publication.Published publishThrough(SendGate gate, PostContent content, Publication.Published replyTo,
      Publication.Published root) throws NetworkFailure {
    return connector().publish(new Publication(account(), content, replyTo, root, UUID.randomUUID().toString(), gate));
  }

  /**
   * The engine records that a call may have reached the network when the gate opens: fetching and
   * uploading media before it costs nothing after a crash (they create no post and are simply
   * repeated), while the request that creates the post must come after it.
   */
  @Test
  void theSendGate_opensOnce_afterTheMediaIsFetchedAndUploaded_andBeforeThePublishingRequest() throws Exception {
    var rules = caps().media();
    assumeTrue(rules.maxImages() > 0 || rules.maxVideos() > 0, "this network takes no media");
    var content = rules.maxImages() > 0
        ? new PostContent("gated", List.of(new PostContent.Image(image("gate", 40, 30), "alt")), null,
            List.of())
        : new PostContent("gated", List.of(), new PostContent.Video(media.serve("gate.mp4", MediaServer.mp4(4096)), "t", null),
            List.of());
    int callsBefore = fake().publishCalls();
    var probe = new GateProbe();
    publishThrough(probe, content, null, null);

    assertThat(probe.openings).as("gate openings in one publish call").hasSize(1);
    var at = probe.openings.getFirst();
    assertThat(at.publishCalls()).as("publishing requests the network had received when the gate opened").isEqualTo(callsBefore);
    assertThat(fake().publishCalls()).as("publishing requests after the call").isEqualTo(callsBefore + 1);
    assertThat(at.mediaFetches()).as("media fetched before the gate opened").isPositive().isEqualTo(media.fetches());
    assertThat(at.mediaUploads()).as("media uploaded before the gate opened, none after").isEqualTo(fake().mediaUploads());
    assertThat(fake().held().getLast().text()).isEqualTo("gated");
  }

  @Test
  void theSendGate_opensExactlyOncePerPublishCall_forTextAndEveryThreadSegment() throws Exception {
    assumeTrue(caps().media().required() == MediaRules.Required.NOTHING, "this network needs media in every post");
    var probe = new GateProbe();
    int callsBefore = fake().publishCalls();
    var first = publishThrough(probe, post("gate 1/3"), null, null);
    assertThat(probe.openings).as("gate openings for a text post").hasSize(1);
    assertThat(probe.openings.getFirst().publishCalls()).isEqualTo(callsBefore);
    if (caps().threads() != ThreadStyle.NONE) {
      var second = publishThrough(probe, text("gate 2/3"), first, first);
      publishThrough(probe, text("gate 3/3"), second, first);
      assertThat(probe.openings).as("one opening per segment").hasSize(3);
      assertThat(probe.openings).extracting(GateProbe.Opening::publishCalls)
          .as("each segment's request came after its gate").containsExactly(callsBefore, callsBefore + 1, callsBefore + 2);
    }
  }

  @Test
  void aGateThatRefuses_keepsThePublishingRequestFromLeaving() {
    var rules = caps().media();
    var content = rules.maxImages() > 0
        ? new PostContent("refused", List.of(new PostContent.Image(image("refused", 40, 30), "alt")),
            null, List.of())
        : post("refused");
    int callsBefore = fake().publishCalls();
    SendGate takenOver = () -> {
      throw new SendGate.TakenOver();
    };
    assertThatThrownBy(() -> publishThrough(takenOver, content, null, null)).isInstanceOf(SendGate.TakenOver.class);
    assertThat(fake().publishCalls()).isEqualTo(callsBefore);
    assertThat(fake().held()).extracting(FakeNetwork.Held::text).doesNotContain("refused");
  }

  @Test
  void overLimitContent_isRefusedBeforeAnyCall() {
    int calls = fake().publishCalls();
    String tooLong = "x".repeat(caps().text().maxLength() + 1);
    var violations = ContentCheck.check(caps(), text(tooLong));
    assertThat(violations).extracting(Violation::code).contains("text_too_long");
    assertThat(fake().publishCalls()).isEqualTo(calls);
  }
}

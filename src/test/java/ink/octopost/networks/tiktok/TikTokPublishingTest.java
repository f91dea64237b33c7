package ink.octopost.networks.tiktok;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.fakes.FakeTikTok;
import ink.octopost.fakes.MediaServer;
import ink.octopost.media.TestMp4;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.Publication;
import ink.octopost.testing.TestClock;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Publishing to TikTok as a user sees it: chunked videos, processing, failures, what the creator may not post. */
class TikTokPublishingTest {

  private FakeTikTok fake;
  private MediaServer media;
  private final TestClock clock = new TestClock();

  @BeforeEach
  void start() throws Exception {
    fake = TikTokTesting.fake();
    media = new MediaServer();
  }

  @AfterEach
  void stop() {
    fake.close();
    media.close();
  }

  private Publication publication(PostContent content) {
    return new Publication(TikTokTesting.account(fake, clock), content, null, null, UUID.randomUUID().toString());
  }

  private PostContent video(String text, byte[] bytes, Map<String, Object> options) {
    var v = new PostContent.Video(media.serve("clip-" + UUID.randomUUID() + ".mp4", bytes), null, null);
    return new PostContent(text, List.of(), v, List.of(), options);
  }

  private static byte[] bigMp4(int payload) throws Exception {
    byte[] head = TestMp4.header(payload);
    byte[] out = new byte[head.length + payload];
    System.arraycopy(head, 0, out, 0, head.length);
    byte[] data = new byte[payload];
    new Random(7).nextBytes(data);
    System.arraycopy(data, 0, out, head.length, payload);
    return out;
  }

  @Test
  void a25MegabyteVideo_isUploadedInTikToksChunks_andArrivesWhole() throws Exception {
    byte[] bytes = bigMp4(25_000_000);
    var streamed = new java.util.concurrent.atomic.AtomicLong();
    var connector = TikTokTesting.streamingConnector(fake, clock, streamed);
    var published = TikTokTesting.drive(connector, publication(video("big one #octopost", bytes,
        Map.of(TikTokConnector.PRIVACY_LEVEL, "PUBLIC_TO_EVERYONE"))), clock, 3);

    var post = fake.posts().getLast();
    assertThat(post.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    assertThat(post.sourceInfo()).containsEntry("source", "FILE_UPLOAD").containsEntry("chunk_size", 10_000_000)
        .containsEntry("total_chunk_count", 2);
    assertThat(post.postInfo()).containsEntry("privacy_level", "PUBLIC_TO_EVERYONE").containsEntry("title", "big one #octopost");
    assertThat(published.postId()).isEqualTo(post.postId());
    assertThat(published.postUrl()).isEqualTo("https://www.tiktok.com/@" + TikTokTesting.USERNAME + "/video/" + post.postId());
    assertThat(published.refs()).containsKey("publish_id");
    assertThat(streamed.get()).as("bytes streamed from the store, never held whole").isGreaterThanOrEqualTo(bytes.length);
  }

  @Test
  void chunkRules_areTikToks() {
    assertThat(TikTokPublisher.Chunks.of(3_000_000)).isEqualTo(new TikTokPublisher.Chunks(3_000_000, 1));
    assertThat(TikTokPublisher.Chunks.of(25_000_000)).isEqualTo(new TikTokPublisher.Chunks(10_000_000, 2));
    for (long size : new long[] {1, 4_999_999, 5_000_000, 9_999_999, 10_000_000, 19_999_999, 64_000_001, 3_999_999_999L}) {
      var c = TikTokPublisher.Chunks.of(size);
      assertThat(c.count()).as("chunks of %d", size).isBetween(1, 1000);
      assertThat(size - (c.count() - 1) * c.chunkSize()).as("last chunk of %d", size).isLessThanOrEqualTo(128_000_000L)
          .isGreaterThanOrEqualTo(c.chunkSize() > size ? size : Math.min(size, c.chunkSize()));
    }
  }

  @Test
  void aPostStillProcessing_comesBackLater_withoutHoldingAThread_thenCompletes() throws Exception {
    fake.processingPolls(3);
    var connector = TikTokTesting.connector(fake, clock);
    var first = publication(video("slow", MediaServer.mp4(4096), Map.of()));
    NetworkFailure.InProgress wait = null;
    try {
      connector.publish(first);
    } catch (NetworkFailure.InProgress e) {
      wait = e;
    }
    assertThat(wait).as("the first call returns at once").isNotNull();
    assertThat(wait.progress()).containsKeys("publish_id", "started");
    assertThat(wait.checkAt()).isAfter(clock.instant());
    int inits = fake.publishCalls();
    var again = new Publication(first.account(), first.content(), null, null, first.idempotencyKey(), first.gate(), wait.progress());
    var published = TikTokTesting.drive(connector, again, clock, 5);
    assertThat(fake.publishCalls()).as("no second video/init").isEqualTo(inits);
    assertThat(published.postId()).isEqualTo(fake.posts().getLast().postId());
    assertThat(fake.held()).extracting(h -> h.text()).containsExactly("slow");
  }

  @Test
  void aPostThatNeverCompletes_failsAfterTheTimeout() throws Exception {
    fake.processingPolls(1_000_000);
    var connector = TikTokTesting.connector(fake, clock, new TikTokProperties(null, false, Duration.ofMinutes(5)));
    assertThatThrownBy(() -> TikTokTesting.drive(connector, publication(video("stuck", MediaServer.mp4(4096), Map.of())), clock, 100))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> assertThat(r.code()).isEqualTo("processing_timeout"));
  }

  @Test
  void thePublicUrl_usesTheCreatorsUsername_evenWhenTheAccountHasNone() throws Exception {
    var connector = TikTokTesting.connector(fake, clock);
    var a = TikTokTesting.account(fake, clock);
    var nameless = new Publication.AccountContext(a.id(), a.platform(), a.platformUserId(), null, null, a.credentials());
    var published = TikTokTesting.drive(connector, new Publication(nameless, video("named", MediaServer.mp4(4096), Map.of()),
        null, null, UUID.randomUUID().toString()), clock, 3);
    assertThat(published.postUrl()).isEqualTo("https://www.tiktok.com/@" + TikTokTesting.USERNAME + "/video/" + published.postId());
  }

  @Test
  void aPostTikTokFails_isRejectedWithItsReason() {
    fake.failNextWith("duration_check_failed");
    var connector = TikTokTesting.connector(fake, clock);
    assertThatThrownBy(() -> TikTokTesting.drive(connector, publication(video("bad", MediaServer.mp4(4096), Map.of())), clock, 5))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> assertThat(r.getMessage()).contains("duration_check_failed"));
    assertThat(fake.held()).isEmpty();
  }

  @Test
  void aPrivacyLevelTheCreatorDoesNotHave_isRefusedBeforeAnythingIsCreated() {
    fake.creator(List.of("FOLLOWER_OF_CREATOR", "SELF_ONLY"), 600, false, false, false);
    var connector = TikTokTesting.connector(fake, clock);
    assertThatThrownBy(() -> connector.publish(publication(video("public?", MediaServer.mp4(4096),
        Map.of(TikTokConnector.PRIVACY_LEVEL, "PUBLIC_TO_EVERYONE")))))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> assertThat(r.getMessage())
            .contains("PUBLIC_TO_EVERYONE").contains("FOLLOWER_OF_CREATOR, SELF_ONLY"));
    assertThat(fake.publishCalls()).isZero();
  }

  @Test
  void interactionsTheCreatorDisabled_stayDisabled_andTheOverridesArrive() throws Exception {
    fake.creator(List.of("PUBLIC_TO_EVERYONE", "SELF_ONLY"), 600, true, true, false);
    var connector = TikTokTesting.connector(fake, clock);
    TikTokTesting.drive(connector, publication(video("flags", MediaServer.mp4(4096), Map.of(
        TikTokConnector.PRIVACY_LEVEL, "PUBLIC_TO_EVERYONE", TikTokConnector.DISABLE_STITCH, true,
        TikTokConnector.IS_AIGC, true, TikTokConnector.BRAND_ORGANIC, true))), clock, 3);
    assertThat(fake.posts().getLast().postInfo()).containsEntry("disable_comment", true).containsEntry("disable_duet", true)
        .containsEntry("disable_stitch", true).containsEntry("is_aigc", true).containsEntry("brand_organic_toggle", true)
        .containsEntry("brand_content_toggle", false);
  }

  @Test
  void aVideoLongerThanTheCreatorMayPost_isRefused() throws Exception {
    fake.creator(List.of("SELF_ONLY"), 60, false, false, false);
    var connector = TikTokTesting.connector(fake, clock, TikTokProperties.DEFAULTS, 61.0);
    assertThatThrownBy(() -> connector.publish(publication(video("long", TestMp4.mp4(640, 360, 25, true), Map.of()))))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> assertThat(r.code()).isEqualTo("duration_too_long"));
    assertThat(fake.publishCalls()).isZero();
  }

  @Test
  void pullFromUrl_letsTikTokFetchThePublicLink() throws Exception {
    byte[] bytes = MediaServer.mp4(6000);
    var connector = TikTokTesting.connector(fake, clock, new TikTokProperties(null, true, Duration.ofHours(2)));
    int before = media.fetches();
    TikTokTesting.drive(connector, publication(video("pulled", bytes, Map.of())), clock, 3);
    var post = fake.posts().getLast();
    assertThat(post.sourceInfo()).containsEntry("source", "PULL_FROM_URL");
    assertThat(post.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    assertThat(media.fetches()).isGreaterThan(before);
  }

  @Test
  void photos_arePulledFromTheirPublicLinks() throws Exception {
    var connector = TikTokTesting.connector(fake, clock);
    var img = new PostContent.Image(media.serve("p.jpg", jpeg(), "image/jpeg"), null);
    var published = TikTokTesting.drive(connector, publication(new PostContent("photo caption", List.of(img, img), null, List.of())),
        clock, 3);
    var post = fake.posts().getLast();
    assertThat(post.photos()).isEqualTo(2);
    assertThat(post.description()).isEqualTo("photo caption");
    assertThat(published.postUrl()).contains("/photo/");
  }

  @Test
  void errors_areClassifiedFromTikToksEnvelope() {
    var connector = TikTokTesting.connector(fake, clock);
    fake.failNext(ink.octopost.fakes.FakeNetwork.Fault.RATE_LIMITED);
    assertThatThrownBy(() -> connector.publish(publication(video("x", MediaServer.mp4(4096), Map.of()))))
        .isInstanceOf(NetworkFailure.RateLimited.class);
    fake.failNext(ink.octopost.fakes.FakeNetwork.Fault.EXPIRED_TOKEN);
    assertThatThrownBy(() -> connector.publish(publication(video("x", MediaServer.mp4(4096), Map.of()))))
        .isInstanceOf(NetworkFailure.CredentialsExpired.class);
    fake.failNext(ink.octopost.fakes.FakeNetwork.Fault.SERVER_ERROR);
    assertThatThrownBy(() -> connector.publish(publication(video("x", MediaServer.mp4(4096), Map.of()))))
        .isInstanceOf(NetworkFailure.Unavailable.class);
  }

  private static byte[] jpeg() throws Exception {
    var picture = new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB);
    var out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(picture, "jpeg", out);
    return out.toByteArray();
  }
}

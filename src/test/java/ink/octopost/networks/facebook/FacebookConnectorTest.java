package ink.octopost.networks.facebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.fakes.FakeFacebook;
import ink.octopost.fakes.MediaServer;
import ink.octopost.media.TestMediaSources;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.Publication;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a Page sees: photos in one post, link posts, a first comment, a streamed video, dead tokens and throttling. */
class FacebookConnectorTest {

  private FakeFacebook fake;
  private MediaServer media;
  private FacebookConnector connector;
  private Publication.AccountContext account;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeFacebook();
    media = new MediaServer();
    account = FacebookTesting.account(FacebookTesting.PAGE_ID, fake.page(FacebookTesting.PAGE_ID, FacebookTesting.PAGE_NAME));
    connector = FacebookTesting.connector(fake);
  }

  @AfterEach
  void stop() {
    fake.close();
    media.close();
  }

  private Publication.Published publish(PostContent content) throws NetworkFailure {
    return connector.publish(new Publication(account, content, null, null, "k"));
  }

  private static PostContent post(String text, Map<String, Object> options) {
    return new PostContent(text, List.of(), null, List.of(), options);
  }

  @Test
  void severalPhotos_becomeOnePost_ofThePagesUnpublishedPhotos_fetchedByMetaFromTheirUrl() throws Exception {
    var images = List.of(
        new PostContent.Image(media.serve("a.png", MediaServer.png(40, 30)), null),
        new PostContent.Image(media.serve("b.png", MediaServer.png(50, 30)), null),
        new PostContent.Image(media.serve("c.png", MediaServer.png(60, 30)), null));
    var published = publish(new PostContent("three photos", images, null, List.of()));

    var post = fake.posts().getLast();
    assertThat(post.id()).isEqualTo(published.postId());
    assertThat(post.message()).isEqualTo("three photos");
    assertThat(post.photoIds()).hasSize(3);
    assertThat(post.photoIds()).allSatisfy(id -> {
      var photo = fake.photos().get(id);
      assertThat(photo.attachedTo()).isEqualTo(post.id());
      assertThat(photo.bytes()).isEqualTo(MediaServer.png(40 + 10 * post.photoIds().indexOf(id), 30));
    });
    assertThat(fake.posts()).hasSize(1);
    assertThat(fake.publishCalls()).isEqualTo(1);
    assertThat(fake.mediaUploads()).isEqualTo(3);
  }

  @Test
  void withoutSignedLinks_aPhotosBytesAreStreamedAsItsSource() throws Exception {
    var noLinks = FacebookTesting.connector(fake, TestMediaSources.fetching(FacebookTesting.http())); // publicUrl() unsupported
    byte[] png = MediaServer.png(40, 30);
    noLinks.publish(new Publication(account, new PostContent("uploaded", List.of(new PostContent.Image(media.serve("s.png", png), null)),
        null, List.of()), null, null, "k"));
    var post = fake.posts().getLast();
    assertThat(post.photoIds()).hasSize(1);
    assertThat(fake.photos().get(post.photoIds().getFirst()).bytes()).isEqualTo(png);
  }

  @Test
  void aPhotoMetaCannotFetch_failsBeforeAnyPostExists() {
    String url = media.serve("page.png", "<html>not an image</html>".getBytes(), "image/png");
    assertThatThrownBy(() -> publish(new PostContent("bad photo", List.of(new PostContent.Image(url, null)), null, List.of())))
        .isInstanceOf(NetworkFailure.class);
    assertThat(fake.publishCalls()).isZero();
    assertThat(fake.posts()).isEmpty();
  }

  @Test
  void aLinkPost_sharesTheLink() throws Exception {
    publish(post("read this", Map.of(FacebookConnector.LINK, "https://octopost.example/blog/launch")));
    assertThat(fake.posts().getLast().link()).isEqualTo("https://octopost.example/blog/launch");
    assertThat(fake.posts().getLast().message()).isEqualTo("read this");
  }

  @Test
  void aLinkWithMedia_orNotAUrl_isRefusedBeforeAnyCall() {
    var photo = new PostContent.Image(media.serve("p.png", MediaServer.png(40, 30)), null);
    assertThatThrownBy(() -> publish(new PostContent("both", List.of(photo), null, List.of(),
        Map.of(FacebookConnector.LINK, "https://octopost.example"))))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> assertThat(r.code()).isEqualTo("link_with_media"));
    assertThatThrownBy(() -> publish(post("bad", Map.of(FacebookConnector.LINK, "javascript:alert(1)"))))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> assertThat(r.code()).isEqualTo("invalid_link"));
    assertThat(fake.publishCalls()).isZero();
    assertThat(fake.mediaUploads()).isZero();
  }

  @Test
  void aFirstComment_followsThePost_asThePage() throws Exception {
    var published = publish(post("with a comment", Map.of(FacebookConnector.FIRST_COMMENT, "Link in bio: https://example.com")));
    assertThat(fake.posts().getLast().comments()).containsExactly("Link in bio: https://example.com");
    assertThat(published.refs()).containsKey("first_comment_id");
  }

  @Test
  void aRefusedFirstComment_leavesThePostPublished_andSaysWhy() throws Exception {
    fake.refuseComments(true);
    var published = publish(post("comment refused", Map.of(FacebookConnector.FIRST_COMMENT, "hello")));
    assertThat(published.postId()).isEqualTo(fake.posts().getLast().id());
    assertThat(fake.posts().getLast().comments()).isEmpty();
    assertThat(published.refs().get("first_comment_error")).contains("pages_manage_engagement");
  }

  @Test
  void aVideo_isUploadedInTheRangesMetaAsksFor_streamed_andPublishedWithItsTitle() throws Exception {
    var streamed = new AtomicLong();
    var streaming = FacebookTesting.connector(fake,
        TestMediaSources.pulled(TestMediaSources.streamingOnly(TestMediaSources.fetching(FacebookTesting.http()), streamed)));
    fake.chunkBytes(1000);
    byte[] bytes = MediaServer.mp4(2500);
    var video = new PostContent.Video(media.serve("clip.mp4", bytes), "Launch day", null);
    var published = streaming.publish(new Publication(account, new PostContent("our video", List.of(), video, List.of()),
        null, null, "k"));

    var upload = fake.videoUploads().getFirst();
    assertThat(upload.transfers).isEqualTo(3);
    assertThat(upload.sha256).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    assertThat(streamed.get()).isGreaterThanOrEqualTo(bytes.length);
    var post = fake.posts().getLast();
    assertThat(post.videoId()).isEqualTo(published.postId());
    assertThat(post.videoTitle()).isEqualTo("Launch day");
    assertThat(post.message()).isEqualTo("our video");
    assertThat(published.postUrl()).isEqualTo("https://www.facebook.com/" + FacebookTesting.PAGE_ID + "/videos/" + published.postId() + "/");
  }

  @Test
  void theSendGate_opensAfterTheVideoIsUploaded_andBeforeTheFinishThatPublishesIt() throws Exception {
    fake.chunkBytes(1000);
    var at = new java.util.ArrayList<int[]>();
    ink.octopost.networks.SendGate gate = () -> at.add(new int[] {fake.publishCalls(), fake.mediaUploads()});
    var video = new PostContent.Video(media.serve("gated.mp4", MediaServer.mp4(2500)), null, null);
    connector.publish(new Publication(account, new PostContent("gated video", List.of(), video, List.of()), null, null, "k", gate));
    assertThat(at).hasSize(1);
    assertThat(at.getFirst()[0]).as("publishing requests before the gate").isZero();
    assertThat(at.getFirst()[1]).as("start and three transfers before the gate").isEqualTo(4).isEqualTo(fake.mediaUploads());
    assertThat(fake.publishCalls()).isEqualTo(1);
  }

  @Test
  void aVideoStillProcessing_isLookedAtAgainLater_withoutUploadingItTwice_andThenGetsItsFirstComment() throws Exception {
    fake.processingChecks(1);
    var video = new PostContent.Video(media.serve("slow.mp4", MediaServer.mp4(2048)), null, null);
    var content = new PostContent("slow video", List.of(), video, List.of(), Map.of(FacebookConnector.FIRST_COMMENT, "first!"));
    Instant before = Instant.now();
    var processing = org.assertj.core.api.Assertions.catchThrowableOfType(NetworkFailure.InProgress.class,
        () -> connector.publish(new Publication(account, content, null, null, "k")));
    assertThat(processing.checkAt()).isBetween(before.plus(FacebookVideo.CHECK_EVERY).minusSeconds(1),
        Instant.now().plus(FacebookVideo.CHECK_EVERY));
    assertThat(processing.progress()).containsKey(FacebookVideo.VIDEO_ID);
    assertThat(fake.posts().getLast().comments()).isEmpty();

    var published = connector.publish(new Publication(account, content, null, null, "k", null, processing.progress()));
    assertThat(published.postId()).isEqualTo(processing.progress().get(FacebookVideo.VIDEO_ID));
    assertThat(fake.videoUploads()).hasSize(1);
    assertThat(fake.publishCalls()).isEqualTo(1);
    assertThat(fake.posts().getLast().comments()).containsExactly("first!");
  }

  @Test
  void aVideoThatFailsProcessing_isRejectedWithMetasReason() {
    fake.processingError("The video file you selected is in a format that we don't support.");
    var video = new PostContent.Video(media.serve("bad.mp4", MediaServer.mp4(2048)), null, null);
    assertThatThrownBy(() -> publish(new PostContent("bad", List.of(), video, List.of())))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> {
          assertThat(r.code()).isEqualTo("video_processing_failed");
          assertThat(r.getMessage()).contains("format that we don't support");
        });
  }

  @Test
  void aVideoProcessingForTooLong_isRejected() {
    var since = Instant.now().minus(FacebookVideo.GIVE_UP_AFTER).minusSeconds(5).toString();
    fake.processingChecks(100);
    var video = new PostContent.Video(media.serve("stuck.mp4", MediaServer.mp4(2048)), null, null);
    var content = new PostContent("stuck", List.of(), video, List.of());
    var first = org.assertj.core.api.Assertions.catchThrowableOfType(NetworkFailure.InProgress.class, () -> publish(content));
    var progress = new java.util.HashMap<>(first.progress());
    progress.put(FacebookVideo.SINCE, since);
    assertThatThrownBy(() -> connector.publish(new Publication(account, content, null, null, "k", null, progress)))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> assertThat(r.code()).isEqualTo("video_processing_timeout"));
  }

  @Test
  void aRevokedPageToken_needsReconnect() {
    fake.auth().revoke(FacebookTesting.PAGE_ID);
    assertThatThrownBy(() -> publish(post("after a password change", Map.of())))
        .isInstanceOfSatisfying(NetworkFailure.AccessRevoked.class, r -> assertThat(r.code()).isEqualTo("account_needs_reconnect"));
  }

  @Test
  void anotherPagesToken_isRefused() {
    String other = fake.page("5566778899", "Other Page");
    var wrong = FacebookTesting.account(FacebookTesting.PAGE_ID, other);
    assertThatThrownBy(() -> connector.publish(new Publication(wrong, post("wrong page", Map.of()), null, null, "k")))
        .isInstanceOf(NetworkFailure.AccessRevoked.class);
    assertThat(fake.posts()).isEmpty();
  }

  @Test
  void throttled_waitsForTheWindowTheBusinessUseCaseHeaderGives() {
    fake.failNext(ink.octopost.fakes.FakeNetwork.Fault.RATE_LIMITED);
    Instant before = Instant.now();
    assertThatThrownBy(() -> publish(post("too fast", Map.of())))
        .isInstanceOfSatisfying(NetworkFailure.RateLimited.class, r -> assertThat(r.retryAt()).isBetween(
            before.plus(Duration.ofMinutes(FakeFacebook.REGAIN_MINUTES)).minusSeconds(2),
            Instant.now().plus(Duration.ofMinutes(FakeFacebook.REGAIN_MINUTES)).plusSeconds(2)));
  }

  @Test
  void throttled_withTheAppUsageHeader_waitsForItsWindowToo() {
    fake.usageHeader("X-App-Usage").failNext(ink.octopost.fakes.FakeNetwork.Fault.RATE_LIMITED);
    Instant before = Instant.now();
    assertThatThrownBy(() -> publish(post("app too fast", Map.of())))
        .isInstanceOfSatisfying(NetworkFailure.RateLimited.class, r -> assertThat(r.retryAt()).isBetween(
            before.plus(Duration.ofMinutes(FakeFacebook.REGAIN_MINUTES)).minusSeconds(2),
            Instant.now().plus(Duration.ofMinutes(FakeFacebook.REGAIN_MINUTES)).plusSeconds(2)));
  }

  @Test
  void aDuplicate_isRejectedForGood() throws Exception {
    publish(post("say it once", Map.of()));
    assertThatThrownBy(() -> publish(post("say it once", Map.of())))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> assertThat(r.code()).isEqualTo("duplicate_content"));
  }

  @Test
  void deletingAPostThatIsGone_isFine_andAVideoCanBeDeleted() throws Exception {
    var published = publish(post("delete me twice", Map.of()));
    connector.delete(account, published.postId());
    connector.delete(account, published.postId());
    var video = new PostContent.Video(media.serve("del.mp4", MediaServer.mp4(2048)), null, null);
    var v = publish(new PostContent("video to delete", List.of(), video, List.of()));
    connector.delete(account, v.postId());
    assertThat(fake.posts()).isEmpty();
  }

  @Test
  void theOptions_areDeclared_soOverridesAreValidated() {
    var caps = connector.capabilities();
    assertThat(caps.option("link")).isNotNull();
    assertThat(caps.option("first_comment").maxLength()).isEqualTo(8000);
  }
}

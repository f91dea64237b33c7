package ink.octopost.networks.instagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ink.octopost.fakes.FakeInstagram;
import ink.octopost.fakes.FakeNetwork;
import ink.octopost.fakes.MediaServer;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.Publication;
import ink.octopost.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a user notices of Instagram publishing: each post type as asked, containers waited for without a thread, limits. */
class InstagramPublishingTest {

  private final TestClock clock = new TestClock();
  private MediaServer media;
  private FakeInstagram fake;
  private InstagramConnector connector;
  private Publication.AccountContext account;

  @BeforeEach
  void start() throws Exception {
    media = new MediaServer();
    fake = new FakeInstagram();
    connector = InstagramTesting.connector(fake, media, clock);
    account = InstagramTesting.account(fake);
  }

  @AfterEach
  void stop() {
    fake.close();
    media.close();
  }

  private PostContent.Image image(String alt) {
    return new PostContent.Image(media.serve("i" + System.nanoTime() + ".jpg", InstagramTesting.jpeg(500, 500)), alt);
  }

  private PostContent.Video video() {
    return new PostContent.Video(media.serve("v" + System.nanoTime() + ".mp4", MediaServer.mp4(4096)), null, null);
  }

  private static PostContent content(String text, List<PostContent.Image> images, PostContent.Video video, Map<String, Object> options) {
    return new PostContent(text, images, video, List.of(), options);
  }

  private Publication.Published publish(PostContent content) throws NetworkFailure {
    return connector.publish(new Publication(account, content, null, null, "k"));
  }

  private Publication.Published publish(PostContent content, Map<String, String> progress) throws NetworkFailure {
    return connector.publish(new Publication(account, content, null, null, "k", null, progress));
  }

  @Test
  void aCarousel_mixesImagesAndAVideo_asFinishedItems_underOneCaption() throws Exception {
    var published = publish(content("three in one", List.of(image("first"), image("second")), video(), Map.of()));

    var post = fake.posts().getLast();
    assertThat(published.postId()).isEqualTo(post.id());
    assertThat(post.container().mediaType()).isEqualTo("CAROUSEL");
    assertThat(post.container().caption()).isEqualTo("three in one");
    assertThat(post.items()).extracting(FakeInstagram.Container::mediaType).containsExactly("IMAGE", "IMAGE", "VIDEO");
    assertThat(post.items()).allMatch(FakeInstagram.Container::carouselItem);
    assertThat(post.items()).extracting(FakeInstagram.Container::altText).containsExactly("first", "second", null);
    assertThat(published.refs()).containsEntry("type", "carousel");
  }

  @Test
  void oneVideo_isAReel_andNeverAFeedPost_whileOneImage_isAFeedPost() throws Exception {
    var reel = publish(content("a reel", List.of(), video(), Map.of(InstagramConnector.SHARE_TO_FEED, false)));
    assertThat(fake.posts().getLast().container().mediaType()).isEqualTo("REELS");
    assertThat(fake.posts().getLast().container().shareToFeed()).isEqualTo("false");
    assertThat(reel.postUrl()).contains("/reel/");

    publish(content("a photo", List.of(image("alt")), null, Map.of()));
    assertThat(fake.posts().getLast().container().mediaType()).isEqualTo("IMAGE");
    assertThat(fake.posts().getLast().container().altText()).isEqualTo("alt");
  }

  @Test
  void aTypeThatDoesNotFitTheMedia_isRefusedBeforeAnyCall() {
    assertThatThrownBy(() -> publish(content("not a reel", List.of(image(null)), null, Map.of(PostType.OPTION, "reel"))))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> assertThat(r.getMessage()).contains("reel"));
    assertThatThrownBy(() -> publish(content("a feed video", List.of(), video(), Map.of(PostType.OPTION, "feed"))))
        .isInstanceOf(NetworkFailure.Rejected.class);
    assertThat(fake.mediaUploads()).isZero();
  }

  @Test
  void aStory_isPublishedAsAStory_withoutCaptionOrAltText() throws Exception {
    var published = publish(content("ignored on stories", List.of(image("alt")), null, Map.of(PostType.OPTION, "story")));
    var container = fake.posts().getLast().container();
    assertThat(container.mediaType()).isEqualTo("STORIES");
    assertThat(container.caption()).isNull();
    assertThat(container.altText()).isNull();
    assertThat(published.postUrl()).contains("/stories/");
  }

  @Test
  void theFirstComment_followsThePost_andItsFailureNeverFailsThePost() throws Exception {
    var published = publish(content("with a comment", List.of(image(null)), null,
        Map.of(InstagramConnector.FIRST_COMMENT, "#tags #down #here")));
    assertThat(fake.posts().getLast().comments()).containsExactly("#tags #down #here");
    assertThat(published.refs()).containsKey("first_comment_id");

    fake.refuseComments(true);
    var second = publish(content("comment refused", List.of(image(null)), null, Map.of(InstagramConnector.FIRST_COMMENT, "hi")));
    assertThat(second.postId()).isEqualTo(fake.posts().getLast().id());
    assertThat(second.refs().get("first_comment_error")).contains("permission");
  }

  @Test
  void aContainerStillProcessing_isLookedAtAgainLater_withoutHoldingAThread_orCreatingItTwice() throws Exception {
    fake.processing(2);
    var content = content("slow", List.of(), video(), Map.of());
    var first = catchThrowableOfType(NetworkFailure.InProgress.class, () -> publish(content));
    assertThat(first.checkAt()).isAfter(clock.instant());
    assertThat(first.progress()).containsKeys("started", "container");
    assertThat(fake.publishCalls()).isZero();

    var second = catchThrowableOfType(NetworkFailure.InProgress.class, () -> publish(content, first.progress()));
    assertThat(second.progress()).containsEntry("container", first.progress().get("container"));

    var published = publish(content, second.progress());
    assertThat(published.postId()).isEqualTo(fake.posts().getLast().id());
    assertThat(fake.mediaUploads()).as("containers created").isEqualTo(1);
    assertThat(fake.publishCalls()).isEqualTo(1);
  }

  @Test
  void aCarouselWaitsForItsItems_beforeTheCarouselContainerIsMade() throws Exception {
    fake.processing(1);
    var content = content("slow carousel", List.of(image(null)), video(), Map.of());
    var waiting = catchThrowableOfType(NetworkFailure.InProgress.class, () -> publish(content));
    assertThat(waiting.progress()).containsKey("children").doesNotContainKey("container");
    Map<String, String> progress = waiting.progress();
    Publication.Published published = null;
    for (int i = 0; i < 5 && published == null; i++) {
      try {
        published = publish(content, progress);
      } catch (NetworkFailure.InProgress again) {
        progress = again.progress();
      }
    }
    assertThat(published).isNotNull();
    assertThat(fake.posts().getLast().items()).hasSize(2);
  }

  @Test
  void aContainerThatNeverFinishes_failsClearly_afterTheBound() throws Exception {
    fake.neverFinish(true);
    var content = content("stuck", List.of(image(null)), null, Map.of());
    Map<String, String> progress = Map.of();
    NetworkFailure last = null;
    for (int i = 0; i < 200; i++) {
      try {
        publish(content, progress);
      } catch (NetworkFailure.InProgress waiting) {
        progress = waiting.progress();
        clock.advance(Duration.between(clock.instant(), waiting.checkAt()));
        continue;
      } catch (NetworkFailure f) {
        last = f;
      }
      break;
    }
    assertThat(last).isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> {
      assertThat(r.code()).isEqualTo("container_timeout");
      assertThat(r.getMessage()).contains("still processing").contains("5");
    });
    assertThat(Duration.between(Instant.parse(progress.get("started")), clock.instant())).isBetween(
        Duration.ofMinutes(5), Duration.ofMinutes(6));
    assertThat(fake.publishCalls()).isZero();
    assertThat(fake.mediaUploads()).isEqualTo(1);
  }

  @Test
  void aContainerInError_isRejectedWithMetasStatus() {
    fake.failProcessing("2207026 The video format is not supported");
    assertThatThrownBy(() -> publish(content("bad", List.of(), video(), Map.of())))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> {
          assertThat(r.code()).isEqualTo("media_rejected");
          assertThat(r.getMessage()).contains("video format is not supported");
        });
    assertThat(fake.publishCalls()).isZero();
  }

  @Test
  void anExpiredContainer_isMadeAgainOnce_thenGivenUp() throws Exception {
    fake.expireNext(1);
    publish(content("expired once", List.of(image(null)), null, Map.of()));
    assertThat(fake.mediaUploads()).isEqualTo(2);
    assertThat(fake.posts()).hasSize(1);

    fake.expireNext(2);
    assertThatThrownBy(() -> publish(content("expired twice", List.of(image(null)), null, Map.of())))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> assertThat(r.code()).isEqualTo("container_expired"));
    assertThat(fake.posts()).hasSize(1);
  }

  @Test
  void aSpentPublishingLimit_waitsForTheWindow_beforeAnyContainerIsMade() {
    clock.freeze();
    fake.quota(50, InstagramTesting.USER, 50);
    var limited = catchThrowableOfType(NetworkFailure.RateLimited.class,
        () -> publish(content("one too many", List.of(image(null)), null, Map.of())));
    assertThat(limited.retryAt()).isEqualTo(clock.instant().plus(Duration.ofHours(24)));
    assertThat(limited.getMessage()).contains("publishing limit").contains("50 of 50");
    assertThat(fake.mediaUploads()).isZero();
  }

  @Test
  void aTokenExpiredMidQueue_isRefreshed_andATokenDueForRefresh_isRefreshedFirst() throws Exception {
    fake.failNext(FakeNetwork.Fault.EXPIRED_TOKEN);
    assertThatThrownBy(() -> publish(content("expired", List.of(image(null)), null, Map.of())))
        .isInstanceOf(NetworkFailure.CredentialsExpired.class);
    var renewed = connector.refresh(account).orElseThrow();
    assertThat(renewed.expiresAt()).isAfter(clock.instant().plus(Duration.ofDays(59)));
    assertThat(renewed.credentials()).containsEntry("login", "instagram").containsKey("refresh_at");
    assertThat(fake.auth().refreshes()).isEqualTo(1);

    var due = new java.util.HashMap<>(renewed.credentials());
    due.put("refresh_at", clock.instant().minusSeconds(1).toString());
    account = account.withCredentials(due);
    int before = fake.mediaUploads();
    assertThatThrownBy(() -> publish(content("due", List.of(image(null)), null, Map.of())))
        .isInstanceOf(NetworkFailure.CredentialsExpired.class);
    assertThat(fake.mediaUploads()).isEqualTo(before);
  }

  @Test
  void aFacebookLoginAccount_publishesOnTheFacebookHost_andAnExpiredPageTokenNeedsAReconnect() throws Exception {
    account = InstagramTesting.facebookAccount(fake, "17841400000000777");
    publish(content("via a page", List.of(image(null)), null, Map.of()));
    assertThat(fake.posts().getLast().userId()).isEqualTo("17841400000000777");

    fake.failNext(FakeNetwork.Fault.EXPIRED_TOKEN);
    assertThatThrownBy(() -> publish(content("page token dead", List.of(image(null)), null, Map.of())))
        .isInstanceOf(NetworkFailure.AccessRevoked.class);
    assertThat(connector.refresh(account)).isEmpty();
  }
}

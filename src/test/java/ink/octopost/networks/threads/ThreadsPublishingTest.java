package ink.octopost.networks.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.fakes.FakeThreads;
import ink.octopost.fakes.MediaServer;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.Publication;
import ink.octopost.networks.SendGate;
import ink.octopost.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What Threads users notice beyond the contract: carousels of images and a video, containers that
 * take their time (the connector comes back later instead of waiting) or never finish, Meta's
 * reasons for refusing media, link cards, reply control, and the publishing quota.
 */
class ThreadsPublishingTest {

  private final TestClock clock = new TestClock();
  private FakeThreads fake;
  private MediaServer media;
  private ThreadsConnector connector;
  private Publication.AccountContext account;

  @BeforeEach
  void start() throws Exception {
    clock.freezeAt(Instant.parse("2026-12-05T12:00:00Z"));
    fake = new FakeThreads(clock).user(ThreadsTesting.USER_ID, "octo.threads", "Octo Threads");
    media = new MediaServer();
    connector = ThreadsTesting.connector(fake, clock);
    account = ThreadsTesting.account(fake, clock, Duration.ofDays(2));
  }

  @AfterEach
  void stop() {
    fake.close();
    media.close();
  }

  private Publication publication(PostContent content, Publication.Published replyTo, SendGate gate) {
    return new Publication(account, content, replyTo, null, "key", gate);
  }

  private static PostContent text(String text, Map<String, Object> options) {
    return new PostContent(text, List.of(), null, List.of(), options);
  }

  private PostContent.Image image(String name, String alt) {
    return new PostContent.Image(media.serve(name, MediaServer.png(400, 300)), alt);
  }

  @Test
  void aCarouselOfImagesAndAVideo_waitsForEveryItem_thenPublishesOnePostWithItsPermalink() throws Exception {
    fake.processingPolls(0, 1, 3);
    var content = new PostContent("carousel", List.of(image("a.png", "first"), image("b.png", "second")),
        new PostContent.Video(media.serve("c.mp4", MediaServer.mp4(4096)), null, null), List.of());
    var gates = new AtomicInteger();
    var waits = new ArrayList<NetworkFailure.InProgress>();
    var p = publication(content, null, gates::incrementAndGet);
    Publication.Published published = null;
    for (int call = 0; call < 10 && published == null; call++) {
      try {
        published = connector.publish(p);
      } catch (NetworkFailure.InProgress wait) {
        waits.add(wait);
        assertThat(gates.get()).as("no publishing request while items process").isZero();
        clock.advance(Duration.between(clock.instant(), wait.checkAt()));
        p = new Publication(account, content, null, null, "key", gates::incrementAndGet, wait.progress());
      }
    }
    assertThat(published).isNotNull();
    assertThat(waits).isNotEmpty();
    assertThat(waits.getFirst().progress()).containsKeys("started", "items");
    assertThat(waits.getFirst().checkAt()).as("a video is looked at once a minute").isEqualTo(Instant.parse("2026-12-05T12:01:00Z"));
    assertThat(gates.get()).isEqualTo(1);
    var post = fake.published().getLast();
    assertThat(post.mediaType()).isEqualTo("CAROUSEL");
    assertThat(post.text()).isEqualTo("carousel");
    assertThat(post.images()).hasSize(2);
    assertThat(post.altTexts()).containsExactly("first", "second");
    assertThat(post.video()).isTrue();
    assertThat(fake.fetched()).as("Meta pulled each item once, from the public links").hasSize(3);
    assertThat(published.postId()).isEqualTo(post.id());
    assertThat(published.postUrl()).startsWith("https://www.threads.net/@octo.threads/post/");
  }

  @Test
  void aContinuingCall_neverCreatesTheContainerAgain_norFetchesTheMediaAgain() throws Exception {
    fake.processingPolls(0, 2, 2);
    var content = new PostContent("one image", List.of(image("one.png", null)), null, List.of());
    var wait = catchInProgress(() -> connector.publish(publication(content, null, SendGate.NONE)));
    int fetched = media.fetches();
    int created = fake.mediaUploads();
    var published = ThreadsTesting.drive(connector,
        new Publication(account, content, null, null, "key", SendGate.NONE, wait.progress()), clock, 5);
    assertThat(published.postId()).isNotBlank();
    assertThat(media.fetches()).isEqualTo(fetched);
    assertThat(fake.mediaUploads()).isEqualTo(created);
    assertThat(fake.published()).hasSize(1);
  }

  @Test
  void aContainerThatNeverFinishes_failsClearlyAfterTenMinutes_withoutHoldingAThread() throws Exception {
    fake.neverFinish(true);
    var content = new PostContent("stuck", List.of(),
        new PostContent.Video(media.serve("stuck.mp4", MediaServer.mp4(4096)), null, null), List.of());
    Instant started = clock.instant();
    var p = publication(content, null, SendGate.NONE);
    int calls = 0;
    long wall = System.nanoTime();
    NetworkFailure end = null;
    while (end == null && calls < 30) {
      calls++;
      try {
        connector.publish(p);
      } catch (NetworkFailure.InProgress wait) {
        assertThat(wait.checkAt()).isAfter(clock.instant());
        clock.advance(Duration.between(clock.instant(), wait.checkAt()));
        p = new Publication(account, content, null, null, "key", SendGate.NONE, wait.progress());
      } catch (NetworkFailure other) {
        end = other;
      }
    }
    assertThat(end).isInstanceOf(NetworkFailure.Rejected.class);
    assertThat(end.code()).isEqualTo("processing_timeout");
    assertThat(end.getMessage()).contains("still processing", "10 minutes");
    assertThat(Duration.between(started, clock.instant())).isEqualTo(Duration.ofMinutes(10));
    assertThat(calls).as("one look a minute, then the verdict").isEqualTo(11);
    assertThat(Duration.ofNanos(System.nanoTime() - wall)).as("no call waited").isLessThan(Duration.ofSeconds(20));
    assertThat(fake.publishCalls()).isZero();
  }

  @Test
  void aContainerInError_failsWithMetasReason() throws Exception {
    fake.errorNextContainer("INVALID_ASPEC_RATIO");
    var content = new PostContent("bad video", List.of(),
        new PostContent.Video(media.serve("bad.mp4", MediaServer.mp4(4096)), null, null), List.of());
    assertThatThrownBy(() -> ThreadsTesting.drive(connector, publication(content, null, SendGate.NONE), clock, 10))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> {
          assertThat(r.code()).isEqualTo("media_rejected");
          assertThat(r.getMessage()).contains("INVALID_ASPEC_RATIO", "aspect ratio");
        });
    assertThat(fake.publishCalls()).isZero();
  }

  @Test
  void mediaMetaCannotProcess_failsWithTheReason() throws Exception {
    var content = new PostContent("not a video", List.of(),
        new PostContent.Video(media.serve("fake.mp4", MediaServer.mp4(4096)), null, null), List.of());
    fake.errorNextContainer("FAILED_DOWNLOADING_VIDEO");
    assertThatThrownBy(() -> ThreadsTesting.drive(connector, publication(content, null, SendGate.NONE), clock, 10))
        .hasMessageContaining("FAILED_DOWNLOADING_VIDEO").hasMessageContaining("OCTOPOST_PUBLIC_URL");
  }

  @Test
  void aTextPost_previewsItsFirstLink_orTheLinkOption_andSaysWhoMayReply() throws Exception {
    connector.publish(publication(text("read https://example.com/a and https://example.org/b", Map.of()), null, SendGate.NONE));
    assertThat(fake.published().getLast().params()).containsEntry("link_attachment", "https://example.com/a")
        .containsEntry("media_type", "TEXT").doesNotContainKey("reply_control");

    connector.publish(publication(text("a card", Map.of("link", "https://octopost.ink/blog", "reply_control", "mentioned_only")),
        null, SendGate.NONE));
    assertThat(fake.published().getLast().params()).containsEntry("link_attachment", "https://octopost.ink/blog")
        .containsEntry("reply_control", "mentioned_only");
  }

  @Test
  void aLinkOptionOnAPostWithMedia_orMoreThanFiveLinks_isRefusedBeforeAnyCall() {
    var withImage = new PostContent("pic", List.of(image("l.png", null)), null, List.of(), Map.of("link", "https://example.com"));
    assertThatThrownBy(() -> connector.publish(publication(withImage, null, SendGate.NONE)))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> assertThat(r.code()).isEqualTo("link_with_media"));
    var sixLinks = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      sixLinks.append("https://example.com/").append(i).append(' ');
    }
    assertThatThrownBy(() -> connector.publish(publication(text(sixLinks.toString(), Map.of()), null, SendGate.NONE)))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> assertThat(r.code()).isEqualTo("too_many_links"));
    assertThat(fake.mediaUploads()).isZero();
    assertThat(fake.publishCalls()).isZero();
  }

  @Test
  void aReplyToAPostThatIsGone_isRefusedWithMetasMessage() throws Exception {
    var first = connector.publish(publication(text("root", Map.of()), null, SendGate.NONE));
    connector.delete(account, first.postId());
    assertThatThrownBy(() -> connector.publish(publication(text("reply", Map.of()), first, SendGate.NONE)))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> assertThat(r.getMessage()).contains("does not exist"));
  }

  @Test
  void aUsedUpPublishingQuota_waitsAnHour_beforeAnyContainerIsMade() throws Exception {
    fake.quota(1, 1);
    var root = connector.publish(publication(text("the day's one post", Map.of()), null, SendGate.NONE));
    var reply = connector.publish(publication(text("the day's one reply", Map.of()), root, SendGate.NONE));
    assertThat(reply.postId()).isNotBlank();
    int calls = fake.publishCalls();
    Instant now = clock.instant();
    assertThatThrownBy(() -> connector.publish(publication(text("one too many", Map.of()), null, SendGate.NONE)))
        .isInstanceOfSatisfying(NetworkFailure.RateLimited.class, r -> {
          assertThat(r.retryAt()).isEqualTo(now.plus(Duration.ofHours(1)));
          assertThat(r.getMessage()).contains("1 of 1 posts in 24 hours");
        });
    assertThatThrownBy(() -> connector.publish(publication(text("a reply too many", Map.of()), root, SendGate.NONE)))
        .isInstanceOfSatisfying(NetworkFailure.RateLimited.class, r -> assertThat(r.getMessage()).contains("replies"));
    assertThat(fake.publishCalls()).isEqualTo(calls);
    clock.advance(Duration.ofHours(24).plusMinutes(1)); // the rolling day has passed (the token's refresh is not due yet)
    assertThat(connector.publish(publication(text("a new day", Map.of()), null, SendGate.NONE)).postId()).isNotBlank();
  }

  @Test
  void anAppWideLimit_withOnlyTheUsageHeader_waitsAQuarterOfAnHour() {
    fake.fault(FakeThreads.Fault.APP_LIMIT);
    Instant now = clock.instant();
    assertThatThrownBy(() -> connector.publish(publication(text("busy", Map.of()), null, SendGate.NONE)))
        .isInstanceOfSatisfying(NetworkFailure.RateLimited.class,
            r -> assertThat(r.retryAt()).isEqualTo(now.plus(Duration.ofMinutes(15))));
  }

  @Test
  void textOverFiveHundred_asThreadsCountsIt_isRefusedByThreadsToo() {
    // 126 thumbs-up are 504 in Threads' count: the fake refuses what validation would have caught.
    String tooLong = "\uD83D\uDC4D".repeat(126);
    assertThat(ThreadsConnector.TEXT.count(tooLong)).isEqualTo(504);
    assertThatThrownBy(() -> connector.publish(publication(text(tooLong, Map.of()), null, SendGate.NONE)))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> assertThat(r.getMessage()).contains("500"));
  }

  private static NetworkFailure.InProgress catchInProgress(ThrowingCall call) {
    try {
      call.run();
    } catch (NetworkFailure.InProgress wait) {
      return wait;
    } catch (NetworkFailure other) {
      throw new AssertionError("expected to be told to come back, got " + other, other);
    }
    throw new AssertionError("expected to be told to come back");
  }

  @FunctionalInterface
  private interface ThrowingCall {
    void run() throws NetworkFailure;
  }
}

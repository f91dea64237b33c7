package ink.octopost.networks.linkedin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ink.octopost.fakes.FakeLinkedIn;
import ink.octopost.fakes.MediaServer;
import ink.octopost.media.TestMediaSources;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.Publication;
import ink.octopost.networks.SendGate;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a LinkedIn user notices: their text intact, their images, pages, video, links, visibility and comments. */
class LinkedInConnectorTest {

  private FakeLinkedIn fake;
  private MediaServer media;
  private LinkedInConnector connector;
  private String token;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeLinkedIn();
    media = new MediaServer();
    fake.auth().member(LinkedInTesting.PERSON, LinkedInTesting.PERSON_NAME)
        .admin(LinkedInTesting.PERSON, LinkedInTesting.ORG_ID, LinkedInTesting.ORG_NAME, "ADMINISTRATOR");
    connector = LinkedInTesting.connector(fake);
    token = fake.auth().tokenFor(LinkedInTesting.PERSON);
  }

  @AfterEach
  void stop() {
    fake.close();
    media.close();
  }

  private Publication.Published publish(Publication.AccountContext account, PostContent content) throws NetworkFailure {
    return connector.publish(new Publication(account, content, null, null, "k"));
  }

  private Publication.Published publish(PostContent content) throws NetworkFailure {
    return publish(LinkedInTesting.member(token), content);
  }

  private static PostContent text(String text, Map<String, Object> options) {
    return new PostContent(text, List.of(), null, List.of(), options);
  }

  @Test
  void everyReservedCharacter_survives() throws Exception {
    String text = "Prices (new!) | {menu} @home [today] <b> #bakery \\ *bold* _it_ ~strike~ — all of \\|{}@[]()<>#*_~ kept";
    publish(text(text, Map.of()));
    var post = fake.posts().getLast();
    assertThat(post.text()).isEqualTo(text);
    assertThat(post.commentary()).contains("\\(new!\\)").contains("\\#bakery").contains("\\\\");
    // without the escaping LinkedIn cuts the text at the first reserved character
    assertThat(FakeLinkedIn.shown(text)).isEqualTo("Prices ");
  }

  @Test
  void severalImages_makeAMultiImagePost_withTheirAltTexts() throws Exception {
    var images = new ArrayList<PostContent.Image>();
    for (int i = 0; i < 3; i++) {
      images.add(new PostContent.Image(media.serve("i" + i + ".png", MediaServer.png(50 + i, 40)), "alt " + i));
    }
    publish(new PostContent("three loaves", images, null, List.of()));
    var post = fake.posts().getLast();
    assertThat(post.images()).hasSize(3).allMatch(u -> u.startsWith("urn:li:image:"));
    assertThat(post.altTexts()).containsExactly("alt 0", "alt 1", "alt 2");
    assertThat(fake.mediaUploads()).isEqualTo(3);
  }

  @Test
  void anOrganizationPageAccount_publishesAsTheOrganization_withItsOwnImages() throws Exception {
    var page = LinkedInTesting.account("urn:li:organization:" + LinkedInTesting.ORG_ID, Map.of("access_token", token));
    var image = new PostContent.Image(media.serve("o.png", MediaServer.png(60, 40)), "our shop");
    var published = publish(page, new PostContent("from the page", List.of(image), null, List.of()));
    var post = fake.posts().getLast();
    assertThat(post.author()).isEqualTo("urn:li:organization:" + LinkedInTesting.ORG_ID);
    assertThat(published.refs()).containsEntry("author", "urn:li:organization:" + LinkedInTesting.ORG_ID);
    assertThat(post.images()).hasSize(1);
  }

  @Test
  void aPageTheMemberDoesNotAdminister_isRefused() {
    var other = LinkedInTesting.account("urn:li:organization:999", Map.of("access_token", token));
    var failure = catchThrowableOfType(NetworkFailure.Rejected.class, () -> publish(other, text("not mine", Map.of())));
    assertThat(failure.code()).isEqualTo("access_denied");
    assertThat(fake.posts()).isEmpty();
  }

  @Test
  void aVideo_isUploadedInLinkedInsParts_andThePostWaitsUntilItIsAvailable() throws Exception {
    fake.partBytes(1000).processingChecks(2);
    byte[] bytes = MediaServer.mp4(4096);
    var video = new PostContent.Video(media.serve("v.mp4", bytes), "Our oven", null);
    var content = new PostContent("watch", List.of(), video, List.of());
    var gates = new AtomicInteger();
    SendGate gate = gates::incrementAndGet;

    var first = catchThrowableOfType(NetworkFailure.InProgress.class,
        () -> connector.publish(new Publication(LinkedInTesting.member(token), content, null, null, "k", gate)));
    assertThat(first.progress()).containsKey("video").doesNotContainValue(token);
    assertThat(fake.posts()).isEmpty();
    var v = fake.videos().getFirst();
    assertThat(v.parts).hasSize(5);
    var joined = new ByteArrayOutputStream();
    for (int i = 0; i < 5; i++) {
      joined.write(v.parts.get(i));
    }
    assertThat(joined.toByteArray()).isEqualTo(bytes);
    assertThat(v.finalized).isTrue();

    var second = catchThrowableOfType(NetworkFailure.InProgress.class, () -> connector.publish(
        new Publication(LinkedInTesting.member(token), content, null, null, "k", gate, first.progress())));
    assertThat(second.progress()).containsEntry("video", first.progress().get("video"))
        .containsEntry("started", first.progress().get("started"));
    assertThat(gates).hasValue(0);

    var published = connector.publish(new Publication(LinkedInTesting.member(token), content, null, null, "k", gate, second.progress()));
    assertThat(gates).hasValue(1);
    assertThat(fake.videos()).hasSize(1); // never uploaded again
    assertThat(fake.posts().getLast().video()).isEqualTo(v.urn);
    assertThat(published.postUrl()).contains(published.postId());
  }

  @Test
  void aVideoLinkedInCannotProcess_failsThePost() {
    fake.processingFails(true);
    var video = new PostContent.Video(media.serve("bad.mp4", MediaServer.mp4(4096)), null, null);
    var failure = catchThrowableOfType(NetworkFailure.Rejected.class,
        () -> publish(new PostContent("bad", List.of(), video, List.of())));
    assertThat(failure.code()).isEqualTo("video_processing_failed");
    assertThat(failure.getMessage()).contains("not supported");
  }

  @Test
  void aLink_becomesAnArticle_fromTheOverrideOrTheFirstUrl() throws Exception {
    publish(text("read this", Map.of("link", "https://bakery.example/bread")));
    assertThat(fake.posts().getLast().article()).isEqualTo("https://bakery.example/bread");
    publish(text("new menu at https://bakery.example/menu and more", Map.of()));
    assertThat(fake.posts().getLast().article()).isEqualTo("https://bakery.example/menu");
  }

  @Test
  void visibility_andAFirstComment() throws Exception {
    var published = publish(text("friends only", Map.of("visibility", "CONNECTIONS", "first_comment", "Recipe below (really)")));
    var post = fake.posts().getLast();
    assertThat(post.visibility()).isEqualTo("CONNECTIONS");
    assertThat(post.comments()).containsExactly("Recipe below (really)");
    assertThat(published.refs()).containsKey("first_comment_id");
    assertThat(publish(text("default", Map.of())).postId()).isNotBlank();
    assertThat(fake.posts().getLast().visibility()).isEqualTo("PUBLIC");
  }

  @Test
  void withoutARefreshToken_anExpiredTokenNeedsAReconnect() {
    fake.auth().expire(token);
    assertThatThrownBy(() -> publish(text("late", Map.of()))).isInstanceOf(NetworkFailure.AccessRevoked.class);
  }

  @Test
  void theDailyLimit_waitsUntilMidnightUtc() {
    Instant now = Instant.parse("2026-12-05T20:30:00Z");
    var clocked = LinkedInTesting.connector(fake, TestMediaSources.fetching(LinkedInTesting.http()), Clock.fixed(now, ZoneOffset.UTC),
        LinkedInProperties.DEFAULTS);
    fake.failNext(ink.octopost.fakes.FakeNetwork.Fault.RATE_LIMITED);
    var limited = catchThrowableOfType(NetworkFailure.RateLimited.class,
        () -> clocked.publish(new Publication(LinkedInTesting.member(token), text("too many", Map.of()), null, null, "k")));
    assertThat(limited.retryAt()).isEqualTo(Instant.parse("2026-12-06T00:00:00Z"));
  }

  @Test
  void aSunsetVersion_isRefusedWithLinkedInsMessage() {
    var old = LinkedInTesting.connector(fake, TestMediaSources.fetching(LinkedInTesting.http()), Clock.systemUTC(),
        new LinkedInProperties("202301", null, false));
    var failure = catchThrowableOfType(NetworkFailure.Rejected.class,
        () -> old.publish(new Publication(LinkedInTesting.member(token), text("old", Map.of()), null, null, "k")));
    assertThat(failure.getMessage()).contains("202301").contains("not active");
  }

  @Test
  void deletingAPostThatIsGone_isFine() throws Exception {
    var published = publish(text("short-lived", Map.of()));
    connector.delete(LinkedInTesting.member(token), published.postId());
    connector.delete(LinkedInTesting.member(token), published.postId());
    assertThat(fake.posts()).isEmpty();
  }
}

package ink.octopost.networks.youtube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.fakes.FakeYouTube;
import ink.octopost.fakes.MediaServer;
import ink.octopost.media.TestMediaSources;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.Publication;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-post options into snippet and status, playlists, quota and its reset at Pacific midnight, delete. */
class YouTubeConnectorTest {

  /** 20:00 UTC on 5 December = noon in Los Angeles (PST, UTC-8). */
  static final Instant NOW = Instant.parse("2026-12-05T20:00:00Z");

  private FakeYouTube fake;
  private MediaServer media;
  private YouTubeConnector connector;
  private Publication.AccountContext account;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeYouTube();
    media = new MediaServer();
    String token = fake.channel(YouTubeTesting.CHANNEL_ID, YouTubeTesting.CHANNEL_TITLE);
    connector = YouTubeTesting.connector(fake, TestMediaSources.fetching(YouTubeTesting.http()), Clock.fixed(NOW, ZoneOffset.UTC),
        YouTubeProperties.DEFAULTS);
    account = YouTubeTesting.account(fake, token);
  }

  @AfterEach
  void stop() {
    fake.close();
    media.close();
  }

  private Publication.Published publish(String text, Map<String, Object> options) throws NetworkFailure {
    var video = new PostContent.Video(media.serve("v" + System.nanoTime() + ".mp4", MediaServer.mp4(4096)), "Clip title", null);
    return connector.publish(new Publication(account, new PostContent(text, List.of(), video, List.of(), options), null, null, "k"));
  }

  @Test
  void theOptions_becomeTheSnippetAndStatus_andThePlaylistGetsTheVideo() throws Exception {
    var published = publish("Fresh bread daily", Map.of(
        "title", "Our sourdough", "description", "How we bake it", "tags", "bread, baking ,sourdough",
        "category_id", "26", "publish_at", "2026-12-24T09:00:00+01:00", "made_for_kids", true,
        "notify_subscribers", false, "playlist_id", "PLbakery"));
    var held = fake.videos().getLast();
    var snippet = held.resource().path("snippet");
    var status = held.resource().path("status");
    assertThat(snippet.path("title").asString()).isEqualTo("Our sourdough");
    assertThat(snippet.path("description").asString()).isEqualTo("How we bake it");
    assertThat(snippet.path("tags").toString()).isEqualTo("[\"bread\",\"baking\",\"sourdough\"]");
    assertThat(snippet.path("categoryId").asString()).isEqualTo("26");
    assertThat(status.path("privacyStatus").asString()).as("scheduling needs private").isEqualTo("private");
    assertThat(status.path("publishAt").asString()).isEqualTo("2026-12-24T08:00:00Z");
    assertThat(status.path("selfDeclaredMadeForKids").asBoolean()).isTrue();
    assertThat(held.notifySubscribers()).isFalse();
    assertThat(fake.playlistItems()).containsExactly(Map.of("playlistId", "PLbakery", "videoId", published.postId()));
    assertThat(published.refs()).containsKey("playlist_item_id");
  }

  @Test
  void withoutOptions_theVideoTitleAndThePostTextAreUsed_publicly() throws Exception {
    publish("The text is the description", Map.of());
    var held = fake.videos().getLast();
    assertThat(held.resource().path("snippet").path("title").asString()).isEqualTo("Clip title");
    assertThat(held.resource().path("snippet").path("description").asString()).isEqualTo("The text is the description");
    assertThat(held.resource().path("status").path("privacyStatus").asString()).isEqualTo("public");
    assertThat(held.notifySubscribers()).isTrue();
  }

  @Test
  void schedulingAPublicVideo_isRefusedBeforeAnyUpload() {
    assertThatThrownBy(() -> publish("x", Map.of("privacy_status", "public", "publish_at", "2026-12-24T09:00:00Z")))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, e -> assertThat(e.code()).isEqualTo("invalid_publish_at"));
    assertThat(fake.mediaUploads()).isZero();
  }

  @Test
  void aPlaylistYouTubeRefuses_doesNotFailThePublishedVideo() throws Exception {
    var published = publish("x", Map.of("playlist_id", "nope"));
    assertThat(fake.videos()).hasSize(1);
    assertThat(published.refs().get("playlist_error")).contains("playlistNotFound");
  }

  @Test
  void theVideosThumbnail_isSetAfterTheUpload() throws Exception {
    var video = new PostContent.Video(media.serve("t.mp4", MediaServer.mp4(4096)), "With thumbnail",
        media.serve("thumb.png", MediaServer.png(128, 72)));
    var published = connector.publish(new Publication(account, new PostContent("t", List.of(), video, List.of()), null, null, "k"));
    assertThat(fake.thumbnails()).containsKey(published.postId());
    assertThat(published.refs()).containsEntry("thumbnail", "set");
  }

  @Test
  void quotaExceeded_isRateLimitedUntilMidnightPacific() {
    fake.quotaExceeded(true);
    assertThatThrownBy(() -> publish("over quota", Map.of()))
        .isInstanceOfSatisfying(NetworkFailure.RateLimited.class,
            r -> assertThat(r.retryAt()).isEqualTo(Instant.parse("2026-12-06T08:00:00Z")));
  }

  @Test
  void quotaUnits_areCountedPerProject() throws Exception {
    var published = publish("counted", Map.of());
    assertThat(connector.quotaUsedToday()).isEqualTo(1600);
    connector.delete(account, published.postId());
    assertThat(connector.quotaUsedToday()).isEqualTo(1650);
  }

  @Test
  void deletingAVideoThatIsGone_isFine() throws Exception {
    var published = publish("gone", Map.of());
    connector.delete(account, published.postId());
    connector.delete(account, published.postId());
    assertThat(fake.videos()).isEmpty();
  }

  @Test
  void aPostWithoutVideo_isRefused() {
    assertThatThrownBy(() -> connector.publish(new Publication(account, new PostContent("text", List.of(), null, List.of()), null,
        null, "k"))).isInstanceOfSatisfying(NetworkFailure.Rejected.class, e -> assertThat(e.code()).isEqualTo("video_required"));
  }

  @Test
  void aVerticalVideoOfAtMostThreeMinutes_getsTheShortsUrl() {
    assertThat(YouTubeConnector.url("abc", file(720, 1280, 59.0))).isEqualTo("https://www.youtube.com/shorts/abc");
    assertThat(YouTubeConnector.url("abc", file(1080, 1080, 180.0))).isEqualTo("https://www.youtube.com/shorts/abc");
    assertThat(YouTubeConnector.url("abc", file(720, 1280, 181.0))).isEqualTo("https://www.youtube.com/watch?v=abc");
    assertThat(YouTubeConnector.url("abc", file(1920, 1080, 30.0))).isEqualTo("https://www.youtube.com/watch?v=abc");
    assertThat(YouTubeConnector.url("abc", file(null, null, null))).isEqualTo("https://www.youtube.com/watch?v=abc");
  }

  private static ink.octopost.networks.MediaFile file(Integer w, Integer h, Double seconds) {
    return new ink.octopost.networks.MediaFile() {
      public String mimeType() { return "video/mp4"; }
      public long size() { return 1; }
      public String fileName() { return "v.mp4"; }
      public Integer width() { return w; }
      public Integer height() { return h; }
      public Double durationSeconds() { return seconds; }
      public java.io.InputStream open() { return java.io.InputStream.nullInputStream(); }
      public java.net.URI publicUrl() { throw new UnsupportedOperationException(); }
    };
  }
}

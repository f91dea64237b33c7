package ink.octopost.networks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * Each network's media limits as the connectors declare them, against the figures in
 * shared/reference/networks.md (the section is named in each assertion).
 */
class MediaLimitsTest {

  static AnnotationConfigApplicationContext context;
  static ConnectorRegistry registry;

  @BeforeAll
  static void scan() {
    context = new AnnotationConfigApplicationContext();
    var http = new ink.octopost.shared.OutboundHttp(new ink.octopost.shared.OutboundProperties(false));
    context.registerBean(ink.octopost.shared.OutboundHttp.class, () -> http);
    context.registerBean(tools.jackson.databind.json.JsonMapper.class, () -> tools.jackson.databind.json.JsonMapper.builder().build());
    context.registerBean(java.time.Clock.class, java.time.Clock::systemUTC);
    context.registerBean(NetworksProperties.class,
        () -> new NetworksProperties(null, null, null, null, null, null, null, null, null, null, null, null));
    context.registerBean(MediaSource.class, () -> ink.octopost.media.TestMediaSources.fetching(http));
    context.scan("ink.octopost.networks");
    context.refresh();
    registry = context.getBean(ConnectorRegistry.class);
  }

  @AfterAll
  static void close() {
    context.close();
  }

  static MediaRules media(Platform p) {
    return registry.capabilities(p).media();
  }

  @Test
  void x_1_5() {
    var x = media(Platform.TWITTER);
    assertThat(x.maxImageBytes()).as("1.5: image <= 5 MB").isEqualTo(5_000_000L);
    assertThat(x.maxBytesFor("image/gif")).as("1.5: animated GIF <= 15 MB").isEqualTo(15_000_000L);
    assertThat(x.maxBytesFor("image/png")).isEqualTo(5_000_000L);
    assertThat(x.maxVideoBytes()).as("1.5: video <= 512 MB").isEqualTo(512_000_000L);
    assertThat(x.imageTypes()).as("1.5: JPG, PNG, GIF, WEBP")
        .containsExactlyInAnyOrder("image/jpeg", "image/png", "image/gif", "image/webp");
    var v = x.videos();
    assertThat(v.minSeconds()).as("1.5: 0.5-140 s").isEqualTo(0.5);
    assertThat(v.maxSeconds()).isEqualTo(140);
    assertThat(v.maxFrameRate()).as("1.5: <= 60 fps").isEqualTo(60);
    assertThat(v.minAspect()).as("1.5: aspect 1:3-3:1").isCloseTo(1.0 / 3, within(1e-9));
    assertThat(v.maxAspect()).isEqualTo(3);
    assertThat(v.maxWidth()).as("1.5: dimensions up to 1280x1024").isEqualTo(1280);
    assertThat(v.maxHeight()).isEqualTo(1024);
    assertThat(v.codecs()).as("1.5: H.264").containsExactly("h264");
  }

  @Test
  void bluesky_2_6() {
    var b = media(Platform.BLUESKY);
    assertThat(b.maxImages()).as("2.6: <= 4 images").isEqualTo(4);
    assertThat(b.maxImageBytes()).as("2.6: each <= 1,000,000 bytes").isEqualTo(1_000_000L);
    assertThat(b.maxVideoBytes()).as("2.6: video <= 100,000,000 bytes").isEqualTo(100_000_000L);
    assertThat(b.videoTypes()).as("2.6: video/mp4").containsExactly("video/mp4");
    assertThat(b.videos().maxSeconds()).as("2.6: duration <= 3 minutes (unconfirmed)").isEqualTo(180);
  }

  @Test
  void mastodon_3_5() {
    var m = media(Platform.MASTODON);
    assertThat(m.maxImageBytes()).as("3.5: image_size_limit 16 MiB").isEqualTo(16_777_216L);
    assertThat(m.maxVideoBytes()).as("3.5: video_size_limit 99 MiB").isEqualTo(103_809_024L);
    assertThat(m.images().maxPixels()).as("3.5: image_matrix_limit").isEqualTo(33_177_600L);
    assertThat(m.videos().maxPixels()).as("3.5: video_matrix_limit").isEqualTo(8_294_400L);
    assertThat(m.videos().maxFrameRate()).as("3.5: video_frame_rate_limit").isEqualTo(120);
    var instance = registry.connector(Platform.MASTODON).capabilities(new AccountLimits(
        tools.jackson.databind.json.JsonMapper.builder().build().readTree("{\"image_size_limit\": 8388608}"), java.time.Instant.EPOCH)).media();
    assertThat(instance.maxImageBytes()).as("an instance's own byte limit").isEqualTo(8_388_608L);
    assertThat(instance.images().maxPixels()).as("pixel limits kept for an instance's account").isEqualTo(33_177_600L);
    var own = registry.connector(Platform.MASTODON).capabilities(new AccountLimits(
        tools.jackson.databind.json.JsonMapper.builder().build().readTree(
            "{\"image_matrix_limit\": 16777216, \"video_matrix_limit\": 2073600, \"video_frame_rate_limit\": 60}"),
        java.time.Instant.EPOCH)).media();
    assertThat(own.images().maxPixels()).as("an instance's own image_matrix_limit").isEqualTo(16_777_216L);
    assertThat(own.videos().maxPixels()).as("an instance's own video_matrix_limit").isEqualTo(2_073_600L);
    assertThat(own.videos().maxFrameRate()).as("an instance's own video_frame_rate_limit").isEqualTo(60);
  }

  @Test
  void linkedIn_4_5() {
    var l = media(Platform.LINKEDIN);
    assertThat(l.images().maxPixels()).as("4.5: < 36,152,320 pixels").isLessThan(36_152_320L).isGreaterThan(36_000_000L);
    assertThat(l.maxVideoBytes()).as("4.5: video <= 500 MB").isEqualTo(500_000_000L);
    assertThat(l.videos().minSeconds()).as("4.5: 3 s-30 min").isEqualTo(3);
    assertThat(l.videos().maxSeconds()).isEqualTo(1800);
    assertThat(l.videos().minAspect()).as("4.5: aspect 1:2.4-2.4:1").isCloseTo(1 / 2.4, within(1e-9));
    assertThat(l.videos().maxAspect()).isEqualTo(2.4);
  }

  @Test
  void threads_5_3() {
    var t = media(Platform.THREADS);
    assertThat(t.maxImageBytes()).as("5.3: images <= 8 MB").isEqualTo(8_000_000L);
    assertThat(t.imageTypes()).as("5.3: JPEG/PNG").containsExactlyInAnyOrder("image/jpeg", "image/png");
    assertThat(t.images().maxWidth()).as("5.3: width <= 1440").isEqualTo(1440);
    assertThat(t.images().maxAspect()).as("5.3: aspect <= 10:1").isEqualTo(10);
    assertThat(t.maxVideoBytes()).as("5.3: video <= 1 GB").isEqualTo(1_000_000_000L);
    assertThat(t.videos().maxSeconds()).as("5.3: <= 300 s").isEqualTo(300);
    assertThat(t.videos().maxFrameRate()).as("5.3: 23-60 fps").isEqualTo(60);
    assertThat(t.videos().codecs()).as("5.3: HEVC/H.264").containsExactlyInAnyOrder("h264", "hevc");
    assertThat(t.videos().maxWidth()).as("5.3: <= 1920 px wide").isEqualTo(1920);
  }

  @Test
  void instagram_6_2() {
    var i = media(Platform.INSTAGRAM);
    assertThat(i.imageTypes()).as("6.2: JPEG only").containsExactly("image/jpeg");
    assertThat(i.maxImageBytes()).as("6.2: <= 8 MB").isEqualTo(8_000_000L);
    assertThat(i.images().minAspect()).as("6.2: feed aspect 4:5-1.91:1").isEqualTo(0.8);
    assertThat(i.images().maxAspect()).isEqualTo(1.91);
    assertThat(i.images().maxWidth()).as("6.2: width <= 1440").isEqualTo(1440);
    assertThat(i.maxImages()).as("6.2: carousel up to 10").isEqualTo(10);
    assertThat(i.maxVideoBytes()).as("6.2: reels <= 300 MB").isEqualTo(300_000_000L);
    assertThat(i.videos().minSeconds()).as("6.2: reels 3 s-15 min").isEqualTo(3);
    assertThat(i.videos().maxSeconds()).isEqualTo(900);
  }

  @Test
  void tiktok_8_3_youtube_9_3_discord_10_3_telegram_12_3() {
    var tiktok = media(Platform.TIKTOK);
    assertThat(tiktok.maxVideoBytes()).as("8.3: <= 4 GB").isEqualTo(4_000_000_000L);
    assertThat(tiktok.videos().maxSeconds()).as("8.3: 3 s-10 min").isEqualTo(600);
    assertThat(tiktok.videos().maxFrameRate()).as("8.3: 23-60 fps").isEqualTo(60);
    assertThat(tiktok.videos().maxWidth()).as("8.3: 360-4096 px").isEqualTo(4096);
    assertThat(tiktok.imageTypes()).as("8.3: JPEG/WEBP, no PNG").containsExactlyInAnyOrder("image/jpeg", "image/webp");
    assertThat(media(Platform.YOUTUBE).maxVideoBytes()).as("9.3: 256 GB").isEqualTo(256_000_000_000L);
    assertThat(media(Platform.DISCORD).maxImageBytes()).as("10.3: 10 MiB per file").isEqualTo(10_485_760L);
    var telegram = media(Platform.TELEGRAM);
    assertThat(telegram.maxImageBytes()).as("12.3: photo <= 10 MB").isEqualTo(10_000_000L);
    assertThat(telegram.maxVideoBytes()).as("12.3: other uploads <= 50 MB").isEqualTo(50_000_000L);
    assertThat(telegram.images().maxAspect()).as("12.3: ratio <= 20").isEqualTo(20);
    assertThat(telegram.images().maxWidth() + telegram.images().maxHeight()).as("12.3: width + height <= 10000")
        .isLessThanOrEqualTo(10_000);
  }
}

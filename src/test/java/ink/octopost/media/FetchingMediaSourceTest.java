package ink.octopost.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import ink.octopost.fakes.MediaServer;
import ink.octopost.networks.MediaRules;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.Platform;
import ink.octopost.networks.PostContent;
import ink.octopost.shared.OutboundHttp;
import ink.octopost.shared.OutboundProperties;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The interim media source: a URL streamed into a temporary file, capped, typed, and refused with the network's reason. */
class FetchingMediaSourceTest {

  /** X-like: 5 MB images, 15 MB GIFs, 20 MB videos. */
  static final MediaRules RULES = new MediaRules(4, 5_000_000L, Set.of("image/png", "image/gif"), 1, 20_000_000L,
      Set.of("video/mp4"), false, MediaRules.Required.NOTHING, 1000)
      .withImages(new MediaRules.ImageLimits(0, 0, 0, 0, 0, 15_000_000L));

  @TempDir
  Path tmp;
  MediaServer media;
  HttpServer failing;
  FetchingMediaSource source;

  @BeforeEach
  void start() throws Exception {
    media = new MediaServer();
    failing = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    failing.createContext("/", ex -> {
      ex.sendResponseHeaders(503, -1);
      ex.close();
    });
    failing.start();
    source = new FetchingMediaSource(new OutboundHttp(new OutboundProperties(true)), tmp);
  }

  @AfterEach
  void stop() {
    media.close();
    failing.stop(0);
  }

  @Test
  void aVideo_isStreamedIntoATemporaryFile_andReadBackExactly() throws Exception {
    byte[] video = MediaServer.mp4WithMedia(640, 360, 3_000_000);
    String url = media.serve("clips/My Clip!.mp4", video).replace(" ", "%20");
    var file = source.video(new PostContent.Video(url, null, null), Platform.TWITTER, RULES);
    assertThat(file.mimeType()).isEqualTo("video/mp4");
    assertThat(file.size()).isEqualTo(video.length);
    assertThat(file.fileName()).isEqualTo("My-Clip-.mp4");
    try (var in = file.open()) {
      assertThat(in.readAllBytes()).isEqualTo(video);
    }
    try (var in = file.open(1000, 10)) {
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(video, 1000, 1010));
    }
    assertThat(file.bodyPublisher().contentLength()).isEqualTo(video.length);
    try (var files = Files.list(tmp)) {
      assertThat(files.toList()).hasSize(1);
    }
  }

  @Test
  void aGif_mayBeLargerThanOtherImages_whereTheNetworkSaysSo() throws Exception {
    byte[] gif = Arrays.copyOf("GIF89a".getBytes(), 6_000_000);
    byte[] png = Arrays.copyOf(MediaServer.png(10, 10), 6_000_000);
    assertThat(source.image(new PostContent.Image(media.serve("big.gif", gif), null), Platform.TWITTER, RULES).size())
        .isEqualTo(6_000_000);
    assertThatThrownBy(() -> source.image(new PostContent.Image(media.serve("big.png", png), null), Platform.TWITTER, RULES))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, e -> {
          assertThat(e.code()).isEqualTo("media_rejected");
          assertThat(e.getMessage()).contains("larger than the network's limit of 5000000 bytes");
        });
  }

  @Test
  void refusals_arePermanent_outagesTransient_andLeaveNoFileBehind() throws Exception {
    String tooBig = media.serve("huge.mp4", MediaServer.mp4(20_000_001));
    assertThatThrownBy(() -> source.video(new PostContent.Video(tooBig, null, null), Platform.TWITTER, RULES))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class,
            e -> assertThat(e.getMessage()).contains("larger than the network's limit of 20000000 bytes"));
    String webp = media.serve("a.webp", "RIFF\0\0\0\0WEBPVP8 ".getBytes());
    assertThatThrownBy(() -> source.image(new PostContent.Image(webp, null), Platform.TWITTER, RULES))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class,
            e -> assertThat(e.getMessage()).contains("is image/webp, which this network does not accept"));
    String missing = media.serve("x", new byte[1]).replace("/x", "/missing.png");
    assertThatThrownBy(() -> source.image(new PostContent.Image(missing, null), Platform.TWITTER, RULES))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, e -> assertThat(e.getMessage()).contains("HTTP 404"));
    String down = "http://127.0.0.1:" + failing.getAddress().getPort() + "/a.png";
    assertThatThrownBy(() -> source.image(new PostContent.Image(down, null), Platform.TWITTER, RULES))
        .isInstanceOfSatisfying(NetworkFailure.Unavailable.class, e -> assertThat(e.getMessage()).contains("HTTP 503"));
    try (var files = Files.list(tmp)) {
      assertThat(files.toList()).as("temporary files left after refusals").isEmpty();
    }
  }

  @Test
  void aMediaIdWithoutAUrl_cannotBeServedYet() {
    assertThatThrownBy(() -> source.image(new PostContent.Image(null, null, "med_abc"), Platform.BLUESKY, RULES))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, e -> {
          assertThat(e.code()).isEqualTo("media_unavailable");
          assertThat(e.getMessage()).contains("med_abc");
        });
    assertThatThrownBy(() -> source.video(new PostContent.Video(null, null, null, "med_v"), Platform.BLUESKY, RULES))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, e -> assertThat(e.code()).isEqualTo("media_unavailable"));
  }
}

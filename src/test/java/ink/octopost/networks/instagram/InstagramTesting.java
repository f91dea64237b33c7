package ink.octopost.networks.instagram;

import ink.octopost.fakes.FakeInstagram;
import ink.octopost.fakes.MediaServer;
import ink.octopost.networks.MediaFile;
import ink.octopost.networks.MediaRules;
import ink.octopost.networks.MediaSource;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.Platform;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.Publication;
import ink.octopost.shared.OutboundHttp;
import ink.octopost.shared.OutboundProperties;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import tools.jackson.databind.json.JsonMapper;

/** Building the Instagram connector against {@link FakeInstagram}, and media the way the library hands it over. */
final class InstagramTesting {

  static final String USER = "17841400000000001";
  static final String USERNAME = "octo.gram";
  static final String CLIENT_ID = "ig-app";
  static final String CLIENT_SECRET = "ig-secret";
  static final String FB_CLIENT_ID = "fb-app";
  static final String FB_CLIENT_SECRET = "fb-secret";
  static final String VERSION = "v25.0";

  private InstagramTesting() {}

  static Hosts hosts(FakeInstagram fake) {
    return new Hosts(fake.url(), fake.url(), fake.url(), fake.facebookUrl(), fake.facebookUrl(), VERSION, CLIENT_ID,
        CLIENT_SECRET, FB_CLIENT_ID, FB_CLIENT_SECRET);
  }

  static InstagramConnector connector(FakeInstagram fake, MediaServer media, Clock clock) {
    var http = new OutboundHttp(new OutboundProperties(true));
    return new InstagramConnector(http, JsonMapper.builder().build(), clock, new LibraryLike(media), hosts(fake),
        InstagramProperties.DEFAULTS);
  }

  static InstagramOAuth oauth(FakeInstagram fake) {
    return new InstagramOAuth(new OutboundHttp(new OutboundProperties(true)), JsonMapper.builder().build(), Clock.systemUTC(),
        hosts(fake));
  }

  /** An account connected with Instagram Login, its token valid on the fake. */
  static Publication.AccountContext account(FakeInstagram fake) {
    String token = fake.auth().issue(USER, USERNAME, "instagram");
    return new Publication.AccountContext("acc_ig", Platform.INSTAGRAM, USER, USERNAME, null,
        InstagramConnector.credentials(token, Hosts.INSTAGRAM_LOGIN, Instant.now().plus(Duration.ofDays(60))));
  }

  /** An account connected with Facebook Login (a Page token, used on graph.facebook.com). */
  static Publication.AccountContext facebookAccount(FakeInstagram fake, String igUserId) {
    String token = fake.auth().issue(igUserId, "page.gram", "facebook");
    return new Publication.AccountContext("acc_igfb", Platform.INSTAGRAM, igUserId, "page.gram", null,
        InstagramConnector.credentials(token, Hosts.FACEBOOK_LOGIN, null));
  }

  static byte[] jpeg(int width, int height) {
    try {
      var image = new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
      var out = new ByteArrayOutputStream();
      ImageIO.write(image, "jpg", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Media as the library gives it to a network that pulls media: images fitted to JPEG and served
   * at a public URL (here the test's media server), videos served as they are.
   */
  static final class LibraryLike implements MediaSource {
    private final MediaServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicInteger n = new AtomicInteger();

    LibraryLike(MediaServer server) {
      this.server = server;
    }

    @Override
    public MediaFile image(PostContent.Image image, Platform platform, MediaRules rules) throws NetworkFailure {
      byte[] bytes = get(image.url());
      if (bytes[0] != (byte) 0xff) { // fitted to JPEG, as the library does for Instagram
        try {
          var decoded = ImageIO.read(new ByteArrayInputStream(bytes));
          var out = new ByteArrayOutputStream();
          ImageIO.write(decoded, "jpg", out);
          bytes = out.toByteArray();
        } catch (IOException e) {
          throw new NetworkFailure.Rejected("media_rejected", "not an image");
        }
      }
      return file("image/jpeg", server.serve("fitted-" + n.incrementAndGet() + ".jpg", bytes), bytes.length);
    }

    @Override
    public MediaFile video(PostContent.Video video, Platform platform, MediaRules rules) {
      return file("video/mp4", video.url(), 0);
    }

    private byte[] get(String url) throws NetworkFailure {
      try {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
      } catch (IOException | InterruptedException e) {
        throw new NetworkFailure.Unavailable("media server: " + e);
      }
    }

    private static MediaFile file(String type, String url, long size) {
      return new MediaFile() {
        @Override
        public String mimeType() {
          return type;
        }

        @Override
        public long size() {
          return size;
        }

        @Override
        public String fileName() {
          return url.substring(url.lastIndexOf('/') + 1);
        }

        @Override
        public Integer width() {
          return null;
        }

        @Override
        public Integer height() {
          return null;
        }

        @Override
        public Double durationSeconds() {
          return null;
        }

        @Override
        public InputStream open() {
          throw new AssertionError("Instagram pulls media from its public URL; the connector must not read the bytes");
        }

        @Override
        public URI publicUrl() {
          return URI.create(url);
        }
      };
    }
  }
}

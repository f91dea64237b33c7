package ink.octopost.networks.facebook;

import ink.octopost.fakes.FakeFacebook;
import ink.octopost.media.TestMediaSources;
import ink.octopost.networks.MediaFile;
import ink.octopost.networks.MediaRules;
import ink.octopost.networks.MediaSource;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.NetworksProperties;
import ink.octopost.networks.Platform;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.Publication;
import ink.octopost.shared.OutboundHttp;
import ink.octopost.shared.OutboundProperties;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Connectors and accounts for the Facebook tests, pointed at a {@link FakeFacebook}. */
final class FacebookTesting {

  static final String PAGE_ID = "1029384756";
  static final String PAGE_NAME = "Octopost Bakery";
  static final String APP_ID = "991122";
  static final String APP_SECRET = "app-secret";

  private FacebookTesting() {}

  static OutboundHttp http() {
    return new OutboundHttp(new OutboundProperties(true));
  }

  static NetworksProperties properties(String baseUrl, String clientId, String clientSecret) {
    var fb = new NetworksProperties.Network(baseUrl, clientId, clientSecret);
    return new NetworksProperties(null, null, null, null, null, null, fb, null, null, null, null, null);
  }

  static FacebookConnector connector(FakeFacebook fake, MediaSource media) {
    return new FacebookConnector(http(), JsonMapper.builder().build(), Clock.systemUTC(), media,
        properties(fake.url(), APP_ID, APP_SECRET), FacebookProperties.DEFAULTS);
  }

  static FacebookConnector connector(FakeFacebook fake) {
    return connector(fake, pulled(TestMediaSources.fetching(http())));
  }

  static Publication.AccountContext account(String pageId, String token) {
    return new Publication.AccountContext("acc_fb", Platform.FACEBOOK, pageId, PAGE_NAME, null, Map.of("access_token", token));
  }

  /**
   * {@code source}, its files' public URL being the URL the post named (on the test's MediaServer), as
   * the media library's signed link would be: the fake fetches it like Meta does.
   */
  static MediaSource pulled(MediaSource source) {
    return new MediaSource() {
      @Override
      public MediaFile image(PostContent.Image image, Platform platform, MediaRules rules) throws NetworkFailure {
        return new Pulled(source.image(image, platform, rules), URI.create(image.url()));
      }

      @Override
      public MediaFile video(PostContent.Video video, Platform platform, MediaRules rules) throws NetworkFailure {
        return new Pulled(source.video(video, platform, rules), URI.create(video.url()));
      }
    };
  }

  private record Pulled(MediaFile file, URI publicUrl) implements MediaFile {
    @Override
    public String mimeType() {
      return file.mimeType();
    }

    @Override
    public long size() {
      return file.size();
    }

    @Override
    public String fileName() {
      return file.fileName();
    }

    @Override
    public Integer width() {
      return file.width();
    }

    @Override
    public Integer height() {
      return file.height();
    }

    @Override
    public Double durationSeconds() {
      return file.durationSeconds();
    }

    @Override
    public InputStream open() throws IOException {
      return file.open();
    }

    @Override
    public InputStream open(long offset, long length) throws IOException {
      return file.open(offset, length);
    }

    @Override
    public byte[] bytes() throws IOException {
      return file.bytes();
    }
  }
}

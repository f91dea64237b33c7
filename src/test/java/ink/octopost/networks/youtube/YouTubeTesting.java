package ink.octopost.networks.youtube;

import ink.octopost.fakes.FakeYouTube;
import ink.octopost.media.TestMediaSources;
import ink.octopost.networks.MediaSource;
import ink.octopost.networks.NetworksProperties;
import ink.octopost.networks.Platform;
import ink.octopost.networks.Publication;
import ink.octopost.shared.OutboundHttp;
import ink.octopost.shared.OutboundProperties;
import java.time.Clock;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Connectors and accounts for the YouTube tests, pointed at a {@link FakeYouTube}. */
final class YouTubeTesting {

  static final String CHANNEL_ID = "UCoctopost0000000000000a";
  static final String CHANNEL_TITLE = "Octopost Bakery";
  static final String CLIENT_ID = "123-abc.apps.googleusercontent.com";
  static final String CLIENT_SECRET = "GOCSPX-secret";

  private YouTubeTesting() {}

  static OutboundHttp http() {
    return new OutboundHttp(new OutboundProperties(true));
  }

  static NetworksProperties properties(String baseUrl) {
    var yt = new NetworksProperties.Network(baseUrl, CLIENT_ID, CLIENT_SECRET);
    return new NetworksProperties(null, null, null, null, null, null, null, null, yt, null, null, null);
  }

  static YouTubeConnector connector(FakeYouTube fake, MediaSource media, Clock clock, YouTubeProperties youtube) {
    return new YouTubeConnector(http(), JsonMapper.builder().build(), clock, media, properties(fake.url()), youtube);
  }

  static YouTubeConnector connector(FakeYouTube fake) {
    return connector(fake, TestMediaSources.fetching(http()), Clock.systemUTC(), YouTubeProperties.DEFAULTS);
  }

  static YouTubeOAuth oauth(FakeYouTube fake) {
    return new YouTubeOAuth(http(), JsonMapper.builder().build(), Clock.systemUTC(), properties(fake.url()));
  }

  static Publication.AccountContext account(FakeYouTube fake, String accessToken) {
    return new Publication.AccountContext("acc_yt", Platform.YOUTUBE, CHANNEL_ID, "@octopostbakery", null,
        Map.of("access_token", accessToken, "refresh_token", fake.auth().refreshToken()));
  }
}

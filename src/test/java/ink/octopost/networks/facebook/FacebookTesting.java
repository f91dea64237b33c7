package ink.octopost.networks.facebook;

import ink.octopost.fakes.FakeFacebook;
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
    return connector(fake, TestMediaSources.pulled(TestMediaSources.fetching(http())));
  }

  static Publication.AccountContext account(String pageId, String token) {
    return new Publication.AccountContext("acc_fb", Platform.FACEBOOK, pageId, PAGE_NAME, null, Map.of("access_token", token));
  }

}

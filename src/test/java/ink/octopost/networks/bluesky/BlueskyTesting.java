package ink.octopost.networks.bluesky;

import ink.octopost.media.MediaFetcher;
import ink.octopost.networks.NetworksProperties;
import ink.octopost.shared.OutboundHttp;
import ink.octopost.shared.OutboundProperties;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import tools.jackson.databind.json.JsonMapper;

/** The real connector, pointed at a fake PDS, allowed to call loopback. */
final class BlueskyTesting {

  private BlueskyTesting() {}

  static BlueskyConnector connector(String pdsUrl) {
    var http = new OutboundHttp(new OutboundProperties(true));
    var bluesky = new NetworksProperties.Network(pdsUrl, null, null);
    var networks = new NetworksProperties(null, bluesky, null, null, null, null, null, null, null, null, null, null);
    return new BlueskyConnector(http, JsonMapper.builder().build(), Clock.systemUTC(), new MediaFetcher(http),
        new ObjectProvider<>() {
          @Override
          public NetworksProperties getIfAvailable() {
            return networks;
          }
        });
  }
}

package ink.octopost.networks.bluesky;

import ink.octopost.fakes.FakeBlueskyVideo;
import ink.octopost.media.TestMediaSources;
import ink.octopost.networks.MediaSource;
import ink.octopost.networks.NetworksProperties;
import ink.octopost.shared.OutboundHttp;
import ink.octopost.shared.OutboundProperties;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import tools.jackson.databind.json.JsonMapper;

/** The real connector, pointed at a fake PDS (and video service), allowed to call loopback. */
final class BlueskyTesting {

  private BlueskyTesting() {}

  /** Videos go straight to the PDS (no video service). */
  static BlueskyConnector connector(String pdsUrl) {
    return connector(pdsUrl, video("", false));
  }

  static BlueskyConnector connector(String pdsUrl, BlueskyVideoProperties video) {
    return connector(pdsUrl, video, TestMediaSources::fetching);
  }

  /** With the media source {@code media} makes from the outbound client. */
  static BlueskyConnector connector(String pdsUrl, BlueskyVideoProperties video,
      java.util.function.Function<OutboundHttp, MediaSource> media) {
    var http = new OutboundHttp(new OutboundProperties(true));
    var bluesky = new NetworksProperties.Network(pdsUrl, null, null);
    var networks = new NetworksProperties(null, bluesky, null, null, null, null, null, null, null, null, null, null);
    return new BlueskyConnector(http, JsonMapper.builder().build(), Clock.systemUTC(), media.apply(http),
        new ObjectProvider<>() {
          @Override
          public NetworksProperties getIfAvailable() {
            return networks;
          }
        }, video, d -> { }); // job polls follow each other at once: the fakes move a job on per poll, not per second
  }

  /** A video service at {@code url} (blank: none), a FakeBlueskyVideo, polled without pauses, 20 polls at most. */
  static BlueskyVideoProperties video(String url, boolean fallbackToPds) {
    return new BlueskyVideoProperties(url, FakeBlueskyVideo.DID, fallbackToPds, Duration.ZERO, Duration.ofSeconds(10));
  }
}

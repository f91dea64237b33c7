package ink.octopost.networks.bluesky;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Bluesky videos are uploaded ({@code octopost.networks.bluesky.video.*}, e.g.
 * {@code OCTOPOST_NETWORKS_BLUESKY_VIDEO_URL}).
 *
 * @param url the video service (Bluesky's, https://video.bsky.app, by default); blank to upload
 *     videos straight to the PDS with uploadBlob
 * @param did the video service's DID, the audience of its service-auth tokens; by default
 *     {@code did:web:} and the URL's host (the reference PDS refuses a did:web with a port)
 * @param fallbackToPds when the video service cannot take a video (unreachable, 5xx, rate limited,
 *     or its upload limits say no), upload it to the PDS instead of failing; a video the service
 *     processed and refused is never sent around it
 * @param pollInterval the wait between two job-status polls
 * @param timeout how long a processing job may take before the attempt is given up (and retried)
 */
@ConfigurationProperties("octopost.networks.bluesky.video")
record BlueskyVideoProperties(
    @DefaultValue(DEFAULT_URL) String url,
    String did,
    @DefaultValue("false") boolean fallbackToPds,
    @DefaultValue("PT1S") Duration pollInterval,
    @DefaultValue("PT5M") Duration timeout) {

  static final String DEFAULT_URL = "https://video.bsky.app";

  static final BlueskyVideoProperties DEFAULTS =
      new BlueskyVideoProperties(DEFAULT_URL, null, false, Duration.ofSeconds(1), Duration.ofMinutes(5));

  BlueskyVideoProperties {
    url = url == null ? "" : url.strip();
    if (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    if (!url.isEmpty()) {
      URI uri;
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        uri = null;
      }
      if (uri == null || uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
        throw new ink.octopost.shared.StartupException(
            "octopost.networks.bluesky.video.url is not an http(s) URL: " + url,
            "Set OCTOPOST_NETWORKS_BLUESKY_VIDEO_URL to the video service (https://video.bsky.app), or to nothing.");
      }
    }
    did = did != null && !did.isBlank() ? did.strip() : url.isEmpty() ? "" : "did:web:" + URI.create(url).getHost();
    pollInterval = pollInterval == null || pollInterval.isNegative() ? Duration.ofSeconds(1) : pollInterval;
    timeout = timeout == null || timeout.isNegative() ? Duration.ofMinutes(5) : timeout;
  }

  /** Whether videos go through a video service at all. */
  boolean useService() {
    return !url.isEmpty();
  }
}

package ink.octopost.networks.instagram;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Instagram's hosts and timings beyond {@code OCTOPOST_NETWORKS_INSTAGRAM_BASE_URL} (the Graph host
 * of Instagram Login, {@code https://graph.instagram.com}) and the client id and secret, which
 * {@code NetworksProperties} holds. Tests point every URL at one local fake.
 *
 * @param graphVersion the Graph API version in every path ({@code OCTOPOST_NETWORKS_INSTAGRAM_GRAPH_VERSION})
 * @param loginUrl where the browser approves an Instagram Login ({@code https://www.instagram.com})
 * @param tokenUrl where an Instagram Login code is exchanged ({@code https://api.instagram.com})
 * @param facebookBaseUrl the Graph host of accounts connected with Facebook Login; blank: {@code
 *     OCTOPOST_NETWORKS_FACEBOOK_BASE_URL}, else {@code https://graph.facebook.com}
 * @param facebookLoginUrl where the browser approves a Facebook Login ({@code https://www.facebook.com})
 * @param imageTimeout how long image containers may stay {@code IN_PROGRESS} before the post fails
 * @param videoTimeout the same for containers holding a video (reels, stories, carousels with one)
 */
@ConfigurationProperties("octopost.networks.instagram")
record InstagramProperties(
    @DefaultValue(DEFAULT_VERSION) String graphVersion,
    @DefaultValue("https://www.instagram.com") String loginUrl,
    @DefaultValue("https://api.instagram.com") String tokenUrl,
    String facebookBaseUrl,
    @DefaultValue("https://www.facebook.com") String facebookLoginUrl,
    @DefaultValue("PT5M") Duration imageTimeout,
    @DefaultValue("PT15M") Duration videoTimeout) {

  static final String DEFAULT_VERSION = "v25.0";

  static final InstagramProperties DEFAULTS = new InstagramProperties(null, null, null, null, null, null, null);

  InstagramProperties {
    graphVersion = version(graphVersion);
    if (graphVersion == null) {
      throw new ink.octopost.shared.StartupException(
          "octopost.networks.instagram.graph-version is not a Graph API version",
          "Set OCTOPOST_NETWORKS_INSTAGRAM_GRAPH_VERSION to a version such as " + DEFAULT_VERSION + ", or leave it unset.");
    }
    loginUrl = url(loginUrl, "https://www.instagram.com");
    tokenUrl = url(tokenUrl, "https://api.instagram.com");
    facebookBaseUrl = facebookBaseUrl == null || facebookBaseUrl.isBlank() ? null : url(facebookBaseUrl, null);
    facebookLoginUrl = url(facebookLoginUrl, "https://www.facebook.com");
    imageTimeout = imageTimeout == null || imageTimeout.isNegative() || imageTimeout.isZero() ? Duration.ofMinutes(5) : imageTimeout;
    videoTimeout = videoTimeout == null || videoTimeout.isNegative() || videoTimeout.isZero() ? Duration.ofMinutes(15) : videoTimeout;
  }

  /** {@code v25.0}, also written {@code 25.0}, {@code v25} or {@code 25}; null when it is none of these. */
  private static String version(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_VERSION;
    }
    var m = java.util.regex.Pattern.compile("v?(\\d{1,3})(?:\\.(\\d{1,2}))?").matcher(value.strip());
    return m.matches() ? "v" + m.group(1) + "." + (m.group(2) == null ? "0" : m.group(2)) : null;
  }

  private static String url(String value, String fallback) {
    String url = value == null || value.isBlank() ? fallback : value.strip();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}

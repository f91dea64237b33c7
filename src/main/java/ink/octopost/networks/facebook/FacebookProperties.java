package ink.octopost.networks.facebook;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Facebook settings beyond the base URL and OAuth app ({@code OCTOPOST_NETWORKS_FACEBOOK_BASE_URL},
 * {@code _CLIENT_ID}, {@code _CLIENT_SECRET} in {@link ink.octopost.networks.NetworksProperties}).
 *
 * @param graphVersion the Graph API version every call names ({@code OCTOPOST_NETWORKS_FACEBOOK_GRAPH_VERSION},
 *     {@code v25.0} by default: networks.md 7 names v25/v26 as current; Meta retires a version about two
 *     years after its release)
 * @param loginUrl where Facebook Login's consent dialog lives ({@code OCTOPOST_NETWORKS_FACEBOOK_LOGIN_URL},
 *     {@code https://www.facebook.com} by default; a configured base URL serves both when this is unset)
 */
@ConfigurationProperties("octopost.networks.facebook")
record FacebookProperties(@DefaultValue(DEFAULT_VERSION) String graphVersion, String loginUrl) {

  static final String DEFAULT_VERSION = "v25.0";

  static final FacebookProperties DEFAULTS = new FacebookProperties(DEFAULT_VERSION, null);

  FacebookProperties {
    graphVersion = graphVersion == null || graphVersion.isBlank() ? DEFAULT_VERSION : graphVersion.strip();
    if (!graphVersion.startsWith("v")) {
      graphVersion = "v" + graphVersion;
    }
    if (!graphVersion.matches("v\\d+(\\.\\d+)?")) {
      throw new ink.octopost.shared.StartupException(
          "octopost.networks.facebook.graph-version is not a Graph API version: " + graphVersion,
          "Set OCTOPOST_NETWORKS_FACEBOOK_GRAPH_VERSION to a version such as " + DEFAULT_VERSION + ".");
    }
    if (!graphVersion.contains(".")) {
      graphVersion = graphVersion + ".0";
    }
    loginUrl = loginUrl == null || loginUrl.isBlank() ? null : strip(loginUrl.strip());
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}

package ink.octopost.networks.threads;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Threads settings beyond the base URL and OAuth app ({@code octopost.networks.threads.*}, e.g.
 * {@code OCTOPOST_NETWORKS_THREADS_API_VERSION}); the base URL, client id and secret are in {@link
 * ink.octopost.networks.NetworksProperties}.
 *
 * @param apiVersion the Threads API version in request paths ({@code v1.0}, networks.md 5)
 * @param authorizeUrl the consent page; by default Threads' own, or {@code <base-url>/oauth/authorize}
 *     when a base URL is configured (a local fake serves both)
 * @param containerTimeout how long a container may stay {@code IN_PROGRESS} before the post fails
 *     (Meta suggests polling for 5 minutes; 10 leaves room for large videos)
 */
@ConfigurationProperties("octopost.networks.threads")
record ThreadsProperties(
    @DefaultValue(DEFAULT_VERSION) String apiVersion, String authorizeUrl, @DefaultValue("PT10M") Duration containerTimeout) {

  static final String DEFAULT_VERSION = "v1.0";
  static final ThreadsProperties DEFAULTS = new ThreadsProperties(DEFAULT_VERSION, null, Duration.ofMinutes(10));

  ThreadsProperties {
    apiVersion = apiVersion == null || apiVersion.isBlank() ? DEFAULT_VERSION : apiVersion.strip();
    if (apiVersion.matches("\\d+(\\.\\d+)?")) {
      apiVersion = "v" + apiVersion; // "1.0" means v1.0
    }
    if (!apiVersion.matches("v\\d+(\\.\\d+)?")) {
      throw new ink.octopost.shared.StartupException("octopost.networks.threads.api-version is not a version: " + apiVersion,
          "Set OCTOPOST_NETWORKS_THREADS_API_VERSION to a Threads API version such as v1.0, or leave it unset.");
    }
    authorizeUrl = authorizeUrl == null || authorizeUrl.isBlank() ? null : authorizeUrl.strip();
    if (authorizeUrl != null) {
      URI uri;
      try {
        uri = URI.create(authorizeUrl);
      } catch (IllegalArgumentException e) {
        uri = null;
      }
      if (uri == null || uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
        throw new ink.octopost.shared.StartupException(
            "octopost.networks.threads.authorize-url is not an http(s) URL: " + authorizeUrl,
            "Set OCTOPOST_NETWORKS_THREADS_AUTHORIZE_URL to Threads' consent page (https://threads.net/oauth/authorize), or leave it unset.");
      }
    }
    containerTimeout = containerTimeout == null || containerTimeout.isNegative() || containerTimeout.isZero()
        ? Duration.ofMinutes(10) : containerTimeout;
  }
}

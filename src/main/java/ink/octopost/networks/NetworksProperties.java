package ink.octopost.networks;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Per-network settings: {@code OCTOPOST_NETWORKS_<NETWORK>_BASE_URL} (tests point it at a local
 * fake), {@code _CLIENT_ID} and {@code _CLIENT_SECRET} (OAuth apps). Each network is named so the
 * environment variables bind exactly as documented.
 */
@ConfigurationProperties("octopost.networks")
public record NetworksProperties(
    Network twitter, Network bluesky, Network mastodon, Network linkedin, Network threads, Network instagram,
    Network facebook, Network tiktok, Network youtube, Network discord, Network slack, Network telegram) {

  public record Network(String baseUrl, String clientId, String clientSecret) {}

  public Network of(Platform platform) {
    Network n = switch (platform) {
      case TWITTER -> twitter;
      case BLUESKY -> bluesky;
      case MASTODON -> mastodon;
      case LINKEDIN -> linkedin;
      case THREADS -> threads;
      case INSTAGRAM -> instagram;
      case FACEBOOK -> facebook;
      case TIKTOK -> tiktok;
      case YOUTUBE -> youtube;
      case DISCORD -> discord;
      case SLACK -> slack;
      case TELEGRAM -> telegram;
    };
    return n == null ? new Network(null, null, null) : n;
  }

  /** The configured base URL, without a trailing slash, or {@code fallback}. */
  public String baseUrl(Platform platform, String fallback) {
    String configured = of(platform).baseUrl();
    String url = configured == null || configured.isBlank() ? fallback : configured.strip();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  public String clientId(Platform platform) {
    return of(platform).clientId();
  }

  public String clientSecret(Platform platform) {
    return of(platform).clientSecret();
  }
}

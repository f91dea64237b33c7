package ink.octopost.networks.instagram;

import ink.octopost.networks.NetworksProperties;
import ink.octopost.networks.Platform;

/**
 * Where each login's calls go. Instagram Login: the browser to {@code www.instagram.com}, the code
 * to {@code api.instagram.com}, everything else to {@code graph.instagram.com}
 * ({@code OCTOPOST_NETWORKS_INSTAGRAM_BASE_URL}). Facebook Login: the browser to {@code
 * www.facebook.com}, everything else to {@code graph.facebook.com}. The Facebook Login app is the
 * Facebook app ({@code OCTOPOST_NETWORKS_FACEBOOK_CLIENT_ID}) where one is configured, else the
 * Instagram settings' app.
 */
record Hosts(
    String graphInstagram, String loginInstagram, String tokenInstagram, String graphFacebook, String loginFacebook,
    String version, String instagramClientId, String instagramClientSecret, String facebookClientId,
    String facebookClientSecret) {

  static final String INSTAGRAM_LOGIN = "instagram";
  static final String FACEBOOK_LOGIN = "facebook";

  static Hosts of(NetworksProperties networks, InstagramProperties props) {
    String fbId = blank(networks.clientId(Platform.FACEBOOK)) ? networks.clientId(Platform.INSTAGRAM)
        : networks.clientId(Platform.FACEBOOK);
    String fbSecret = blank(networks.clientId(Platform.FACEBOOK)) ? networks.clientSecret(Platform.INSTAGRAM)
        : networks.clientSecret(Platform.FACEBOOK);
    return new Hosts(
        networks.baseUrl(Platform.INSTAGRAM, "https://graph.instagram.com"),
        props.loginUrl(), props.tokenUrl(),
        props.facebookBaseUrl() != null ? props.facebookBaseUrl() : networks.baseUrl(Platform.FACEBOOK, "https://graph.facebook.com"),
        props.facebookLoginUrl(), props.graphVersion(),
        networks.clientId(Platform.INSTAGRAM), networks.clientSecret(Platform.INSTAGRAM), fbId, fbSecret);
  }

  /** The versioned Graph base of an account connected with {@code login}. */
  String graph(String login) {
    return (FACEBOOK_LOGIN.equals(login) ? graphFacebook : graphInstagram) + "/" + version;
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  @Override
  public String toString() { // never print the secrets
    return "Hosts[" + graphInstagram + ", " + graphFacebook + ", " + version + "]";
  }
}

package ink.octopost.shared;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * What a URL from a request must be before Octopost will ever fetch it: absolute http(s), at
 * most 2048 characters, with a host that is not a loopback, private, link-local or otherwise
 * internal address (unless private networks are allowed). A host name is checked again against
 * what it resolves to, every time it is fetched; here only its form and literal addresses. Cloud
 * metadata destinations are refused in every mode at that later check ({@link OutboundHttp}).
 */
public final class UrlPolicy {

  private UrlPolicy() {}

  /** Null when acceptable, else why not. */
  public static String problem(String url, boolean allowPrivate) {
    if (url == null || url.isBlank()) {
      return "is required";
    }
    if (url.length() > 2048) {
      return "must be at most 2048 characters";
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "is not a valid URL";
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      return "must be an http or https URL";
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      return "must have a host";
    }
    if (uri.getUserInfo() != null) {
      return "must not carry credentials";
    }
    if (!allowPrivate && isInternalHost(host)) {
      return "points at a private or loopback address";
    }
    return null;
  }

  /**
   * Literal internal addresses (in any spelling the C resolver accepts), cloud metadata names and
   * names that always mean this machine or its network.
   */
  public static boolean isInternalHost(String host) {
    String h = AddressRules.normalize(host);
    if (h.equals("localhost") || h.endsWith(".localhost") || h.endsWith(".local") || h.endsWith(".internal")
        || AddressRules.isMetadataName(h)) {
      return true;
    }
    if (!AddressRules.looksLikeLiteral(h)) {
      return false;
    }
    InetAddress a = AddressRules.literal(h);
    return a == null || AddressRules.isInternal(a);
  }

  /** True for any address Octopost must not call on a user's behalf unless private networks are allowed. */
  public static boolean isInternal(InetAddress a) {
    return AddressRules.isInternal(a);
  }
}

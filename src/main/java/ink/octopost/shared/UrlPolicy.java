package ink.octopost.shared;

import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * What a URL from a request must be before Octopost will ever fetch it: absolute http(s), at
 * most 2048 characters, with a host that is not a loopback, private, link-local or otherwise
 * internal address (unless private networks are allowed). A host name is checked again against
 * what it resolves to, every time it is fetched; here only its form and literal addresses.
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

  /** Literal internal addresses and names that always mean this machine or its network. */
  public static boolean isInternalHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost") || h.endsWith(".localhost") || h.endsWith(".local") || h.endsWith(".internal")) {
      return true;
    }
    if (!looksLikeIpLiteral(h)) {
      return false;
    }
    try {
      return isInternal(InetAddress.getByName(IDN.toASCII(h)));
    } catch (Exception e) {
      return true;
    }
  }

  /** True for any address Octopost must not call on a user's behalf. */
  public static boolean isInternal(InetAddress a) {
    if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (b.length == 4) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0 || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
          || (first == 198 && (second == 18 || second == 19)) || first >= 240;
    }
    int first = b[0] & 0xff;
    if ((first & 0xfe) == 0xfc) { // fc00::/7 unique local
      return true;
    }
    boolean mapped = true; // ::ffff:a.b.c.d
    for (int i = 0; i < 10; i++) {
      mapped &= b[i] == 0;
    }
    if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      try {
        return isInternal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
      } catch (java.net.UnknownHostException e) {
        return true;
      }
    }
    return false;
  }

  private static boolean looksLikeIpLiteral(String h) {
    return h.contains(":") || h.matches("[0-9.]+") || h.matches("0x[0-9a-f.x]+");
  }
}

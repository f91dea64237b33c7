package ink.octopost.shared;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an outbound destination is, in two tiers. <em>Internal</em> addresses (loopback, private,
 * carrier-grade NAT, ...) are opened by {@code OCTOPOST_OUTBOUND_ALLOW_PRIVATE_NETWORKS}: a
 * self-hosted Mastodon on the LAN is a fair reason. <em>Metadata</em> destinations (the whole
 * link-local ranges and the cloud metadata services' own addresses and names) are opened by no
 * mode: nothing Octopost does for a user needs the machine's cloud credentials, so only an explicit
 * address allow-list reaches them. Every way of writing an address counts: inet_aton forms (hex,
 * octal, one to four parts), IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64,
 * 6to4, Teredo).
 */
final class AddressRules {

  // Before the ranges below, which are parsed with them when the class initializes.
  /** One to any number of dot-separated numbers: what the C resolver would read as an address. */
  private static final Pattern NUMERIC = Pattern.compile("(0x[0-9a-z]*|[0-9]+)(\\.(0x[0-9a-z]*|[0-9]+))*");
  private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  /** Names of metadata services; some resolve only inside their cloud, so the name alone is refused. */
  private static final Set<String> METADATA_NAMES = Set.of(
      "metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal",
      "metadata.tencentyun.com", "metadata.platformequinix.com");

  /** Metadata services outside the link-local ranges, as CIDRs. */
  private static final List<Range> METADATA_RANGES = List.of(
      Range.parse("169.254.0.0/16"), // IPv4 link-local: AWS, GCP, Azure, OCI, DigitalOcean, ECS task metadata
      Range.parse("fe80::/10"), // IPv6 link-local
      Range.parse("fd00:ec2::254/128"), // AWS IMDS over IPv6
      Range.parse("fd20:ce::254/128"), // Google Cloud metadata over IPv6
      Range.parse("100.100.100.200/32"), // Alibaba Cloud
      Range.parse("192.0.0.192/32"), // Oracle Cloud Classic
      Range.parse("168.63.129.16/32")); // Azure WireServer

  private AddressRules() {}

  /** A host as a URI gives it, compared in one form: lower case, no brackets, no trailing dots, ASCII. */
  static String normalize(String host) {
    String h = host.strip().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    while (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    if (!h.contains(":") && !isAscii(h)) {
      try {
        h = IDN.toASCII(h, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
      } catch (IllegalArgumentException e) {
        // left as is: it is not a name DNS can look up either
      }
    }
    return h;
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7f) {
        return false;
      }
    }
    return true;
  }

  static boolean isMetadataName(String normalizedHost) {
    return METADATA_NAMES.contains(normalizedHost);
  }

  /** Whether the host, in whatever spelling, is an IP address rather than a name to look up. */
  static boolean looksLikeLiteral(String normalizedHost) {
    return normalizedHost.contains(":") || NUMERIC.matcher(normalizedHost).matches();
  }

  /**
   * The address a literal host stands for, read the way the C resolver reads it (so {@code
   * 0xa9fea9fe}, {@code 2852039166}, {@code 0251.0376.0251.0376} and {@code 169.254.43518} are all
   * 169.254.169.254); null when it is not a valid literal. Never looks anything up.
   */
  static InetAddress literal(String normalizedHost) {
    if (normalizedHost.contains(":")) {
      try {
        return InetAddress.getByName("[" + normalizedHost + "]"); // a bracketed literal is never looked up
      } catch (UnknownHostException | RuntimeException e) {
        return null;
      }
    }
    String[] parts = normalizedHost.split("\\.", -1);
    if (parts.length < 1 || parts.length > 4) {
      return null;
    }
    long value = 0;
    for (int i = 0; i < parts.length; i++) {
      long part = number(parts[i]);
      boolean last = i == parts.length - 1;
      long max = last ? (1L << (8 * (4 - i))) - 1 : 255;
      if (part < 0 || part > max) {
        return null;
      }
      value = last ? (value << (8 * (4 - i))) | part : (value << 8) | part;
    }
    byte[] b = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** One inet_aton part: 0x hex, 0 octal or decimal; -1 when it is none. */
  private static long number(String s) {
    try {
      if (s.startsWith("0x")) {
        return s.length() == 2 ? 0 : s.length() > 10 ? -1 : Long.parseLong(s.substring(2), 16);
      }
      if (s.isEmpty() || s.length() > 12 || !s.chars().allMatch(Character::isDigit)) {
        return -1;
      }
      return s.length() > 1 && s.startsWith("0") ? Long.parseLong(s, 8) : Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** True for the link-local ranges and the cloud metadata services, in any IPv6 wrapping. */
  static boolean isMetadata(InetAddress a) {
    for (InetAddress candidate : withEmbedded(a)) {
      for (Range r : METADATA_RANGES) {
        if (r.contains(candidate)) {
          return true;
        }
      }
    }
    return false;
  }

  /** True for any address Octopost must not call on a user's behalf unless private networks are allowed. */
  static boolean isInternal(InetAddress a) {
    for (InetAddress candidate : withEmbedded(a)) {
      if (isInternalItself(candidate)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isInternalItself(InetAddress a) {
    if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
        || a.isMulticastAddress() || isMetadata(a)) {
      return true;
    }
    byte[] b = a.getAddress();
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    if (b.length == 4) {
      return first == 0 || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
          || (first == 198 && (second == 18 || second == 19)) || first >= 240;
    }
    return (first & 0xfe) == 0xfc; // fc00::/7 unique local
  }

  /**
   * The address and every IPv4 address an IPv6 form carries: mapped ({@code ::ffff:a.b.c.d}),
   * translated ({@code ::ffff:0:a.b.c.d}), compatible ({@code ::a.b.c.d}), NAT64 ({@code
   * 64:ff9b::/96}, {@code 64:ff9b:1::/48}), 6to4 ({@code 2002::/16}) and Teredo ({@code 2001::/32},
   * server and client).
   */
  static List<InetAddress> withEmbedded(InetAddress a) {
    var out = new ArrayList<InetAddress>(3);
    out.add(a);
    byte[] b = a.getAddress();
    if (b.length != 16) {
      return out;
    }
    boolean zero64 = true;
    for (int i = 0; i < 8; i++) {
      zero64 &= b[i] == 0;
    }
    int w4 = ((b[8] & 0xff) << 8) | (b[9] & 0xff);
    int w5 = ((b[10] & 0xff) << 8) | (b[11] & 0xff);
    int w0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
    int w1 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    boolean lastFour = (zero64 && w4 == 0 && (w5 == 0 || w5 == 0xffff)) // compatible, mapped
        || (zero64 && w4 == 0xffff && w5 == 0) // translated
        || (w0 == 0x64 && w1 == 0xff9b) // NAT64, well-known and local-use prefixes
        ;
    if (lastFour) {
      out.add(v4(b[12], b[13], b[14], b[15]));
    }
    if (w0 == 0x2002) {
      out.add(v4(b[2], b[3], b[4], b[5]));
    }
    if (w0 == 0x2001 && w1 == 0) {
      out.add(v4(b[4], b[5], b[6], b[7]));
      out.add(v4((byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]));
    }
    return out;
  }

  private static InetAddress v4(byte a, byte b, byte c, byte d) {
    try {
      return InetAddress.getByAddress(new byte[] {a, b, c, d});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An address range in CIDR notation; a bare address is a range of one. */
  record Range(byte[] network, int prefix) {

    /** Parses {@code 10.0.0.0/8}, {@code fd00:ec2::254} and the like; never looks anything up. */
    static Range parse(String cidr) {
      String s = cidr.strip();
      int slash = s.indexOf('/');
      String address = slash < 0 ? s : s.substring(0, slash);
      InetAddress a = address.contains(":") || DOTTED_QUAD.matcher(address).matches()
          ? literal(normalize(address)) : null;
      if (a == null) {
        throw new IllegalArgumentException("\"" + cidr + "\" is not an IP address or CIDR range");
      }
      byte[] bytes = a.getAddress();
      int bits = bytes.length * 8;
      int prefix;
      try {
        prefix = slash < 0 ? bits : Integer.parseInt(s.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("\"" + cidr + "\" has no valid prefix length");
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("\"" + cidr + "\" has a prefix length outside 0-" + bits);
      }
      return new Range(bytes, prefix);
    }

    boolean contains(InetAddress a) {
      byte[] b = a.getAddress();
      if (b.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (b[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (b[full] & mask) == (network[full] & mask);
    }
  }
}

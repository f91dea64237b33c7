package ink.octopost.networks.bluesky;

import ink.octopost.shared.OutboundHttp;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The preview card of a link ({@code app.bsky.embed.external}): a PDS does not fetch pages, the
 * client sends title, description and thumbnail, or the post shows a bare link. Read from the
 * page's Open Graph tags (then Twitter's, then {@code <title>}) through the outbound client, so
 * the SSRF guard applies to every hop. Any failure means no card, never a failed post.
 */
final class LinkCards {

  /** A page's preview; {@code imageUrl} is absolute, or null. */
  record Card(String uri, String title, String description, String imageUrl) {}

  private static final long MAX_PAGE_BYTES = 1024 * 1024;
  private static final int MAX_REDIRECTS = 3;
  private static final int MAX_TITLE = 300;
  private static final int MAX_DESCRIPTION = 1000;

  private static final Pattern META = Pattern.compile("<meta\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
  private static final Pattern ATTR = Pattern.compile(
      "([a-zA-Z_:][-a-zA-Z0-9_:.]*)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'=<>`]+))");
  private static final Pattern TITLE = Pattern.compile("<title\\b[^>]*>(.*?)</title>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern ENTITY = Pattern.compile("&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);");

  private final OutboundHttp http;

  LinkCards(OutboundHttp http) {
    this.http = http;
  }

  /** The card for {@code url}, or empty when the page cannot be fetched or says nothing. */
  Optional<Card> fetch(String url) {
    try {
      URI uri = URI.create(url);
      for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
        var response = http.send(OutboundHttp.request(uri)
            .timeout(Duration.ofSeconds(10))
            .header("Accept", "text/html,application/xhtml+xml")
            .GET().build(), MAX_PAGE_BYTES);
        int status = response.statusCode();
        if (status >= 300 && status < 400) {
          var location = response.headers().firstValue("Location");
          if (location.isEmpty()) {
            return Optional.empty();
          }
          uri = uri.resolve(location.get().strip());
          continue;
        }
        String type = response.headers().firstValue("Content-Type").orElse("text/html").toLowerCase(Locale.ROOT);
        if (status != 200 || !type.contains("html")) {
          return Optional.empty();
        }
        return parse(url, new String(response.body(), charset(type)), uri);
      }
    } catch (IOException | IllegalArgumentException e) {
      // no card: the page is unreachable, too big, refused or the URL is malformed
    }
    return Optional.empty();
  }

  private static java.nio.charset.Charset charset(String contentType) {
    int i = contentType.indexOf("charset=");
    if (i >= 0) {
      String name = contentType.substring(i + 8).split("[;\\s]")[0].replace("\"", "");
      try {
        return java.nio.charset.Charset.forName(name);
      } catch (RuntimeException ignored) {
        // unknown charset: UTF-8, as most pages are
      }
    }
    return StandardCharsets.UTF_8;
  }

  /** The card the page's head describes; {@code base} resolves a relative image URL. */
  static Optional<Card> parse(String url, String html, URI base) {
    var meta = new HashMap<String, String>();
    Matcher m = META.matcher(html);
    while (m.find()) {
      var attrs = attributes(m.group(1));
      String key = attrs.getOrDefault("property", attrs.get("name"));
      String content = attrs.get("content");
      if (key != null && content != null) {
        meta.putIfAbsent(key.toLowerCase(Locale.ROOT), decode(content).strip());
      }
    }
    String title = first(meta, "og:title", "twitter:title");
    if (title == null) {
      Matcher t = TITLE.matcher(html);
      title = t.find() ? decode(t.group(1)).strip().replaceAll("\\s+", " ") : null;
    }
    String description = first(meta, "og:description", "twitter:description", "description");
    String image = first(meta, "og:image", "og:image:url", "og:image:secure_url", "twitter:image");
    String imageUrl = null;
    if (image != null) {
      try {
        var resolved = base.resolve(image);
        imageUrl = "http".equals(resolved.getScheme()) || "https".equals(resolved.getScheme()) ? resolved.toString() : null;
      } catch (IllegalArgumentException ignored) {
        // an unusable image URL: a card without a thumbnail
      }
    }
    if (isBlank(title) && isBlank(description) && imageUrl == null) {
      return Optional.empty();
    }
    return Optional.of(new Card(url, cut(title, MAX_TITLE), cut(description, MAX_DESCRIPTION), imageUrl));
  }

  private static Map<String, String> attributes(String s) {
    var out = new HashMap<String, String>();
    Matcher a = ATTR.matcher(s);
    while (a.find()) {
      String v = a.group(2) != null ? a.group(2) : a.group(3) != null ? a.group(3) : a.group(4);
      out.putIfAbsent(a.group(1).toLowerCase(Locale.ROOT), v);
    }
    return out;
  }

  private static String first(Map<String, String> meta, String... keys) {
    for (String k : keys) {
      String v = meta.get(k);
      if (!isBlank(v)) {
        return v;
      }
    }
    return null;
  }

  static String decode(String s) {
    Matcher m = ENTITY.matcher(s);
    var sb = new StringBuilder();
    while (m.find()) {
      String e = m.group(1);
      String r;
      if (e.startsWith("#x") || e.startsWith("#X")) {
        r = codePoint(e.substring(2), 16, m.group());
      } else if (e.startsWith("#")) {
        r = codePoint(e.substring(1), 10, m.group());
      } else {
        r = switch (e) {
          case "amp" -> "&";
          case "lt" -> "<";
          case "gt" -> ">";
          case "quot" -> "\"";
          case "apos" -> "'";
          case "nbsp" -> "\u00A0";
          case "hellip" -> "\u2026";
          case "mdash" -> "\u2014";
          case "ndash" -> "\u2013";
          case "lsquo" -> "\u2018";
          case "rsquo" -> "\u2019";
          case "ldquo" -> "\u201C";
          case "rdquo" -> "\u201D";
          case "laquo" -> "\u00AB";
          case "raquo" -> "\u00BB";
          case "middot" -> "\u00B7";
          case "copy" -> "\u00A9";
          default -> m.group(); // rarer names are left as written
        };
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(r));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static String codePoint(String digits, int radix, String original) {
    try {
      int cp = Integer.parseInt(digits, radix);
      return Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : original;
    } catch (NumberFormatException e) {
      return original;
    }
  }

  private static String cut(String s, int max) {
    if (s == null) {
      return "";
    }
    if (s.length() <= max) {
      return s;
    }
    int end = Character.isLowSurrogate(s.charAt(max)) ? max - 1 : max;
    return s.substring(0, end).stripTrailing() + "…";
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}

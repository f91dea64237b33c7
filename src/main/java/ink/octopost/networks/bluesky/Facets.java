package ink.octopost.networks.bluesky;

import com.twitter.twittertext.TldLists;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.TextCounting;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rich text: a PDS does not detect links, mentions or hashtags, the client sends them as facets
 * whose ranges are UTF-8 byte offsets (start inclusive, end exclusive) into the text
 * (https://docs.bsky.app/docs/advanced-guides/post-richtext). Detection follows the rules of the
 * Bluesky app's {@code detectFacets} so a post reads the same as one written there: a mention or
 * link starts the text or follows white space or '(', a bare domain with a known top-level domain
 * is a link, trailing punctuation is not part of a link or tag.
 */
final class Facets {

  private Facets() {}

  enum Kind { MENTION, LINK, TAG }

  /** One detected facet; {@code value} is the handle (mention), URI (link) or tag without '#'. */
  record Facet(int byteStart, int byteEnd, Kind kind, String value) {}

  /** Finds the DID of a handle, or null when it does not resolve. */
  @FunctionalInterface
  interface Resolver {
    String did(String handle) throws NetworkFailure;
  }

  // JavaScript's \s, which the Bluesky app's patterns use, is wider than Java's.
  private static final String WS = "\\s\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF";
  private static final String ZERO_WIDTH = "\\u00AD\\u2060\\u200A\\u200B\\u200C\\u200D\\u20E2";

  private static final Pattern MENTION = Pattern.compile("(?:^|(?<=[" + WS + "(]))@([a-zA-Z0-9.-]+)\\b");

  private static final Pattern URL = Pattern.compile(
      "(?:^|(?<=[" + WS + "(]))(https?://[^" + WS + "]+|(?<domain>[a-z][a-z0-9]*(?:\\.[a-z0-9]+)+)[^" + WS + "]*)",
      Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

  private static final Pattern TAG = Pattern.compile(
      "(?:^|(?<=[" + WS + "]))[#\uFF03]((?!\uFE0F)[^" + WS + ZERO_WIDTH + "]*[^\\d" + WS + "\\p{P}" + ZERO_WIDTH + "]+[^"
          + WS + ZERO_WIDTH + "]*)?");

  private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("\\p{P}+$");

  private static final Set<String> TLDS = tlds();

  /** The facets of {@code text}, in text order, never overlapping; unresolvable mentions are left out. */
  static List<Facet> detect(String text, Resolver resolver) throws NetworkFailure {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    var found = new ArrayList<Span>();
    Matcher m = MENTION.matcher(text);
    while (m.find()) {
      String handle = m.group(1);
      if (isDomain(handle) || handle.toLowerCase(Locale.ROOT).endsWith(".test")) {
        found.add(new Span(m.start(), m.end(), Kind.MENTION, handle));
      }
    }
    m = URL.matcher(text);
    while (m.find()) {
      String uri = m.group(1);
      int start = m.start(1);
      int end = m.end(1);
      if (!uri.regionMatches(true, 0, "http", 0, 4)) {
        if (m.group("domain") == null || !isDomain(m.group("domain"))) {
          continue;
        }
        uri = "https://" + uri;
      }
      if (".,;:!?".indexOf(uri.charAt(uri.length() - 1)) >= 0) {
        uri = uri.substring(0, uri.length() - 1);
        end--;
      }
      if (uri.endsWith(")") && !uri.contains("(")) {
        uri = uri.substring(0, uri.length() - 1);
        end--;
      }
      found.add(new Span(start, end, Kind.LINK, uri));
    }
    m = TAG.matcher(text);
    while (m.find()) {
      String tag = m.group(1);
      if (tag == null) {
        continue;
      }
      tag = TRAILING_PUNCTUATION.matcher(tag.strip()).replaceAll("");
      // The lexicon's limits for a tag: 64 graphemes, 640 bytes.
      if (tag.isEmpty() || TextCounting.graphemes(tag) > 64 || TextCounting.utf8Bytes(tag) > 640) {
        continue;
      }
      found.add(new Span(m.start(), m.start() + 1 + tag.length(), Kind.TAG, tag));
    }
    found.sort(Comparator.comparingInt(Span::start));

    var out = new ArrayList<Facet>();
    var dids = new HashMap<String, String>();
    int taken = 0;
    for (var s : found) {
      if (s.start < taken) {
        continue; // facets must not overlap
      }
      String value = s.value;
      if (s.kind == Kind.MENTION) {
        String key = value.toLowerCase(Locale.ROOT);
        if (!dids.containsKey(key)) {
          dids.put(key, resolver.did(key));
        }
        value = dids.get(key);
        if (value == null) {
          continue; // not a Bluesky user: stays plain text
        }
      }
      out.add(new Facet(utf8Offset(text, s.start), utf8Offset(text, s.end), s.kind, value));
      taken = s.end;
    }
    return List.copyOf(out);
  }

  /** The first link's URI, for a link card, or null. */
  static String firstLink(List<Facet> facets) {
    return facets.stream().filter(f -> f.kind() == Kind.LINK).map(Facet::value).findFirst().orElse(null);
  }

  /** The facets as {@code app.bsky.richtext.facet} objects (mention values must be DIDs by now). */
  static List<Map<String, Object>> toRecord(List<Facet> facets) {
    var out = new ArrayList<Map<String, Object>>();
    for (var f : facets) {
      var feature = new LinkedHashMap<String, Object>();
      switch (f.kind()) {
        case MENTION -> {
          feature.put("$type", "app.bsky.richtext.facet#mention");
          feature.put("did", f.value());
        }
        case LINK -> {
          feature.put("$type", "app.bsky.richtext.facet#link");
          feature.put("uri", f.value());
        }
        case TAG -> {
          feature.put("$type", "app.bsky.richtext.facet#tag");
          feature.put("tag", f.value());
        }
      }
      var facet = new LinkedHashMap<String, Object>();
      facet.put("index", Map.of("byteStart", f.byteStart(), "byteEnd", f.byteEnd()));
      facet.put("features", List.of(feature));
      out.add(facet);
    }
    return out;
  }

  /** The UTF-8 byte offset of a UTF-16 index. */
  static int utf8Offset(String text, int utf16Index) {
    return text.substring(0, utf16Index).getBytes(StandardCharsets.UTF_8).length;
  }

  private record Span(int start, int end, Kind kind, String value) {}

  /** A domain whose last label is a known top-level domain (the app checks the same). */
  private static boolean isDomain(String s) {
    int dot = s.lastIndexOf('.');
    return dot > 0 && dot < s.length() - 1 && TLDS.contains(s.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  private static Set<String> tlds() {
    var s = new HashSet<String>();
    TldLists.GTLDS.forEach(t -> s.add(t.toLowerCase(Locale.ROOT)));
    TldLists.CTLDS.forEach(t -> s.add(t.toLowerCase(Locale.ROOT)));
    return Set.copyOf(s);
  }
}

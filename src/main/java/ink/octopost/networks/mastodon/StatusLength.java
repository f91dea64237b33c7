package ink.octopost.networks.mastodon;

import ink.octopost.networks.TextCounting;
import ink.octopost.networks.TextCounting.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * A status's countable length as Mastodon's {@code StatusLengthValidator} computes it: URLs and
 * mentions are found (overlaps dropped, the earlier entity wins), each URL is replaced by 23
 * placeholder characters and each mention by {@code @} and its local part, and the result is
 * counted in extended grapheme clusters.
 */
final class StatusLength {

  /** {@code characters_reserved_per_url} on an instance that does not say otherwise. */
  static final int URL_CHARS = 23;

  /** Account::MENTION_RE: {@code @user} or {@code @user@domain}, not after {@code =}, {@code /} or a word character. */
  private static final Pattern MENTION = Pattern.compile(
      "(?<![=/\\w])@(([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)(?:@\\w+(?:[.-]+\\w+)*)?)",
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);

  /** twitter-text's end_mention_match: a mention directly followed by these is not one. */
  private static final Pattern MENTION_INVALID_END = Pattern.compile(
      "^(?:[@\uFF20]|[\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF\u0100-\u024F\u0253\u0254\u0256\u0257\u0259\u025B"
          + "\u0263\u0268\u026F\u0272\u0289\u028B\u02BB\u0300-\u036F\u1E00-\u1EFF]|://)");

  private StatusLength() {}

  static int count(String text) {
    return count(text, URL_CHARS);
  }

  /** The length on an instance that counts every URL as {@code urlChars} characters. */
  static int count(String text, int urlChars) {
    return TextCounting.graphemes(countableText(text, urlChars));
  }

  /** The text with every URL as {@code urlChars} characters and every mention as {@code @user}. */
  static String countableText(String text, int urlChars) {
    String urlPlaceholder = "x".repeat(urlChars);
    if (text == null || text.isBlank()) {
      return "";
    }
    record Entity(Span span, String replacement) {}
    var entities = new ArrayList<Entity>();
    for (Span url : TextCounting.urls(text)) {
      entities.add(new Entity(url, urlPlaceholder));
    }
    var m = MENTION.matcher(text);
    while (m.find()) {
      if (MENTION_INVALID_END.matcher(text).region(m.end(), text.length()).lookingAt()) {
        continue;
      }
      entities.add(new Entity(new Span(m.start(), m.end()), "@" + m.group(2)));
    }
    entities.sort(Comparator.comparingInt(e -> e.span().start()));
    var out = new StringBuilder(text.length());
    int at = 0;
    for (var e : entities) {
      if (e.span().start() < at) {
        continue; // overlaps the previous entity
      }
      out.append(text, at, e.span().start()).append(e.replacement());
      at = e.span().end();
    }
    return out.append(text, at, text.length()).toString();
  }
}

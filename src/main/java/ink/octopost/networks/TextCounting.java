package ink.octopost.networks;

import com.twitter.twittertext.TldLists;
import java.nio.charset.StandardCharsets;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Counting helpers several networks share: grapheme clusters, UTF-16 code units, code points,
 * UTF-8 bytes, and finding the URLs a network would shorten. Each network's own rule (weights,
 * placeholders, emoji bytes) lives in its package and builds on these. A null text counts as empty.
 */
public final class TextCounting {

  private TextCounting() {}

  /** A range of a text in UTF-16 indices, {@code start} inclusive, {@code end} exclusive. */
  public record Span(int start, int end) {
    public String of(String text) {
      return text.substring(start, end);
    }
  }

  /**
   * Extended grapheme clusters (what a reader sees as one character): an emoji with a skin tone, a
   * ZWJ family, a flag or a letter with combining marks each count 1. On JDK 20+ {@link
   * BreakIterator#getCharacterInstance()} follows Unicode's extended grapheme cluster rules.
   */
  public static int graphemes(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    BreakIterator it = BreakIterator.getCharacterInstance(Locale.ROOT);
    it.setText(text);
    int n = 0;
    while (it.next() != BreakIterator.DONE) {
      n++;
    }
    return n;
  }

  /** The text split into its extended grapheme clusters, in order. */
  public static List<String> graphemeClusters(String text) {
    var out = new ArrayList<String>();
    if (text == null || text.isEmpty()) {
      return out;
    }
    BreakIterator it = BreakIterator.getCharacterInstance(Locale.ROOT);
    it.setText(text);
    int start = it.first();
    for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
      out.add(text.substring(start, end));
    }
    return out;
  }

  /** UTF-16 code units ({@code String.length()}, JavaScript's {@code length}): an emoji is 2 or more. */
  public static int utf16Units(String text) {
    return text == null ? 0 : text.length();
  }

  /** Unicode code points: a combining mark or a ZWJ counts on its own. */
  public static int codePoints(String text) {
    return text == null ? 0 : text.codePointCount(0, text.length());
  }

  /** Bytes of the text in UTF-8 (an unpaired surrogate counts as the 1-byte replacement Java writes). */
  public static int utf8Bytes(String text) {
    return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * The {@code http://} and {@code https://} URLs in the text, found the way twitter-text's extractor
   * does with the URL rules Mastodon configures (no URL without a scheme): the host must end in a
   * known top-level domain (twitter-text's list) or a punycode label; the path runs to white space,
   * may hold balanced parentheses and does not take trailing punctuation ({@code .,;:!?'"} etc.); a
   * query must end in a letter, digit or one of {@code _&=#/-}. A URL directly after a letter, a
   * digit or one of {@code @ $ #} is not one.
   */
  public static List<Span> urls(String text) {
    var out = new ArrayList<Span>();
    if (text == null || text.isEmpty()) {
      return out;
    }
    var m = URL_START.matcher(text);
    int from = 0;
    while (from < text.length() && m.find(from)) {
      int end = urlEnd(text, m.end());
      if (end < 0) {
        from = m.end();
      } else {
        out.add(new Span(m.start(), end));
        from = end;
      }
    }
    return out;
  }

  private static final Pattern URL_START =
      Pattern.compile("(?<![A-Za-z0-9@\uFF20$#\uFF03])https?://", Pattern.CASE_INSENSITIVE);

  private static final Set<String> TLDS = tlds();

  private static Set<String> tlds() {
    var s = new HashSet<String>();
    for (String t : TldLists.GTLDS) {
      s.add(t.toLowerCase(Locale.ROOT));
    }
    for (String t : TldLists.CTLDS) {
      s.add(t.toLowerCase(Locale.ROOT));
    }
    return Set.copyOf(s);
  }

  /** Where the URL whose host starts at {@code i} ends, or -1 when there is no valid host there. */
  private static int urlEnd(String text, int i) {
    int n = text.length();
    // Host labels: runs of domain characters, '-' and '_' inside, separated by single dots.
    var labelStart = new ArrayList<Integer>();
    var labelEnd = new ArrayList<Integer>();
    int p = i;
    while (p < n && isDomainChar(text.codePointAt(p))) {
      int s = p;
      while (p < n && (isDomainChar(text.codePointAt(p)) || text.charAt(p) == '-' || text.charAt(p) == '_')) {
        p += Character.charCount(text.codePointAt(p));
      }
      int e = p;
      while (e > s && (text.charAt(e - 1) == '-' || text.charAt(e - 1) == '_')) {
        e--;
      }
      labelStart.add(s);
      labelEnd.add(e);
      if (e != p) {
        break;
      }
      if (p + 1 < n && text.charAt(p) == '.' && isDomainChar(text.codePointAt(p + 1))) {
        p++;
      } else {
        break;
      }
    }
    // The longest host of at least two labels that ends in a top-level domain.
    int hostEnd = -1;
    for (int k = labelStart.size(); k >= 2 && hostEnd < 0; k--) {
      String tld = text.substring(labelStart.get(k - 1), labelEnd.get(k - 1)).toLowerCase(Locale.ROOT);
      int after = labelEnd.get(k - 1);
      boolean tldEnds = after >= n || !isTldContinuation(text.charAt(after));
      if (tldEnds && (TLDS.contains(tld) || (tld.startsWith("xn--") && tld.length() > 4))) {
        hostEnd = after;
      }
    }
    if (hostEnd < 0) {
      return -1;
    }
    p = hostEnd;
    if (p + 1 < n && text.charAt(p) == ':' && isAsciiDigit(text.charAt(p + 1))) {
      p++;
      while (p < n && isAsciiDigit(text.charAt(p))) {
        p++;
      }
    }
    if (p < n && text.charAt(p) == '/') {
      p = pathEnd(text, p + 1);
    }
    if (p < n && text.charAt(p) == '?') {
      p = queryEnd(text, p);
    }
    return p;
  }

  /** The path runs over path characters and balanced parentheses, then gives back trailing punctuation. */
  private static int pathEnd(String text, int p) {
    int n = text.length();
    int start = p;
    while (p < n) {
      int cp = text.codePointAt(p);
      if (cp == '(') {
        int close = balancedParenEnd(text, p);
        if (close < 0) {
          break;
        }
        p = close;
      } else if (isPathChar(cp)) {
        p += Character.charCount(cp);
      } else {
        break;
      }
    }
    while (p > start && PATH_BAD_END.indexOf(text.charAt(p - 1)) >= 0) {
      p--;
    }
    return p;
  }

  /** After a '(' at {@code p}: the index after its ')' (one nested level allowed), or -1. */
  private static int balancedParenEnd(String text, int p) {
    int n = text.length();
    int q = p + 1;
    boolean nested = false;
    int inner = 0;
    while (q < n) {
      int cp = text.codePointAt(q);
      if (cp == ')') {
        return inner > 0 ? q + 1 : -1;
      }
      if (cp == '(') {
        if (nested) {
          return -1;
        }
        int close = q + 1;
        int innerChars = 0;
        while (close < n && isPathChar(text.codePointAt(close))) {
          close += Character.charCount(text.codePointAt(close));
          innerChars++;
        }
        if (innerChars == 0 || close >= n || text.charAt(close) != ')') {
          return -1;
        }
        nested = true;
        inner++;
        q = close + 1;
        continue;
      }
      if (!isPathChar(cp)) {
        return -1;
      }
      inner++;
      q += Character.charCount(cp);
    }
    return -1;
  }

  private static int queryEnd(String text, int questionMark) {
    int n = text.length();
    int p = questionMark + 1;
    while (p < n && isQueryChar(text.codePointAt(p))) {
      p += Character.charCount(text.codePointAt(p));
    }
    while (p > questionMark + 1 && !isQueryEndChar(text.codePointBefore(p))) {
      p -= Character.charCount(text.codePointBefore(p));
    }
    return p == questionMark + 1 ? questionMark : p;
  }

  private static final String PATH_BAD_END = "!*\"'\u300C\u300D;:=,.$%[]~&|@";

  private static boolean isPathChar(int cp) {
    return !isWhiteSpace(cp) && cp != '<' && cp != '>' && cp != '(' && cp != ')' && cp != '?';
  }

  private static boolean isQueryChar(int cp) {
    return isAsciiAlnum(cp) || "!?*'();:&=+$/%#[]-_.,~|@^".indexOf(cp) >= 0 || isUnicodeUrlChar(cp);
  }

  private static boolean isQueryEndChar(int cp) {
    return isAsciiAlnum(cp) || "_&=#/-".indexOf(cp) >= 0 || isUnicodeUrlChar(cp);
  }

  /** RFC 3987's ucschar and iprivate, as Mastodon allows them in a query. */
  private static boolean isUnicodeUrlChar(int cp) {
    return (cp >= 0xA0 && cp <= 0xD7FF)
        || (cp >= 0xE000 && cp <= 0xF8FF)
        || (cp >= 0xF900 && cp <= 0xFDCF)
        || (cp >= 0xFDF0 && cp <= 0xFFEF)
        || (cp >= 0x10000 && (cp & 0xFFFF) <= 0xFFFD && !(cp >= 0xE0000 && cp < 0xE1000));
  }

  private static boolean isDomainChar(int cp) {
    return !(cp < 0x80 && !isAsciiAlnum(cp))
        && !isWhiteSpace(cp)
        && !Character.isISOControl(cp)
        && cp != 0xFFFE && cp != 0xFEFF && cp != 0xFFFF
        && !(cp >= 0x202A && cp <= 0x202E);
  }

  private static boolean isTldContinuation(char c) {
    return isAsciiAlnum(c) || c == '@' || c == '+' || c == '-';
  }

  private static boolean isWhiteSpace(int cp) {
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85;
  }

  private static boolean isAsciiAlnum(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }
}

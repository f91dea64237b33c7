package ink.octopost.networks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextCountingTest {

  static final String THUMBS_UP_MEDIUM = "\uD83D\uDC4D\uD83C\uDFFD"; // 👍🏽 U+1F44D U+1F3FD
  static final String FAMILY = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66"; // 👨‍👩‍👧‍👦
  static final String HOLDING_HANDS = "\uD83E\uDDD1\uD83C\uDFFE\u200D\uD83E\uDD1D\u200D\uD83E\uDDD1\uD83C\uDFFB"; // 🧑🏾‍🤝‍🧑🏻
  static final String FLAG_UA = "\uD83C\uDDFA\uD83C\uDDE6"; // 🇺🇦
  static final String RAINBOW_FLAG = "\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08"; // 🏳️‍🌈
  static final String KEYCAP_ONE = "1\uFE0F\u20E3"; // 1️⃣
  static final String E_COMBINING = "e\u0301"; // e + combining acute

  @Test
  void graphemesCountWhatAReaderSeesAsOneCharacter() {
    assertThat(TextCounting.graphemes("hello")).isEqualTo(5);
    assertThat(TextCounting.graphemes(THUMBS_UP_MEDIUM)).isEqualTo(1);
    assertThat(TextCounting.graphemes(FAMILY)).isEqualTo(1);
    assertThat(TextCounting.graphemes(HOLDING_HANDS)).isEqualTo(1);
    assertThat(TextCounting.graphemes(RAINBOW_FLAG)).isEqualTo(1);
    assertThat(TextCounting.graphemes(KEYCAP_ONE)).isEqualTo(1);
    assertThat(TextCounting.graphemes(FLAG_UA + "\uD83C\uDDEB\uD83C\uDDF7")).isEqualTo(2); // 🇺🇦🇫🇷
    assertThat(TextCounting.graphemes(E_COMBINING)).isEqualTo(1);
    assertThat(TextCounting.graphemes("\u0E01\u0E48")).isEqualTo(1); // Thai ko kai + mai ek
    assertThat(TextCounting.graphemes("漢字かな")).isEqualTo(4);
    assertThat(TextCounting.graphemes("\r\n")).isEqualTo(1);
    assertThat(TextCounting.graphemes(FAMILY.repeat(3) + "ab")).isEqualTo(5);
    assertThat(TextCounting.graphemes("")).isZero();
    assertThat(TextCounting.graphemes(null)).isZero();
  }

  @Test
  void graphemeClustersSplitTheText() {
    assertThat(TextCounting.graphemeClusters("a" + FAMILY + E_COMBINING + FLAG_UA))
        .containsExactly("a", FAMILY, E_COMBINING, FLAG_UA);
    assertThat(TextCounting.graphemeClusters("")).isEmpty();
  }

  @Test
  void utf16UnitsCodePointsAndBytes() {
    assertThat(TextCounting.utf16Units(THUMBS_UP_MEDIUM)).isEqualTo(4);
    assertThat(TextCounting.codePoints(THUMBS_UP_MEDIUM)).isEqualTo(2);
    assertThat(TextCounting.utf8Bytes(THUMBS_UP_MEDIUM)).isEqualTo(8);

    assertThat(TextCounting.utf16Units(FAMILY)).isEqualTo(11);
    assertThat(TextCounting.codePoints(FAMILY)).isEqualTo(7);
    assertThat(TextCounting.utf8Bytes(FAMILY)).isEqualTo(25);

    assertThat(TextCounting.utf16Units(FLAG_UA)).isEqualTo(4);
    assertThat(TextCounting.codePoints(FLAG_UA)).isEqualTo(2);
    assertThat(TextCounting.utf8Bytes(FLAG_UA)).isEqualTo(8);

    assertThat(TextCounting.utf16Units(E_COMBINING)).isEqualTo(2);
    assertThat(TextCounting.codePoints(E_COMBINING)).isEqualTo(2);
    assertThat(TextCounting.utf8Bytes(E_COMBINING)).isEqualTo(3);
    assertThat(TextCounting.utf8Bytes("\u00E9")).isEqualTo(2); // precomposed é

    assertThat(TextCounting.utf16Units("漢字")).isEqualTo(2);
    assertThat(TextCounting.codePoints("漢字")).isEqualTo(2);
    assertThat(TextCounting.utf8Bytes("漢字")).isEqualTo(6);

    assertThat(TextCounting.utf16Units(null)).isZero();
    assertThat(TextCounting.codePoints(null)).isZero();
    assertThat(TextCounting.utf8Bytes(null)).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "see https://example.com now                       | https://example.com",
      "http://example.com/path?q=1.                      | http://example.com/path?q=1",
      "read https://example.com/a/b/, then               | https://example.com/a/b/",
      "(https://en.wikipedia.org/wiki/Primer_(film))     | https://en.wikipedia.org/wiki/Primer_(film)",
      "HTTPS://EXAMPLE.COM/UPPER!                        | HTTPS://EXAMPLE.COM/UPPER",
      "https://mastodon.social/@Gargron/1234 ok          | https://mastodon.social/@Gargron/1234",
      "https://example.co.uk:8443/x#frag.                | https://example.co.uk:8443/x#frag",
      "~'https://example.org/quote'~                     | https://example.org/quote",
      "https://example.com/日本語/パス                     | https://example.com/日本語/パス",
      "https://example.com?                              | https://example.com",
      "end https://example.com.                          | https://example.com",
  })
  void findsHttpUrls(String text, String url) {
    assertThat(TextCounting.urls(text)).singleElement().extracting(s -> s.of(text)).isEqualTo(url);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "example.com without a scheme",
      "ftp://example.com is another scheme",
      "xhttps://example.com follows a letter",
      "@https://example.com follows an at sign",
      "http://localhost:8080 has no top-level domain",
      "https://example.notarealtld has an unknown one",
      "https:// nothing",
  })
  void findsNoUrl(String text) {
    assertThat(TextCounting.urls(text)).isEmpty();
  }

  @Test
  void findsSeveralUrlsInOrder() {
    String text = "a https://one.example.com b http://two.net/x c";
    List<TextCounting.Span> urls = TextCounting.urls(text);
    assertThat(urls).extracting(s -> s.of(text)).containsExactly("https://one.example.com", "http://two.net/x");
    assertThat(urls.get(0)).isEqualTo(new TextCounting.Span(2, 25));
  }
}

package ink.octopost.networks.bluesky;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class LinkCardsTest {

  static final URI BASE = URI.create("https://example.org/blog/post");

  @Test
  void openGraphWins_attributesInAnyOrder_entitiesDecoded_imageResolved() {
    var card = LinkCards.parse("https://example.org/blog/post", """
        <head><title>Page title</title>
        <meta name="twitter:title" content="Twitter title">
        <META CONTENT="Café &mdash; &amp; &#8220;more&#x201D;" PROPERTY="og:title">
        <meta name=description content=plain>
        <meta property="og:image" content="/img/card.png"></head>""", BASE).orElseThrow();
    assertThat(card.title()).isEqualTo("Café \u2014 & \u201Cmore\u201D");
    assertThat(card.description()).isEqualTo("plain");
    assertThat(card.imageUrl()).isEqualTo("https://example.org/img/card.png");
  }

  @Test
  void theTitleElement_isTheLastResort_andAnEmptyPageGivesNoCard() {
    var card = LinkCards.parse("https://e.org", "<title>\n  Just a\n title </title>", BASE).orElseThrow();
    assertThat(card.title()).isEqualTo("Just a title");
    assertThat(card.description()).isEmpty();
    assertThat(card.imageUrl()).isNull();
    assertThat(LinkCards.parse("https://e.org", "<html><body>nothing</body></html>", BASE)).isEmpty();
  }

  @Test
  void aNonHttpImage_isIgnored_andLongTextIsCut() {
    var card = LinkCards.parse("https://e.org", "<meta property=\"og:title\" content=\"" + "t".repeat(500)
        + "\"><meta property=\"og:image\" content=\"javascript:alert(1)\">", BASE).orElseThrow();
    assertThat(card.imageUrl()).isNull();
    assertThat(card.title()).hasSize(301).endsWith("…");
  }
}

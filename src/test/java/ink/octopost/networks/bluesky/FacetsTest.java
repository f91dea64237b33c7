package ink.octopost.networks.bluesky;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Detection as the Bluesky app does it, ranges in UTF-8 bytes. */
class FacetsTest {

  static final Facets.Resolver KNOWN = handle -> Map.of("alice.bsky.social", "did:plc:alice", "bob.test", "did:plc:bob")
      .get(handle);

  static List<Facets.Facet> detect(String text) throws Exception {
    return Facets.detect(text, KNOWN);
  }

  static String slice(String text, Facets.Facet f) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return new String(b, f.byteStart(), f.byteEnd() - f.byteStart(), StandardCharsets.UTF_8);
  }

  @Test
  void linksMentionsAndTags_inTextOrder() throws Exception {
    String text = "✨ Hey @alice.bsky.social, see https://octopost.ink/docs. #launch #2024 #日本語";
    var facets = detect(text);
    assertThat(facets).extracting(Facets.Facet::kind)
        .containsExactly(Facets.Kind.MENTION, Facets.Kind.LINK, Facets.Kind.TAG, Facets.Kind.TAG);
    assertThat(facets).extracting(f -> slice(text, f))
        .containsExactly("@alice.bsky.social", "https://octopost.ink/docs", "#launch", "#日本語");
    assertThat(facets).extracting(Facets.Facet::value)
        .containsExactly("did:plc:alice", "https://octopost.ink/docs", "launch", "日本語");
  }

  @Test
  void bareDomains_becomeHttpsLinks_onlyWithAKnownTld() throws Exception {
    String text = "go to octopost.ink/start or file.notatld today";
    var facets = detect(text);
    assertThat(facets).hasSize(1);
    assertThat(facets.getFirst().value()).isEqualTo("https://octopost.ink/start");
    assertThat(slice(text, facets.getFirst())).isEqualTo("octopost.ink/start");
  }

  @Test
  void trailingPunctuationAndAnUnopenedParenthesis_areNotPartOfALink() throws Exception {
    String text = "(see https://en.wikipedia.org/wiki/Thing) and https://x.com/a_(b) and https://y.org!";
    assertThat(detect(text)).extracting(Facets.Facet::value)
        .containsExactly("https://en.wikipedia.org/wiki/Thing", "https://x.com/a_(b)", "https://y.org");
  }

  @Test
  void notEveryAtOrHashIsAFacet() throws Exception {
    assertThat(detect("mail me at bob@example.com")).isEmpty(); // no space before @, no handle
    assertThat(detect("issue#12 and #123 and #")).isEmpty(); // glued, digits only, empty
    assertThat(detect("@nobody.example.com hi")).isEmpty(); // does not resolve
    assertThat(detect("@notahandle")).isEmpty(); // no domain
  }

  @Test
  void byteOffsets_countMultiByteCharacters() throws Exception {
    String text = "👨‍👩‍👧 中文 @bob.test";
    var f = detect(text).getFirst();
    int expected = "👨‍👩‍👧 中文 ".getBytes(StandardCharsets.UTF_8).length;
    assertThat(f.byteStart()).isEqualTo(expected);
    assertThat(f.byteEnd()).isEqualTo(expected + "@bob.test".length());
    assertThat(expected).isNotEqualTo("👨‍👩‍👧 中文 ".length());
  }

  @Test
  void recordShape_followsTheLexicon() throws Exception {
    var json = Facets.toRecord(detect("#tag https://a.io"));
    assertThat(json.getFirst()).containsEntry("index", Map.of("byteStart", 0, "byteEnd", 4));
    assertThat(json.getFirst().get("features")).isEqualTo(List.of(Map.of("$type", "app.bsky.richtext.facet#tag", "tag", "tag")));
    assertThat(json.get(1).get("features")).isEqualTo(List.of(Map.of("$type", "app.bsky.richtext.facet#link", "uri", "https://a.io")));
  }
}

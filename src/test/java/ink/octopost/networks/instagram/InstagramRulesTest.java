package ink.octopost.networks.instagram;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.networks.ContentCheck;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.Violation;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What validate reports for Instagram before any call: caption counts, what each type carries, per-type media limits. */
class InstagramRulesTest {

  private static final PostContent.Image IMAGE = new PostContent.Image("https://example.com/a.jpg", null);
  private static final PostContent.Video VIDEO = new PostContent.Video("https://example.com/a.mp4", null, null);

  private static List<String> codes(String text, List<PostContent.Image> images, PostContent.Video video, Map<String, Object> options) {
    return ContentCheck.check(InstagramConnector.CAPABILITIES, new PostContent(text, images, video, List.of(), options))
        .stream().map(Violation::code).toList();
  }

  @Test
  void thirtyHashtagsAndTwentyMentions_areTheMost() {
    String thirty = String.join(" ", Collections.nCopies(30, "#tag"));
    assertThat(codes(thirty, List.of(IMAGE), null, Map.of())).isEmpty();
    var violations = ContentCheck.check(InstagramConnector.CAPABILITIES,
        new PostContent(thirty + " #one_more", List.of(IMAGE), null, List.of()));
    assertThat(violations).singleElement().satisfies(v -> {
      assertThat(v.code()).isEqualTo("too_many_hashtags");
      assertThat(v.limit()).isEqualTo(30);
      assertThat(v.actual()).isEqualTo(31);
    });
    String mentions = String.join(" ", Collections.nCopies(21, "@someone"));
    assertThat(codes(mentions, List.of(IMAGE), null, Map.of())).containsExactly("too_many_mentions");
    assertThat(codes("write to me@example.com or see example.com/#anchor, #1", List.of(IMAGE), null, Map.of())).isEmpty();
  }

  @Test
  void eachTypeCarriesItsOwnMedia() {
    assertThat(codes("", List.of(IMAGE), null, Map.of())).isEmpty();
    assertThat(codes("", List.of(), VIDEO, Map.of())).isEmpty();
    assertThat(codes("", List.of(IMAGE, IMAGE), VIDEO, Map.of())).isEmpty();
    assertThat(codes("", List.of(IMAGE), null, Map.of("type", "reel"))).containsExactly("media_does_not_fit_type");
    assertThat(codes("", List.of(), VIDEO, Map.of("type", "feed"))).containsExactly("media_does_not_fit_type");
    assertThat(codes("", List.of(IMAGE), null, Map.of("type", "carousel"))).containsExactly("carousel_too_small");
    assertThat(codes("", Collections.nCopies(10, IMAGE), VIDEO, Map.of())).containsExactly("carousel_too_large");
    assertThat(codes("", List.of(IMAGE, IMAGE), null, Map.of("type", "story"))).containsExactly("media_does_not_fit_type");
    assertThat(codes("", List.of(), VIDEO, Map.of("type", "story"))).isEmpty();
    assertThat(codes("", List.of(IMAGE), null, Map.of("share_to_feed", true))).containsExactly("option_not_applicable");
    assertThat(codes("", List.of(), VIDEO, Map.of("share_to_feed", false))).isEmpty();
  }

  @Test
  void storiesAndReels_areCheckedAgainstTheirOwnMediaLimits() {
    var story = InstagramConnector.CAPABILITIES.forContent(new PostContent("", List.of(IMAGE), null, List.of(), Map.of("type", "story")));
    assertThat(story.media().images().minAspect()).isEqualTo(9.0 / 16);
    assertThat(story.media().images().maxAspect()).isEqualTo(9.0 / 16);
    assertThat(story.media().videos().maxSeconds()).isEqualTo(60);
    var reel = InstagramConnector.CAPABILITIES.forContent(new PostContent("", List.of(), VIDEO, List.of()));
    assertThat(reel.media().videos().minSeconds()).isEqualTo(3);
    assertThat(reel.media().videos().maxSeconds()).isEqualTo(900);
    var feed = InstagramConnector.CAPABILITIES.forContent(new PostContent("", List.of(IMAGE), null, List.of()));
    assertThat(feed.media().images().minAspect()).isEqualTo(4.0 / 5);
    assertThat(InstagramConnector.CAPABILITIES.option("type").choices()).containsExactly("feed", "carousel", "reel", "story");
    assertThat(InstagramConnector.CAPABILITIES.canDelete()).isFalse();
  }
}

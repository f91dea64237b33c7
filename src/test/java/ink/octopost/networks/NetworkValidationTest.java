package ink.octopost.networks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ink.octopost.networks.PostContent.Image;
import ink.octopost.networks.PostContent.Segment;
import ink.octopost.networks.PostContent.Video;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.assertj.core.api.ListAssert;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * Every network's rules as the one content check applies them. The connectors are found the way the
 * application finds them: component scanning of the networks package into the registry.
 */
class NetworkValidationTest {

  static final String THUMBS_UP = "\uD83D\uDC4D"; // 👍 4 UTF-8 bytes, 2 UTF-16 units
  static final String THUMBS_UP_MEDIUM = "\uD83D\uDC4D\uD83C\uDFFD"; // 👍🏽 8 bytes
  static final String FAMILY = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66"; // 25 bytes
  static final String FLAG_UA = "\uD83C\uDDFA\uD83C\uDDE6"; // 8 bytes
  static final String E_COMBINING = "e\u0301";
  static final String CJK = "漢"; // 3 bytes
  /** 120 characters; every network that shortens URLs counts it as 23. */
  static final String LONG_URL = "https://example.com/" + "p".repeat(100);

  static AnnotationConfigApplicationContext context;
  static ConnectorRegistry registry;

  @BeforeAll
  static void scan() {
    context = new AnnotationConfigApplicationContext();
    // What the connectors need from the rest of the application.
    context.registerBean(ink.octopost.shared.OutboundHttp.class,
        () -> new ink.octopost.shared.OutboundHttp(new ink.octopost.shared.OutboundProperties(false)));
    context.registerBean(tools.jackson.databind.json.JsonMapper.class, () -> tools.jackson.databind.json.JsonMapper.builder().build());
    context.registerBean(java.time.Clock.class, java.time.Clock::systemUTC);
    context.registerBean(NetworksProperties.class,
        () -> new NetworksProperties(null, null, null, null, null, null, null, null, null, null, null, null));
    context.registerBean(MediaSource.class, () -> ink.octopost.media.TestMediaSources.fetching(
        new ink.octopost.shared.OutboundHttp(new ink.octopost.shared.OutboundProperties(false))));
    context.scan("ink.octopost.networks");
    context.refresh();
    registry = context.getBean(ConnectorRegistry.class);
  }

  @AfterAll
  static void close() {
    context.close();
  }

  // ---- helpers

  static List<Violation> check(Platform p, PostContent content) {
    return ContentCheck.check(registry.capabilities(p), content);
  }

  static List<Violation> check(Platform p, String text) {
    return check(p, text(text));
  }

  /** The violations as (code, limit, actual). */
  static ListAssert<Tuple> assertViolations(List<Violation> violations) {
    return assertThat(violations.stream().map(v -> tuple(v.code(), v.limit(), v.actual())).toList());
  }

  static PostContent text(String text) {
    return new PostContent(text, List.of(), null, List.of());
  }

  static PostContent images(String text, int n) {
    return new PostContent(text, imageList(n), null, List.of());
  }

  static List<Image> imageList(int n) {
    return IntStream.range(0, n).mapToObj(i -> new Image("https://media.test/" + i + ".jpg", null)).toList();
  }

  static PostContent video(String text, String title) {
    return new PostContent(text, List.of(), new Video("https://media.test/v.mp4", title, null), List.of());
  }

  static PostContent withSegments(PostContent first, String... segmentTexts) {
    var segments = new ArrayList<Segment>();
    for (String s : segmentTexts) {
      segments.add(new Segment(s, List.of(), null));
    }
    return new PostContent(first.text(), first.images(), first.video(), segments);
  }

  /** The least media a network needs for a post to be valid at all. */
  static PostContent minimal(Platform p, String text) {
    return switch (p) {
      case INSTAGRAM, TIKTOK -> images(text, 1);
      case YOUTUBE -> video(text, "A title");
      default -> text(text);
    };
  }

  static String a(int n) {
    return "a".repeat(n);
  }

  // ---- every network

  @Test
  void theRegistryHoldsOneConnectorPerNetwork() {
    for (Platform p : Platform.values()) {
      assertThat(registry.connector(p).platform()).isEqualTo(p);
      assertThat(registry.capabilities(p).platform()).isEqualTo(p);
    }
  }

  @ParameterizedTest(name = "{0}: {1} {2}")
  @CsvSource({
      "TWITTER,   280,   weighted characters",
      "BLUESKY,   300,   graphemes",
      "MASTODON,  500,   characters",
      "LINKEDIN,  3000,  characters",
      "THREADS,   500,   characters",
      "INSTAGRAM, 2200,  characters",
      "FACEBOOK,  63206, characters",
      "TIKTOK,    2200,  characters",
      "YOUTUBE,   5000,  characters",
      "DISCORD,   2000,  characters",
      "SLACK,     40000, characters",
      "TELEGRAM,  4096,  characters",
  })
  void textAtTheLimitIsValidAndOneMoreIsTooLong(Platform p, int limit, String unit) {
    assertThat(check(p, minimal(p, a(limit)))).isEmpty();

    List<Violation> over = check(p, minimal(p, a(limit + 1)));
    if (p == Platform.YOUTUBE) { // ASCII: the description's byte limit is hit at the same time
      assertViolations(over).containsExactly(
          tuple("text_too_long", limit, limit + 1), tuple("text_too_long_bytes", limit, limit + 1));
    } else {
      assertViolations(over).containsExactly(tuple("text_too_long", limit, limit + 1));
    }
    assertThat(over.get(0).field()).isEqualTo("content");
    assertThat(over.get(0).message()).contains(p.id(), String.valueOf(limit), unit);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      // platform, thread style, idempotent, async media, can delete, required media, alt text, text required
      "TWITTER,   REPLY_CHAIN, false, true,  true,  NOTHING,   1000, false",
      "BLUESKY,   REPLY_CHAIN, true,  true,  true,  NOTHING,   2000, false",
      "MASTODON,  REPLY_CHAIN, true,  true,  true,  NOTHING,   1500, false",
      "LINKEDIN,  NONE,        false, true,  true,  NOTHING,   4086, false",
      "THREADS,   REPLY_CHAIN, false, true,  true,  NOTHING,   1000, false",
      "INSTAGRAM, NONE,        false, true,  false, ANY_MEDIA, 1000, false",
      "FACEBOOK,  NONE,        false, false, true,  NOTHING,   0,    false",
      "TIKTOK,    NONE,        false, true,  false, ANY_MEDIA, 0,    false",
      "YOUTUBE,   NONE,        false, true,  true,  VIDEO,     0,    false",
      "DISCORD,   FOLLOW_UP,   false, false, true,  NOTHING,   1024, false",
      "SLACK,     FOLLOW_UP,   false, false, true,  NOTHING,   1000, true",
      "TELEGRAM,  FOLLOW_UP,   false, false, true,  NOTHING,   0,    true",
  })
  void capabilities(Platform p, ThreadStyle threads, boolean idempotent, boolean async, boolean canDelete,
      MediaRules.Required required, int maxAltText, boolean textRequired) {
    NetworkCapabilities caps = registry.capabilities(p);
    assertThat(caps.threads()).isEqualTo(threads);
    assertThat(caps.idempotentPublish()).isEqualTo(idempotent);
    assertThat(caps.asyncMediaProcessing()).isEqualTo(async);
    assertThat(caps.canDelete()).isEqualTo(canDelete);
    assertThat(caps.media().required()).isEqualTo(required);
    assertThat(caps.media().maxAltText()).isEqualTo(maxAltText);
    assertThat(caps.text().required()).isEqualTo(textRequired);
    assertThat(caps.caption().required()).isEqualTo(p == Platform.SLACK);
  }

  @ParameterizedTest
  @EnumSource(value = Platform.class, names = {"LINKEDIN", "INSTAGRAM", "FACEBOOK", "TIKTOK", "YOUTUBE"})
  void segmentsOnANetworkWithoutThreadsAreRefused(Platform p) {
    assertViolations(check(p, withSegments(minimal(p, "first"), "second", "third")))
        .containsExactly(tuple("segments_not_supported", 0, 2));
  }

  @ParameterizedTest
  @EnumSource(value = Platform.class, names = {"TWITTER", "BLUESKY", "MASTODON", "THREADS", "DISCORD", "SLACK", "TELEGRAM"})
  void segmentsAreCheckedLikeThePostOnNetworksWithThreads(Platform p) {
    int limit = registry.capabilities(p).text().maxLength();
    List<Violation> v = check(p, withSegments(text("first"), "fine", a(limit + 1)));
    assertViolations(v).containsExactly(tuple("text_too_long", limit, limit + 1));
    assertThat(v.get(0).field()).isEqualTo("segments[1].content");
  }

  @ParameterizedTest
  @EnumSource(Platform.class)
  void aPostWithNothingInItIsRefused(Platform p) {
    assertThat(check(p, text(" "))).extracting(Violation::code).contains("text_required");
  }

  // ---- per network

  @Nested
  class Twitter {
    final Platform x = Platform.TWITTER;

    int count(String s) {
      return registry.capabilities(x).text().count(s);
    }

    @Test
    void latinWeighsOneAndCjkAndEmojiTwo() {
      assertThat(count("hello")).isEqualTo(5);
      assertThat(count(CJK.repeat(10))).isEqualTo(20);
      assertThat(count("Hi " + THUMBS_UP + " 漢字")).isEqualTo(3 + 2 + 1 + 4);
      assertThat(count(FAMILY)).isEqualTo(2);
      assertThat(count(THUMBS_UP_MEDIUM)).isEqualTo(2);
      assertThat(count(FLAG_UA)).isEqualTo(2);
      assertThat(count(E_COMBINING)).isEqualTo(1); // NFC: é
    }

    @Test
    void cjkAtTheLimit() {
      assertThat(check(x, CJK.repeat(140))).isEmpty();
      assertViolations(check(x, CJK.repeat(141))).containsExactly(tuple("text_too_long", 280, 282));
    }

    @Test
    void emojiSequencesWeighTwoEach() {
      assertThat(check(x, FAMILY.repeat(140))).isEmpty();
      assertViolations(check(x, THUMBS_UP_MEDIUM.repeat(141))).containsExactly(tuple("text_too_long", 280, 282));
      assertViolations(check(x, FLAG_UA.repeat(141))).containsExactly(tuple("text_too_long", 280, 282));
    }

    @Test
    void combiningMarksAreNormalisedFirst() {
      assertThat(check(x, E_COMBINING.repeat(280))).isEmpty();
      assertViolations(check(x, E_COMBINING.repeat(281))).containsExactly(tuple("text_too_long", 280, 281));
    }

    @Test
    void everyUrlCountsAs23() {
      assertThat(count(LONG_URL)).isEqualTo(23);
      assertThat(count("short https://t.co/x and " + LONG_URL)).isEqualTo(6 + 23 + 5 + 23);
      assertThat(check(x, LONG_URL + " " + a(256))).isEmpty();
      assertViolations(check(x, LONG_URL + " " + a(257))).containsExactly(tuple("text_too_long", 280, 281));
    }

    @Test
    void fourImagesOrOneVideoNeverBoth() {
      assertThat(check(x, images("four", 4))).isEmpty();
      assertViolations(check(x, images("five", 5))).containsExactly(tuple("too_many_images", 4, 5));
      var mixed = new PostContent("both", imageList(2), new Video("https://media.test/v.mp4", null, null), List.of());
      assertThat(check(x, mixed)).extracting(Violation::code).containsExactly("mixed_media_not_supported");
    }

    @Test
    void mediaWithoutTextIsAPost() {
      assertThat(check(x, images("", 1))).isEmpty();
      assertThat(check(x, text(""))).extracting(Violation::code).containsExactly("text_required");
    }

    @Test
    void altTextUpTo1000() {
      var ok = new PostContent("alt", List.of(new Image("u", a(1000))), null, List.of());
      var over = new PostContent("alt", List.of(new Image("u", a(1001))), null, List.of());
      assertThat(check(x, ok)).isEmpty();
      assertViolations(check(x, over)).containsExactly(tuple("alt_text_too_long", 1000, 1001));
    }
  }

  @Nested
  class Bluesky {
    final Platform bsky = Platform.BLUESKY;

    @Test
    void emojiSequencesAndCombiningMarksAreOneGraphemeEach() {
      assertThat(check(bsky, THUMBS_UP_MEDIUM.repeat(300))).isEmpty(); // 2400 bytes
      assertThat(check(bsky, FLAG_UA.repeat(300))).isEmpty(); // 2400 bytes
      assertThat(check(bsky, E_COMBINING.repeat(300))).isEmpty(); // 900 bytes
      assertViolations(check(bsky, THUMBS_UP_MEDIUM.repeat(301))).containsExactly(tuple("text_too_long", 300, 301));
    }

    @Test
    void cjkHitsTheGraphemeLimitBeforeTheByteLimit() {
      assertThat(check(bsky, CJK.repeat(300))).isEmpty(); // 900 bytes
      assertViolations(check(bsky, CJK.repeat(301))).containsExactly(tuple("text_too_long", 300, 301));
      assertViolations(check(bsky, CJK.repeat(1001))).containsExactly(
          tuple("text_too_long", 300, 1001), tuple("text_too_long_bytes", 3000, 3003));
    }

    @Test
    void longZwjSequencesHitTheByteLimitWithFewGraphemes() {
      assertThat(check(bsky, FAMILY.repeat(120))).isEmpty(); // 120 graphemes, exactly 3000 bytes
      List<Violation> v = check(bsky, FAMILY.repeat(121)); // 121 graphemes, 3025 bytes
      assertViolations(v).containsExactly(tuple("text_too_long_bytes", 3000, 3025));
      assertThat(v.get(0).message()).contains("3000 bytes");
    }

    @Test
    void linksCountInFull() {
      assertThat(registry.capabilities(bsky).text().count(LONG_URL)).isEqualTo(120);
    }

    @Test
    void fourImagesOrOneVideo() {
      assertViolations(check(bsky, images("five", 5))).containsExactly(tuple("too_many_images", 4, 5));
      var mixed = new PostContent("both", imageList(1), new Video("v", null, null), List.of());
      assertThat(check(bsky, mixed)).extracting(Violation::code).containsExactly("mixed_media_not_supported");
      assertThat(check(bsky, images("", 4))).isEmpty();
    }
  }

  @Nested
  class Mastodon {
    final Platform masto = Platform.MASTODON;

    int count(String s) {
      return registry.capabilities(masto).text().count(s);
    }

    @Test
    void aRemoteMentionCountsOnlyItsLocalPart() {
      assertThat(count("@user@instance.social")).isEqualTo(5);
      assertThat(count("hi @alice.b@mastodon.example.org!")).isEqualTo(3 + 8 + 1);
      assertThat(count("@user")).isEqualTo(5);
      assertThat(count("mail me@example.com")).isEqualTo(19); // not a mention: follows a letter
      String atLimit = "@user@instance.social " + a(494); // 5 + 1 + 494 = 500, raw 516 characters
      assertThat(check(masto, atLimit)).isEmpty();
      assertViolations(check(masto, atLimit + "a")).containsExactly(tuple("text_too_long", 500, 501));
    }

    @Test
    void everyUrlCountsAs23() {
      assertThat(count(LONG_URL)).isEqualTo(23);
      assertThat(count("see https://example.com/path.")).isEqualTo(4 + 23 + 1);
      assertThat(count("https://mastodon.social/@user@other.host")).isEqualTo(23); // a URL, not a mention
      assertThat(count("ftp://example.com/file")).isEqualTo(22); // only http(s) is shortened
      assertThat(check(masto, LONG_URL + " " + a(476))).isEmpty();
      assertViolations(check(masto, LONG_URL + " " + a(477))).containsExactly(tuple("text_too_long", 500, 501));
    }

    @Test
    void graphemesNotCodeUnits() {
      assertThat(count(FAMILY + THUMBS_UP_MEDIUM + FLAG_UA + E_COMBINING + CJK)).isEqualTo(5);
      assertThat(check(masto, FAMILY.repeat(500))).isEmpty();
      assertViolations(check(masto, FAMILY.repeat(501))).containsExactly(tuple("text_too_long", 500, 501));
    }

    @Test
    void mediaOnlyFourAttachmentsAndNoVideoWithImages() {
      assertThat(check(masto, images("", 4))).isEmpty();
      assertViolations(check(masto, images("", 5))).containsExactly(tuple("too_many_images", 4, 5));
      var mixed = new PostContent("both", imageList(1), new Video("v", null, null), List.of());
      assertThat(check(masto, mixed)).extracting(Violation::code).containsExactly("mixed_media_not_supported");
    }
  }

  @Nested
  class Threads {
    final Platform threads = Platform.THREADS;

    int count(String s) {
      return registry.capabilities(threads).text().count(s);
    }

    @Test
    void emojiCountTheirUtf8Bytes() {
      assertThat(count(THUMBS_UP)).isEqualTo(4);
      assertThat(count(THUMBS_UP_MEDIUM)).isEqualTo(8);
      assertThat(count(FAMILY)).isEqualTo(25);
      assertThat(count(FLAG_UA)).isEqualTo(8);
      assertThat(count("1\uFE0F\u20E3")).isEqualTo(7); // keycap 1️⃣
      assertThat(count("#1")).isEqualTo(2); // digits and # alone are not emoji
    }

    @Test
    void everyOtherCodePointCountsOne() {
      assertThat(count(CJK.repeat(3))).isEqualTo(3);
      assertThat(count(E_COMBINING)).isEqualTo(2);
      assertThat(check(threads, CJK.repeat(500))).isEmpty();
      assertThat(check(threads, E_COMBINING.repeat(250))).isEmpty();
      assertViolations(check(threads, E_COMBINING.repeat(251))).containsExactly(tuple("text_too_long", 500, 502));
    }

    @Test
    void emojiAtTheLimit() {
      assertThat(check(threads, THUMBS_UP.repeat(125))).isEmpty();
      assertViolations(check(threads, THUMBS_UP.repeat(126))).containsExactly(tuple("text_too_long", 500, 504));
      assertThat(check(threads, THUMBS_UP_MEDIUM.repeat(62) + "aaaa")).isEmpty();
      assertViolations(check(threads, THUMBS_UP_MEDIUM.repeat(62) + "aaaaa"))
          .containsExactly(tuple("text_too_long", 500, 501));
      assertThat(check(threads, FAMILY.repeat(20))).isEmpty();
      assertViolations(check(threads, FAMILY.repeat(21))).containsExactly(tuple("text_too_long", 500, 525));
    }

    @Test
    void carouselsMixImagesAndVideo() {
      var mixed = new PostContent("both", imageList(3), new Video("v", null, null), List.of());
      assertThat(check(threads, mixed)).isEmpty();
    }
  }

  @Nested
  class LinkedIn {
    @Test
    void countsUtf16Units() {
      assertThat(check(Platform.LINKEDIN, THUMBS_UP.repeat(1500))).isEmpty();
      assertViolations(check(Platform.LINKEDIN, "a" + THUMBS_UP.repeat(1500)))
          .containsExactly(tuple("text_too_long", 3000, 3001));
    }

    @Test
    void upToTwentyImagesOrOneVideo() {
      assertThat(check(Platform.LINKEDIN, images("", 20))).isEmpty();
      assertViolations(check(Platform.LINKEDIN, images("", 21))).containsExactly(tuple("too_many_images", 20, 21));
      var mixed = new PostContent("both", imageList(2), new Video("v", null, null), List.of());
      assertThat(check(Platform.LINKEDIN, mixed)).extracting(Violation::code)
          .containsExactly("mixed_media_not_supported");
    }
  }

  @Nested
  class Instagram {
    @Test
    void needsMedia() {
      assertViolations(check(Platform.INSTAGRAM, "just words")).containsExactly(tuple("media_required", null, null));
      assertThat(check(Platform.INSTAGRAM, images("", 1))).isEmpty();
      assertThat(check(Platform.INSTAGRAM, video("", null))).isEmpty();
    }

    @Test
    void carouselsHoldTenAndMayMix() {
      assertThat(check(Platform.INSTAGRAM, images("c", 10))).isEmpty();
      assertViolations(check(Platform.INSTAGRAM, images("c", 11))).containsExactly(tuple("too_many_images", 10, 11));
      var mixed = new PostContent("both", imageList(3), new Video("v", null, null), List.of());
      assertThat(check(Platform.INSTAGRAM, mixed)).isEmpty();
    }

    @Test
    void captionCountsUtf16Units() {
      assertThat(check(Platform.INSTAGRAM, images(THUMBS_UP.repeat(1100), 1))).isEmpty();
      assertViolations(check(Platform.INSTAGRAM, images(THUMBS_UP.repeat(1101), 1)))
          .containsExactly(tuple("text_too_long", 2200, 2202));
    }
  }

  @Nested
  class Facebook {
    @Test
    void photosOrOneVideoAndNoAltTextCheck() {
      assertThat(check(Platform.FACEBOOK, images("", 10))).isEmpty();
      assertViolations(check(Platform.FACEBOOK, images("", 11))).containsExactly(tuple("too_many_images", 10, 11));
      var mixed = new PostContent("both", imageList(1), new Video("v", null, null), List.of());
      assertThat(check(Platform.FACEBOOK, mixed)).extracting(Violation::code).containsExactly("mixed_media_not_supported");
      // no alt text on Facebook: it is dropped, never refused
      assertThat(check(Platform.FACEBOOK, new PostContent("alt", List.of(new Image("u", a(5000))), null, List.of())))
          .isEmpty();
    }
  }

  @Nested
  class TikTok {
    @Test
    void needsMediaAndNeverMixesPhotosWithAVideo() {
      assertViolations(check(Platform.TIKTOK, "words")).containsExactly(tuple("media_required", null, null));
      assertThat(check(Platform.TIKTOK, video("caption", null))).isEmpty();
      assertThat(check(Platform.TIKTOK, images("", 35))).isEmpty();
      assertViolations(check(Platform.TIKTOK, images("", 36))).containsExactly(tuple("too_many_images", 35, 36));
      var mixed = new PostContent("both", imageList(1), new Video("v", null, null), List.of());
      assertThat(check(Platform.TIKTOK, mixed)).extracting(Violation::code).containsExactly("mixed_media_not_supported");
    }
  }

  @Nested
  class YouTube {
    final Platform yt = Platform.YOUTUBE;

    @Test
    void needsAVideoAndNoImages() {
      assertViolations(check(yt, "a description")).containsExactly(tuple("video_required", null, null));
      assertThat(check(yt, images("a description", 1))).extracting(Violation::code)
          .containsExactly("images_not_supported", "video_required");
    }

    @Test
    void needsATitleOfAtMost100Characters() {
      assertViolations(check(yt, video("d", null))).containsExactly(tuple("title_required", null, null));
      assertViolations(check(yt, video("d", "  "))).containsExactly(tuple("title_required", null, null));
      assertThat(check(yt, video("d", a(100)))).isEmpty();
      List<Violation> v = check(yt, video("d", a(101)));
      assertViolations(v).containsExactly(tuple("title_too_long", 100, 101));
      assertThat(v.get(0).field()).isEqualTo("media.video.title");
      assertViolations(check(yt, video("d", THUMBS_UP.repeat(51)))).containsExactly(tuple("title_too_long", 100, 102));
    }

    @Test
    void theDescriptionIs5000CharactersAnd5000Bytes() {
      assertThat(check(yt, video(a(5000), "t"))).isEmpty();
      assertViolations(check(yt, video(CJK.repeat(1700), "t")))
          .containsExactly(tuple("text_too_long_bytes", 5000, 5100));
    }

    @Test
    void aVideoWithoutDescriptionIsFine() {
      assertThat(check(yt, video("", "t"))).isEmpty();
    }
  }

  @Nested
  class Slack {
    @Test
    void alwaysNeedsText() {
      assertViolations(check(Platform.SLACK, images("", 1))).containsExactly(tuple("text_required", null, null));
      assertThat(check(Platform.SLACK, images("look", 1))).isEmpty();
    }
  }

  @Nested
  class Discord {
    @Test
    void filesAloneAreAMessage() {
      assertThat(check(Platform.DISCORD, images("", 10))).isEmpty();
      assertViolations(check(Platform.DISCORD, images("", 11))).containsExactly(tuple("too_many_images", 10, 11));
    }

    @Test
    void countsUtf16Units() {
      assertThat(check(Platform.DISCORD, THUMBS_UP.repeat(1000))).isEmpty();
      assertViolations(check(Platform.DISCORD, FAMILY.repeat(182))).containsExactly(tuple("text_too_long", 2000, 2002));
    }
  }

  @Nested
  class Telegram {
    final Platform tg = Platform.TELEGRAM;

    @Test
    void aTextMessageHolds4096() {
      assertThat(check(tg, a(4096))).isEmpty();
      assertViolations(check(tg, a(4097))).containsExactly(tuple("text_too_long", 4096, 4097));
    }

    @Test
    void aCaptionHolds1024() {
      assertThat(check(tg, images(a(1024), 1))).isEmpty();
      List<Violation> v = check(tg, images(a(1025), 1));
      assertViolations(v).containsExactly(tuple("text_too_long", 1024, 1025));
      assertThat(v.get(0).message()).contains("caption");
      assertViolations(check(tg, video(a(2000), null))).containsExactly(tuple("text_too_long", 1024, 2000));
      assertThat(check(tg, a(2000))).isEmpty();
    }

    @Test
    void aCaptionMayBeEmptyButATextMessageMayNot() {
      assertThat(check(tg, images("", 1))).isEmpty();
      assertViolations(check(tg, "")).containsExactly(tuple("text_required", null, null));
    }

    @Test
    void albumsHoldTenAndMayMix() {
      assertThat(check(tg, new PostContent("", imageList(9), new Video("v", null, null), List.of()))).isEmpty();
      assertViolations(check(tg, images("", 11))).containsExactly(tuple("too_many_images", 10, 11));
    }
  }

}

package ink.octopost.networks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The one check of a post's content against a network's capabilities. Create-time validation
 * ({@code POST /v1/posts/validate}, scheduling) and publish-time validation both call it, so they
 * can never disagree.
 */
public final class ContentCheck {

  private ContentCheck() {}

  public static List<Violation> check(NetworkCapabilities caps, PostContent content) {
    caps = caps.forContent(content);
    var out = new ArrayList<Violation>();
    String network = caps.platform().id();
    Counted counted = countedWithText(caps, content);
    text(out, network, caps, "content", counted, content.text(), content.hasMedia());
    media(out, network, caps.media(), "media", content.images(), content.video());
    switch (caps.media().required()) {
      case ANY_MEDIA -> {
        if (!content.hasMedia()) {
          out.add(new Violation("media_required", network + " needs an image or a video", "media", null, null));
        }
      }
      case VIDEO -> {
        if (content.video() == null) {
          out.add(new Violation("video_required", network + " needs a video", "media.video", null, null));
        }
      }
      case NOTHING -> {}
    }
    if (caps.title() != null && content.video() != null) {
      String title = content.video().title();
      if (title == null || title.isBlank()) {
        out.add(new Violation("title_required", network + " needs a video title", "media.video.title", null, null));
      } else {
        int n = caps.title().count(title);
        if (n > caps.title().maxLength()) {
          out.add(tooLong(network, "media.video.title", "title", caps.title(), n));
        }
      }
    }
    if (!content.segments().isEmpty()) {
      if (caps.threads() == ThreadStyle.NONE) {
        out.add(new Violation(
            "segments_not_supported",
            network + " cannot publish reply segments; set overrides." + network + ".segments to []",
            "segments", 0, content.segments().size()));
      } else {
        for (int i = 0; i < content.segments().size(); i++) {
          var s = content.segments().get(i);
          text(out, network, caps, "segments[" + i + "].content", counted, s.text(), s.hasMedia());
          media(out, network, caps.media(), "segments[" + i + "].media", s.images(), s.video());
        }
      }
    }
    out.addAll(caps.rules().check(caps, content));
    return out;
  }

  /** Option texts the network counts in front of each part's text (Mastodon's content warning), and their names. */
  private record Counted(String prefix, List<String> names) {}

  private static Counted countedWithText(NetworkCapabilities caps, PostContent content) {
    var prefix = new StringBuilder();
    var names = new ArrayList<String>();
    for (var option : caps.options()) {
      if (option.countedWithText() && content.options().get(option.name()) instanceof String s && !s.isEmpty()) {
        prefix.append(s);
        names.add(option.name());
      }
    }
    return new Counted(prefix.toString(), names);
  }

  private static void text(List<Violation> out, String network, NetworkCapabilities caps, String field, Counted counted,
      String text, boolean withMedia) {
    TextRules rules = caps.textFor(withMedia);
    if (text == null || text.isBlank()) {
      if (rules.required() || !withMedia) {
        out.add(new Violation("text_required", field + " is empty; " + network + " needs text"
            + (rules.required() ? "" : " or media"), field, null, null));
      }
      return;
    }
    String countable = counted.prefix() + text;
    int n = rules.count(countable);
    if (n > rules.maxLength()) {
      out.add(tooLong(network, field, (withMedia && caps.caption() != caps.text() ? "caption" : "text")
          + (counted.names().isEmpty() ? "" : " with its " + String.join(" and ", counted.names())), rules, n));
    }
    if (rules.maxBytes() > 0) {
      int bytes = countable.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > rules.maxBytes()) {
        out.add(new Violation("text_too_long_bytes",
            network + " allows at most " + rules.maxBytes() + " bytes of UTF-8; this has " + bytes,
            field, rules.maxBytes(), bytes));
      }
    }
  }

  private static Violation tooLong(String network, String field, String what, TextRules rules, int n) {
    return new Violation(what.equals("title") ? "title_too_long" : "text_too_long",
        network + " allows " + rules.maxLength() + " " + rules.unit() + " in a " + what + "; this has " + n,
        field, rules.maxLength(), n);
  }

  private static void media(
      List<Violation> out, String network, MediaRules rules, String field, List<PostContent.Image> images, PostContent.Video video) {
    if (!images.isEmpty()) {
      if (rules.maxImages() == 0) {
        out.add(new Violation("images_not_supported", network + " does not accept images", field + ".images", 0, images.size()));
      } else if (images.size() > rules.maxImages()) {
        out.add(new Violation("too_many_images",
            network + " accepts at most " + rules.maxImages() + " images per post; this has " + images.size(),
            field + ".images", rules.maxImages(), images.size()));
      }
    }
    if (video != null && rules.maxVideos() == 0) {
      out.add(new Violation("video_not_supported", network + " does not accept video", field + ".video", 0, 1));
    }
    if (video != null && !images.isEmpty() && !rules.mixImagesAndVideo()) {
      out.add(new Violation("mixed_media_not_supported",
          network + " cannot carry images and a video in one post", field, null, null));
    }
    if (rules.altTextSupported()) {
      for (int i = 0; i < images.size(); i++) {
        String alt = images.get(i).altText();
        if (alt != null) {
          int n = alt.codePointCount(0, alt.length());
          if (n > rules.maxAltText()) {
            out.add(new Violation("alt_text_too_long",
                network + " allows " + rules.maxAltText() + " characters of alt text; this has " + n,
                field + ".images[" + i + "].alt_text", rules.maxAltText(), n));
          }
        }
      }
    }
  }
}

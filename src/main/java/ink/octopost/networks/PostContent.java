package ink.octopost.networks;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.annotation.Nullable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one network would be asked to publish: the text, media and segments after per-platform
 * overrides are applied, and the network's own per-post options ({@link PostOption}), which hold
 * for every part of a thread. Neutral: no ids, no database.
 *
 * @param options by option name: a {@code String} or a {@code Boolean}; never null values
 */
public record PostContent(String text, List<Image> images, Video video, List<Segment> segments, Map<String, Object> options) {

  public PostContent {
    options = options == null ? Map.of() : Map.copyOf(options);
  }

  public PostContent(String text, List<Image> images, Video video, List<Segment> segments) {
    this(text, images, video, segments, Map.of());
  }

  public record Image(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "https://example.com/photo.jpg") String url,
      @Nullable String altText) {}

  public record Video(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "https://example.com/clip.mp4") String url,
      @Nullable String title, @Nullable String thumbnailUrl) {}

  public record Segment(String text, List<Image> images, Video video) {
    public boolean hasMedia() {
      return !images.isEmpty() || video != null;
    }
  }

  public boolean hasMedia() {
    return !images.isEmpty() || video != null;
  }

  /** The same content with another main text. */
  public PostContent withText(String newText) {
    return new PostContent(newText, images, video, segments, options);
  }

  /** What each publish call of a thread carries: the post, then each segment, all with the options. */
  public List<PostContent> parts() {
    var out = new ArrayList<PostContent>();
    out.add(new PostContent(text, images, video, List.of(), options));
    segments.forEach(s -> out.add(new PostContent(s.text(), s.images(), s.video(), List.of(), options)));
    return out;
  }

  /** A text option's value, or null when unset or blank. */
  public String textOption(String name) {
    return options.get(name) instanceof String s && !s.isBlank() ? s : null;
  }
}

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

  /**
   * An image: a URL, a media library id, or both (a URL is imported into the library when its post
   * is scheduled or published, and the post then keeps the id).
   */
  public record Image(
      @Nullable @Schema(description = "The image's URL; give this or media_id", example = "https://example.com/photo.jpg") String url,
      @Nullable String altText,
      @Nullable @Schema(description = "A media library object (POST /v1/media); give this or url", example = "med_4fR8kLm2Qw9Zt1Vb6Xy3Pn")
          String mediaId,
      @Schema(hidden = true) @com.fasterxml.jackson.annotation.JsonIgnore String fit) {

    public Image(String url, String altText, String mediaId) {
      this(url, altText, mediaId, null);
    }

    public Image(String url, String altText) {
      this(url, altText, null, null);
    }

    public Image withMediaId(String id) {
      return new Image(url, altText, id, fit);
    }

    /**
     * The same image as one network should fit it to its aspect ratios ({@code pad} or {@code
     * crop}, from {@code overrides.<platform>.fit}); never stored with the post.
     */
    public Image withFit(String how) {
      return new Image(url, altText, mediaId, how);
    }
  }

  /** A video: a URL, a media library id, or both (as for {@link Image}). */
  public record Video(
      @Nullable @Schema(description = "The video's URL; give this or media_id", example = "https://example.com/clip.mp4") String url,
      @Nullable String title, @Nullable String thumbnailUrl,
      @Nullable @Schema(description = "A media library object (POST /v1/media); give this or url", example = "med_9bT2xWq7Lm4Rk8Vd1Zc5Ny")
          String mediaId) {

    public Video(String url, String title, String thumbnailUrl) {
      this(url, title, thumbnailUrl, null);
    }

    public Video withMediaId(String id) {
      return new Video(url, title, thumbnailUrl, id);
    }
  }

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

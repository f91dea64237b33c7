package ink.octopost.networks;

import java.util.List;

/**
 * What one network would be asked to publish: the text, media and segments after per-platform
 * overrides are applied. Neutral: no ids, no database.
 */
public record PostContent(String text, List<Image> images, Video video, List<Segment> segments) {

  public record Image(String url, String altText) {}

  public record Video(String url, String title, String thumbnailUrl) {}

  public record Segment(String text, List<Image> images, Video video) {
    public boolean hasMedia() {
      return !images.isEmpty() || video != null;
    }
  }

  public boolean hasMedia() {
    return !images.isEmpty() || video != null;
  }
}

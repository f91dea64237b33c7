package ink.octopost.fakes;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How {@link FakeInstagram} checks {@code POST /{ig-user-id}/media} as Meta does (networks.md 6.1
 * to 6.3): the fields each {@code media_type} needs and refuses, caption limits (2207010),
 * carousels of 2 to 10 finished items of the same account (2207028, 2207027), and the media fetched
 * from its URL like Meta's cURL (9004/2207052 unreachable, 2207005 not JPEG).
 */
final class FakeInstagramMedia {

  record Refusal(int code, int subcode, String message) {}

  private FakeInstagramMedia() {}

  /** Why Meta would refuse these fields, or null. */
  static Refusal refusal(Map<String, String> p, String userId, Function<String, FakeInstagram.Container> containers,
      Function<String, String> status) {
    String type = p.get("media_type");
    boolean item = "true".equals(p.get("is_carousel_item"));
    String image = p.get("image_url");
    String video = p.get("video_url");
    String caption = p.get("caption");
    if (caption != null && (caption.length() > 2200 || caption.split("#", -1).length - 1 > 30)) {
      return new Refusal(100, 2207010, "The caption is too long or has too many hashtags");
    }
    if (p.containsKey("share_to_feed") && !"REELS".equals(type)) {
      return new Refusal(100, 0, "share_to_feed is only supported for REELS");
    }
    if (p.containsKey("alt_text") && (type != null || video != null)) {
      return new Refusal(100, 0, "alt_text is only supported for images");
    }
    if (type == null) {
      return image == null || video != null
          ? new Refusal(100, 0, "The parameter image_url is required (a video needs media_type REELS or VIDEO)") : null;
    }
    return switch (type) {
      case "REELS" -> video == null || image != null || item
          ? new Refusal(100, 0, "The parameter video_url is required for media_type REELS") : null;
      case "VIDEO" -> video == null || !item
          ? new Refusal(100, 2207023, "media_type VIDEO is only for carousel items; single videos are REELS") : null;
      case "STORIES" -> (image == null) == (video == null)
          ? new Refusal(100, 0, "STORIES need exactly one of image_url and video_url") : null;
      case "CAROUSEL" -> carousel(p, userId, containers, status, image != null || video != null);
      default -> new Refusal(100, 0, "Invalid parameter media_type " + type);
    };
  }

  private static Refusal carousel(Map<String, String> p, String userId, Function<String, FakeInstagram.Container> containers,
      Function<String, String> status, boolean ownMedia) {
    List<String> children = p.get("children") == null ? List.of() : List.of(p.get("children").split(","));
    if (children.size() < 2 || children.size() > 10 || ownMedia) {
      return new Refusal(100, 2207028, "Carousels need 2 to 10 children");
    }
    for (String c : children) {
      var child = containers.apply(c);
      if (child == null || !child.carouselItem() || !child.userId().equals(userId)) {
        return new Refusal(100, 2207028, "Child " + c + " is not a carousel item of this account");
      }
      if (!"FINISHED".equals(status.apply(c))) {
        return new Refusal(9007, 2207027, "Media ID is not available: child " + c + " is not ready");
      }
    }
    return null;
  }

  /** Meta cURLs the media itself: null when it is what the container says, else why not. */
  static String fetch(HttpClient fetcher, String url, boolean image) {
    try {
      var response = fetcher.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      byte[] b = response.body();
      if (response.statusCode() != 200) {
        return "HTTP " + response.statusCode();
      }
      if (image) {
        return b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff ? null
            : "format: images must be JPEG";
      }
      return b.length > 8 && b[4] == 'f' && b[5] == 't' && b[6] == 'y' && b[7] == 'p' ? null : "format: not an MP4/MOV";
    } catch (IOException | InterruptedException | IllegalArgumentException e) {
      return "unreachable: " + e.getMessage();
    }
  }
}

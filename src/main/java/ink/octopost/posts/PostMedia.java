package ink.octopost.posts;

import ink.octopost.media.MediaItem;
import ink.octopost.media.MediaLibrary;
import ink.octopost.networks.MediaRules;
import ink.octopost.networks.NetworkCapabilities;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.Violation;
import ink.octopost.shared.Violations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A post's media in the library: ids checked against the workspace, URLs imported once when the
 * post is going to publish (the post keeps the ids), the library told which posts use what, and
 * each target's media checked against its network's limits.
 */
@Component
class PostMedia {

  private final MediaLibrary library;
  private final String publicMediaHost;

  PostMedia(MediaLibrary library, ink.octopost.shared.OctopostProperties octopost, ink.octopost.media.MediaProperties media) {
    this.library = library;
    // where networks that pull media fetch it from: Octopost's signed links, or the bucket's own presigned ones
    String origin = media.s3().enabled() && media.s3().publicReads()
        ? (media.s3().endpoint() == null || media.s3().endpoint().isBlank() ? "https://s3.amazonaws.com" : media.s3().endpoint())
        : octopost.publicUrl();
    String host;
    try {
      host = java.net.URI.create(origin).getHost();
    } catch (IllegalArgumentException e) {
      host = null;
    }
    this.publicMediaHost = host == null || ink.octopost.shared.UrlPolicy.isInternalHost(host) ? origin : null;
  }

  /**
   * What may stop a network from taking the post without being a rule of the post: a network that
   * pulls media from a public link, while this server's links point at a loopback or private host.
   */
  List<Violation> warnings(NetworkCapabilities caps, PostContent content) {
    boolean anyMedia = content.parts().stream().anyMatch(PostContent::hasMedia);
    if (publicMediaHost == null || !anyMedia || !caps.media().pullsMedia()) {
      return List.of();
    }
    return List.of(new Violation("media_url_not_public", caps.platform().id() + " fetches media from a public link, and"
        + " this server's links start with " + publicMediaHost + ", which the network cannot reach: set OCTOPOST_PUBLIC_URL"
        + " to an address reachable from the internet (or serve media from a bucket with OCTOPOST_MEDIA_S3_PUBLIC_READS)",
        "media", null, null));
  }

  /** Refuses (422) media ids that are not in the post's workspace, or whose import failed. */
  void checkIds(Post post) {
    var ids = post.mediaIds();
    if (ids.isEmpty()) {
      return;
    }
    var found = byId(library.findAll(post.workspaceId(), ids));
    var v = new Violations();
    for (String id : ids) {
      var m = found.get(id);
      if (m == null) {
        v.add("media", "there is no media " + id + " in this workspace (upload or import it with POST /v1/media)");
      } else if ("failed".equals(m.status())) {
        v.add("media", "media " + id + " failed: " + m.error());
      }
    }
    v.throwIfAny();
  }

  /**
   * The post as it will publish: each URL not yet in the library is registered for a background
   * import (once per URL), and the post refers to it by id from now on.
   */
  Post importUrls(Post post) {
    Map<String, String> byUrl = new HashMap<>();
    return post.withMedia(m -> {
      if (m == null || m.isEmpty()) {
        return m;
      }
      var images = m.images().stream()
          .map(i -> i.mediaId() != null || i.url() == null ? i
              : i.withMediaId(byUrl.computeIfAbsent(i.url(), u -> library.registerImport(post.workspaceId(), u, i.altText()))))
          .toList();
      var video = m.video();
      if (video != null && video.mediaId() == null && video.url() != null) {
        video = video.withMediaId(byUrl.computeIfAbsent(video.url(), u -> library.registerImport(post.workspaceId(), u, null)));
      }
      return new Post.Media(images, video);
    });
  }

  /** Records which library media the post uses (inside the post's transaction). */
  void recordUse(Post post) {
    library.use(post.id(), post.mediaIds());
  }

  /** What stops this network from taking the post's library media: limits it cannot be fitted to. */
  List<Violation> violations(Post post, NetworkCapabilities caps, PostContent content) {
    var ids = new ArrayList<String>();
    var parts = content.parts();
    for (var part : parts) {
      part.images().stream().map(PostContent.Image::mediaId).filter(java.util.Objects::nonNull).forEach(ids::add);
      if (part.video() != null && part.video().mediaId() != null) {
        ids.add(part.video().mediaId());
      }
    }
    if (ids.isEmpty()) {
      return List.of();
    }
    var found = byId(library.findAll(post.workspaceId(), ids));
    var out = new ArrayList<Violation>();
    String network = caps.platform().id();
    MediaRules rules = caps.media();
    for (var part : parts) {
      for (var image : part.images()) {
        if (image.mediaId() == null) {
          continue;
        }
        var m = found.get(image.mediaId());
        if (missing(m, image.mediaId(), out)) {
          continue;
        }
        if (!m.ready()) {
          continue; // still importing: checked again when it is ready
        }
        imageViolations(m, image.fit(), rules, network, out);
      }
      if (part.video() != null && part.video().mediaId() != null) {
        var m = found.get(part.video().mediaId());
        if (!missing(m, part.video().mediaId(), out) && m.ready()) {
          videoViolations(m, rules, network, out);
        }
      }
    }
    return out;
  }

  private static boolean missing(MediaItem m, String id, List<Violation> out) {
    if (m == null) {
      out.add(new Violation("media_not_found", "There is no media " + id + " in this workspace", "media", null, null));
      return true;
    }
    if ("failed".equals(m.status())) {
      out.add(new Violation("media_failed", "Media " + id + " failed: " + m.error(), "media", null, null));
      return true;
    }
    return false;
  }

  private static void imageViolations(MediaItem m, String fit, MediaRules rules, String network, List<Violation> out) {
    if ("gif".equals(m.type()) && m.sizeBytes() != null && m.sizeBytes() > rules.maxImageBytes()
        && rules.imageTypes().contains("image/gif")) {
      out.add(new Violation("gif_too_large", "The GIF " + m.id() + " is " + m.sizeBytes() + " bytes; " + network
          + " takes GIFs up to " + rules.maxImageBytes() + " bytes, and animations are not recompressed", "media",
          i(rules.maxImageBytes()), i(m.sizeBytes())));
    }
    var limits = rules.images();
    if (fit == null && limits.aspectLimited() && m.width() != null && m.height() != null && m.height() > 0) {
      double ratio = (double) m.width() / m.height();
      boolean under = limits.minAspect() > 0 && ratio < limits.minAspect() - 0.005;
      boolean over = limits.maxAspect() > 0 && ratio > limits.maxAspect() + 0.005;
      if (under || over) {
        out.add(new Violation("image_aspect_ratio", String.format(Locale.ROOT,
            "Image %s is %dx%d (aspect ratio %.2f); %s takes %s. Set overrides.%s.fit to \"pad\" or \"crop\" to make it fit",
            m.id(), m.width(), m.height(), ratio, network, range(limits.minAspect(), limits.maxAspect()), network),
            "media", null, null));
      }
    }
  }

  private static void videoViolations(MediaItem m, MediaRules rules, String network, List<Violation> out) {
    if (m.sizeBytes() != null && m.sizeBytes() > rules.maxVideoBytes()) {
      out.add(new Violation("video_too_large", "Video " + m.id() + " is " + m.sizeBytes() + " bytes; " + network
          + " takes videos up to " + rules.maxVideoBytes() + " bytes (videos are not transcoded)", "media",
          i(rules.maxVideoBytes()), i(m.sizeBytes())));
    }
    var v = rules.videos();
    Double d = m.durationSeconds();
    if (d != null && v.maxSeconds() > 0 && d > v.maxSeconds() + 0.05) {
      out.add(new Violation("video_too_long", String.format(Locale.ROOT, "Video %s lasts %.1f s; %s takes at most %.0f s",
          m.id(), d, network, v.maxSeconds()), "media", i((long) v.maxSeconds()), i(Math.round(d))));
    }
    if (d != null && v.minSeconds() > 0 && d < v.minSeconds() - 0.05) {
      out.add(new Violation("video_too_short", String.format(Locale.ROOT, "Video %s lasts %.1f s; %s needs at least %.1f s",
          m.id(), d, network, v.minSeconds()), "media", i((long) Math.ceil(v.minSeconds())), i(Math.round(d))));
    }
    if (m.frameRate() != null && v.maxFrameRate() > 0 && m.frameRate() > v.maxFrameRate() + 0.01) {
      out.add(new Violation("video_frame_rate", String.format(Locale.ROOT, "Video %s runs at %.2f fps; %s takes at most %.0f fps",
          m.id(), m.frameRate(), network, v.maxFrameRate()), "media", i((long) v.maxFrameRate()), i(Math.round(m.frameRate()))));
    }
    if (m.videoCodec() != null && !v.codecs().isEmpty() && !v.codecs().contains(m.videoCodec())) {
      out.add(new Violation("video_codec", "Video " + m.id() + " is encoded as " + m.videoCodec() + "; " + network + " takes "
          + String.join(", ", v.codecs().stream().sorted().toList()) + " (re-encode it: Octopost does not transcode)",
          "media", null, null));
    }
    if (m.width() != null && m.height() != null && m.height() > 0 && (v.minAspect() > 0 || v.maxAspect() > 0)) {
      double ratio = (double) m.width() / m.height();
      if ((v.minAspect() > 0 && ratio < v.minAspect() - 0.01) || (v.maxAspect() > 0 && ratio > v.maxAspect() + 0.01)) {
        out.add(new Violation("video_aspect_ratio", String.format(Locale.ROOT, "Video %s is %dx%d (aspect ratio %.2f); %s takes %s",
            m.id(), m.width(), m.height(), ratio, network, range(v.minAspect(), v.maxAspect())), "media", null, null));
      }
    }
    if (m.width() != null && m.height() != null && ((v.maxWidth() > 0 && m.width() > v.maxWidth())
        || (v.maxHeight() > 0 && m.height() > v.maxHeight()))) {
      out.add(new Violation("video_resolution", "Video " + m.id() + " is " + m.width() + "x" + m.height() + "; " + network
          + " takes at most " + v.maxWidth() + "x" + v.maxHeight(), "media", null, null));
    }
  }

  private static String range(double min, double max) {
    if (min > 0 && max > 0) {
      return String.format(Locale.ROOT, "aspect ratios from %.2f to %.2f", min, max);
    }
    return min > 0 ? String.format(Locale.ROOT, "aspect ratios of at least %.2f", min)
        : String.format(Locale.ROOT, "aspect ratios up to %.2f", max);
  }

  /** A limit or figure for a violation; null when it does not fit the field (sizes of several GB). */
  private static Integer i(Long value) {
    return value == null || value > Integer.MAX_VALUE ? null : (int) (long) value;
  }

  private static Map<String, MediaItem> byId(List<MediaItem> items) {
    var map = new HashMap<String, MediaItem>();
    items.forEach(m -> map.put(m.id(), m));
    return map;
  }
}

package ink.octopost.networks.threads;

import ink.octopost.networks.MediaFile;
import ink.octopost.networks.MediaSource;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.Platform;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.Publication;
import ink.octopost.networks.TextCounting;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One post (or one reply of a thread) through Threads' containers (networks.md 5.2): create the
 * container (for a carousel, first one per item, then the carousel), look at its status, and
 * publish it once it is {@code FINISHED}. While Meta is still fetching or processing, the engine
 * is told to come back ({@link NetworkFailure.InProgress}) with the container ids and the start
 * time, and the next call continues from there; waiting past the timeout fails the post.
 */
final class ThreadsPublisher {

  static final String STARTED = "started";
  static final String ITEMS = "items";
  static final String CONTAINER = "container";

  /** Meta suggests about 30 s before publishing media, and polling once a minute (networks.md 5.2). */
  static final Duration POLL = Duration.ofSeconds(30);
  static final Duration VIDEO_POLL = Duration.ofMinutes(1);
  /** More unique links than this (text and attachment) fail at container creation (networks.md 5.3). */
  static final int MAX_LINKS = 5;
  /** A carousel's children: 2 to 20 (networks.md 5.3). */
  static final int MAX_CAROUSEL = 20;

  private final ThreadsApi api;
  private final MediaSource media;
  private final Clock clock;
  private final Duration timeout;

  ThreadsPublisher(ThreadsApi api, MediaSource media, Clock clock, Duration timeout) {
    this.api = api;
    this.media = media;
    this.clock = clock;
    this.timeout = timeout;
  }

  Publication.Published publish(Publication p, String token, String user) throws NetworkFailure {
    var content = p.content();
    var progress = new LinkedHashMap<>(p.progress());
    Map<String, String> fields = fields(p);
    Instant now = clock.instant();
    if (progress.get(STARTED) == null) {
      checkQuota(token, user, p.replyTo() != null, now);
      progress.put(STARTED, now.toString());
    }
    Instant started = instant(progress.get(STARTED), now);
    boolean video = content.video() != null;
    String container = progress.get(CONTAINER);
    if (container == null) {
      int count = content.images().size() + (video ? 1 : 0);
      if (count > MAX_CAROUSEL) {
        throw new NetworkFailure.Rejected("too_many_media", "A Threads carousel holds at most " + MAX_CAROUSEL
            + " images and videos; this post has " + count);
      }
      if (count > 1) {
        String items = progress.get(ITEMS);
        if (items == null) {
          items = String.join(",", createItems(token, user, content));
          progress.put(ITEMS, items);
        }
        for (String item : items.split(",")) {
          if (!finished(api.status(token, item), item)) {
            throw waiting(progress, started, video, "the carousel's items are still processing");
          }
        }
        fields.put("media_type", "CAROUSEL");
        fields.put("children", items);
      } else if (count == 1) {
        var image = video ? null : content.images().getFirst();
        MediaFile file = video ? media.video(content.video(), Platform.THREADS, ThreadsConnector.CAPABILITIES.media())
            : media.image(image, Platform.THREADS, ThreadsConnector.CAPABILITIES.media());
        fields.put("media_type", video ? "VIDEO" : "IMAGE");
        fields.put(video ? "video_url" : "image_url", file.publicUrl().toString());
        if (image != null && image.altText() != null && !image.altText().isBlank()) {
          fields.put("alt_text", image.altText());
        }
      }
      container = api.createContainer(token, user, fields);
      progress.put(CONTAINER, container);
    }
    if (!finished(api.status(token, container), container)) {
      throw waiting(progress, started, video, "Threads is still processing the post");
    }
    // Everything above creates nothing anyone can see and may be repeated; this creates the post.
    p.gate().open();
    String id = api.publish(token, user, container);
    return new Publication.Published(id, permalink(token, id), Map.of("id", id));
  }

  /** The container fields every kind of post shares: text, the link, the reply and who may reply. */
  private static Map<String, String> fields(Publication p) throws NetworkFailure {
    var content = p.content();
    var out = new LinkedHashMap<String, String>();
    out.put("media_type", "TEXT");
    String text = content.text() == null ? "" : content.text();
    if (!text.isBlank()) {
      out.put("text", text);
    }
    var links = new LinkedHashSet<String>();
    TextCounting.urls(text).forEach(s -> links.add(s.of(text)));
    // The explicit link goes on the thread's first post only; each text-only post otherwise
    // previews its first URL, as Threads itself would.
    String link = p.replyTo() == null ? content.textOption(ThreadsConnector.LINK) : null;
    if (link != null) {
      link = link.strip();
      if (!link.toLowerCase(Locale.ROOT).matches("https?://[^\\s/]+.*")) {
        throw new NetworkFailure.Rejected("invalid_link", "overrides.threads." + ThreadsConnector.LINK
            + " must be an http(s) URL");
      }
      if (content.hasMedia()) {
        throw new NetworkFailure.Rejected("link_with_media", "Threads attaches a link (overrides.threads."
            + ThreadsConnector.LINK + ") only to a post without images or video");
      }
      links.add(link);
    } else if (!content.hasMedia() && !links.isEmpty()) {
      link = links.getFirst();
    }
    if (links.size() > MAX_LINKS) {
      throw new NetworkFailure.Rejected("too_many_links", "Threads refuses a post with more than " + MAX_LINKS
          + " different links; this one has " + links.size());
    }
    if (link != null && !content.hasMedia()) {
      out.put("link_attachment", link);
    }
    if (p.replyTo() != null) {
      out.put("reply_to_id", p.replyTo().postId());
    }
    String replyControl = content.textOption(ThreadsConnector.REPLY_CONTROL);
    if (replyControl != null) {
      out.put("reply_control", replyControl);
    }
    return out;
  }

  private List<String> createItems(String token, String user, PostContent content) throws NetworkFailure {
    var rules = ThreadsConnector.CAPABILITIES.media();
    var ids = new ArrayList<String>();
    for (var image : content.images()) {
      var item = new LinkedHashMap<String, String>();
      item.put("media_type", "IMAGE");
      item.put("is_carousel_item", "true");
      item.put("image_url", media.image(image, Platform.THREADS, rules).publicUrl().toString());
      if (image.altText() != null && !image.altText().isBlank()) {
        item.put("alt_text", image.altText());
      }
      ids.add(api.createContainer(token, user, item));
    }
    if (content.video() != null) {
      var item = new LinkedHashMap<String, String>();
      item.put("media_type", "VIDEO");
      item.put("is_carousel_item", "true");
      item.put("video_url", media.video(content.video(), Platform.THREADS, rules).publicUrl().toString());
      ids.add(api.createContainer(token, user, item));
    }
    return ids;
  }

  /** True when the container may be published, false while it processes; its failure otherwise. */
  private static boolean finished(ThreadsApi.Status s, String container) throws NetworkFailure {
    return switch (s.status()) {
      case "FINISHED" -> true;
      case "ERROR" -> throw new NetworkFailure.Rejected("media_rejected", "Threads could not process the post's media ("
          + (s.errorMessage() == null || s.errorMessage().isBlank() ? "no reason given" : s.errorMessage()) + ")"
          + explain(s.errorMessage()) + "; container " + container);
      case "EXPIRED" -> throw new NetworkFailure.Rejected("container_expired",
          "Threads container " + container + " expired before it was published (containers last 24 hours)");
      case "PUBLISHED" -> throw new NetworkFailure.OutcomeUnknown("Threads container " + container
          + " was already published, but Octopost has no answer naming the post; check the profile");
      default -> false; // IN_PROGRESS, or a state this version does not know: look again
    };
  }

  private static String explain(String reason) {
    if (reason == null) {
      return "";
    }
    return switch (reason) {
      case "FAILED_DOWNLOADING_VIDEO", "FAILED_DOWNLOADING_IMAGE" ->
          ": Meta fetches media from Octopost's public links, so OCTOPOST_PUBLIC_URL must be reachable from the internet";
      case "FAILED_PROCESSING_VIDEO" -> ": Threads takes MP4 or MOV with H.264 or HEVC video and AAC audio";
      case "INVALID_ASPEC_RATIO", "INVALID_ASPECT_RATIO" -> ": the aspect ratio must be between 0.01:1 and 10:1";
      case "INVALID_DURATION" -> ": videos may last at most 5 minutes";
      default -> "";
    };
  }

  /** Come back later, or give up when the container has taken longer than the timeout. */
  private NetworkFailure waiting(Map<String, String> progress, Instant started, boolean video, String what) {
    Instant now = clock.instant();
    Instant deadline = started.plus(timeout);
    if (!now.isBefore(deadline)) {
      String ids = progress.getOrDefault(CONTAINER, progress.getOrDefault(ITEMS, "?"));
      return new NetworkFailure.Rejected("processing_timeout", "Threads was still processing the post after "
          + minutes(Duration.between(started, now)) + " (container " + ids + "); giving up after " + minutes(timeout));
    }
    Instant next = now.plus(video ? VIDEO_POLL : POLL);
    return new NetworkFailure.InProgress(what, next.isAfter(deadline) ? deadline : next, progress);
  }

  private void checkQuota(String token, String user, boolean reply, Instant now) throws NetworkFailure {
    ThreadsApi.Quota q;
    try {
      q = api.publishingLimit(token, user, reply);
    } catch (NetworkFailure.Rejected | NetworkFailure.Unavailable | NetworkFailure.OutcomeUnknown e) {
      return; // the limit could not be read: publishing itself will say if it is used up
    }
    if (q.total() > 0 && q.used() >= q.total()) {
      // The window rolls: a slot frees when the oldest post in it turns a day old, which the
      // endpoint does not say; look again in an hour (or sooner for a shorter window).
      Instant at = now.plus(Duration.ofSeconds(Math.min(3600, Math.max(60, q.windowSeconds()))));
      throw new NetworkFailure.RateLimited("Threads' publishing limit is used up: " + q.used() + " of " + q.total()
          + (reply ? " replies" : " posts") + " in " + Duration.ofSeconds(q.windowSeconds()).toHours() + " hours", at);
    }
  }

  /** The post's public URL; the post exists whatever happens here, so a failure only leaves it out. */
  private String permalink(String token, String id) {
    try {
      return api.permalink(token, id);
    } catch (NetworkFailure e) {
      return null;
    }
  }

  private static Instant instant(String s, Instant fallback) {
    try {
      return s == null ? fallback : Instant.parse(s);
    } catch (DateTimeParseException e) {
      return fallback;
    }
  }

  private static String minutes(Duration d) {
    long m = Math.max(1, Math.round(d.toSeconds() / 60.0));
    return m + (m == 1 ? " minute" : " minutes");
  }
}

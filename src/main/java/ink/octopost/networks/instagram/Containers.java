package ink.octopost.networks.instagram;

import ink.octopost.networks.MediaFile;
import ink.octopost.networks.MediaRules;
import ink.octopost.networks.MediaSource;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.Platform;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.Publication;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * One Instagram post through Meta's containers (networks.md 6.1): read the publishing limit, create
 * the containers (a carousel's items first, then the carousel once they are {@code FINISHED}),
 * look at their {@code status_code}, and while any is {@code IN_PROGRESS} hand the container ids
 * back to the engine ({@link NetworkFailure.InProgress}) to look again later, never waiting here.
 * Once all are {@code FINISHED}: open the gate, {@code media_publish}, read the permalink, post the
 * first comment. {@code ERROR} is rejected with Meta's status; {@code EXPIRED} (nothing published
 * yet) is created again once; containers still processing after the timeout are rejected.
 */
final class Containers {

  private static final Logger log = LoggerFactory.getLogger(Containers.class);

  static final String STARTED = "started";
  static final String CHILDREN = "children";
  static final String CONTAINER = "container";
  static final String RECREATED = "recreated";

  static final Duration IMAGE_CHECK = Duration.ofSeconds(5);
  static final Duration VIDEO_CHECK = Duration.ofSeconds(15);

  private final GraphApi api;
  private final MediaSource media;
  private final Clock clock;
  private final InstagramProperties props;
  private final Publication publication;
  private final PostContent content;
  private final PostType type;
  private final MediaRules rules;
  private final String user;
  private final Map<String, String> state;

  Containers(GraphApi api, MediaSource media, Clock clock, InstagramProperties props, Publication publication, PostType type,
      MediaRules rules) {
    this.api = api;
    this.media = media;
    this.clock = clock;
    this.props = props;
    this.publication = publication;
    this.content = publication.content();
    this.type = type;
    this.rules = rules;
    this.user = GraphApi.encode(publication.account().platformUserId());
    this.state = new HashMap<>(publication.progress());
  }

  Publication.Published publish() throws NetworkFailure {
    Instant now = clock.instant();
    if (!state.containsKey(STARTED)) {
      checkQuota(now);
      state.put(STARTED, now.toString());
      create();
    }
    String container = ready();
    publication.gate().open();
    String id = api.post("/" + user + "/media_publish", Map.of("creation_id", container)).path("id").asString(null);
    if (id == null || id.isBlank()) {
      throw new NetworkFailure.OutcomeUnknown("Instagram answered media_publish without a media id");
    }
    var refs = new LinkedHashMap<String, String>();
    refs.put("container", container);
    refs.put("type", type.id());
    comment(id, refs);
    return new Publication.Published(id, permalink(id), refs);
  }

  /** The publishing limit (networks.md 6.1): read before creating anything; a carousel counts once. */
  private void checkQuota(Instant now) throws NetworkFailure {
    JsonNode limit = api.get("/" + user + "/content_publishing_limit", Map.of("fields", "quota_usage,config"))
        .path("data").path(0);
    int used = limit.path("quota_usage").asInt(0);
    int total = limit.path("config").path("quota_total").asInt(0);
    long window = limit.path("config").path("quota_duration").asLong(86400);
    if (total > 0 && used >= total) {
      Instant retry = now.plusSeconds(window);
      throw new NetworkFailure.RateLimited("Instagram's publishing limit for this account is reached (" + used + " of " + total
          + " posts in " + (window % 3600 == 0 ? window / 3600 + " hours" : window + " seconds")
          + "); the post waits for the window to end and is tried again at " + retry, retry);
    }
  }

  /** Creates what this post needs first: its one container, or a carousel's items. */
  private void create() throws NetworkFailure {
    state.remove(CHILDREN);
    state.remove(CONTAINER);
    if (type == PostType.CAROUSEL) {
      var children = new ArrayList<String>();
      for (var image : content.images()) {
        children.add(image(image, Map.of("is_carousel_item", "true")));
      }
      if (content.video() != null) {
        children.add(video(Map.of("is_carousel_item", "true", "media_type", "VIDEO")));
      }
      state.put(CHILDREN, String.join(",", children));
      return;
    }
    var fields = new LinkedHashMap<String, String>();
    switch (type) {
      case FEED -> {
        caption(fields);
        state.put(CONTAINER, image(content.images().getFirst(), fields));
      }
      case REEL -> {
        caption(fields);
        fields.put("media_type", "REELS");
        if (content.options().get(InstagramConnector.SHARE_TO_FEED) instanceof Boolean share) {
          fields.put("share_to_feed", share.toString());
        }
        state.put(CONTAINER, video(fields));
      }
      case STORY -> {
        fields.put("media_type", "STORIES");
        state.put(CONTAINER, content.video() != null ? video(fields) : image(content.images().getFirst(), fields));
      }
      case CAROUSEL -> throw new IllegalStateException();
    }
  }

  private void caption(Map<String, String> fields) {
    if (content.text() != null && !content.text().isBlank()) {
      fields.put("caption", content.text());
    }
  }

  private String image(PostContent.Image image, Map<String, String> extra) throws NetworkFailure {
    MediaFile file = media.image(image, Platform.INSTAGRAM, rules);
    var fields = new LinkedHashMap<>(extra);
    fields.put("image_url", link(file));
    if (image.altText() != null && !image.altText().isBlank() && type != PostType.STORY) {
      fields.put("alt_text", image.altText());
    }
    return id(api.post("/" + user + "/media", fields));
  }

  private String video(Map<String, String> extra) throws NetworkFailure {
    MediaFile file = media.video(content.video(), Platform.INSTAGRAM, rules);
    var fields = new LinkedHashMap<>(extra);
    fields.put("video_url", link(file));
    return id(api.post("/" + user + "/media", fields));
  }

  /** The public link Instagram fetches the media from; a server that cannot make one cannot publish to Instagram. */
  private static String link(MediaFile file) throws NetworkFailure {
    try {
      return file.publicUrl().toString();
    } catch (IllegalStateException | UnsupportedOperationException e) {
      throw new NetworkFailure.Rejected("media_url_unavailable", "Instagram fetches media from a public link to it, and this"
          + " server cannot make one for " + file.fileName() + " (" + e.getMessage() + "); set OCTOPOST_PUBLIC_URL to an"
          + " address reachable from the internet");
    }
  }

  private static String id(JsonNode created) throws NetworkFailure {
    String id = created.path("id").asString(null);
    if (id == null || id.isBlank()) {
      throw new NetworkFailure.Unavailable("Instagram created a media container without answering its id");
    }
    return id;
  }

  /** The container to publish once every container is FINISHED; otherwise the engine looks again later. */
  private String ready() throws NetworkFailure {
    while (true) {
      boolean expired = false;
      if (state.containsKey(CHILDREN)) {
        for (String child : state.get(CHILDREN).split(",")) {
          Status s = status(child);
          if (s == Status.EXPIRED) {
            expired = true;
            break;
          }
          if (s == Status.IN_PROGRESS) {
            throw waiting();
          }
        }
      }
      if (!expired && !state.containsKey(CONTAINER) && type == PostType.CAROUSEL) {
        var fields = new LinkedHashMap<String, String>();
        fields.put("media_type", "CAROUSEL");
        fields.put("children", state.get(CHILDREN));
        caption(fields);
        state.put(CONTAINER, id(api.post("/" + user + "/media", fields)));
      }
      if (!expired) {
        Status s = status(state.get(CONTAINER));
        if (s == Status.FINISHED) {
          return state.get(CONTAINER);
        }
        if (s == Status.IN_PROGRESS) {
          throw waiting();
        }
      }
      // EXPIRED: nothing was published from it, so a new container is safe, once.
      if (state.containsKey(RECREATED)) {
        throw new NetworkFailure.Rejected("container_expired",
            "Instagram let this post's media container expire twice before it could be published");
      }
      state.put(RECREATED, "true");
      state.put(STARTED, clock.instant().toString());
      create();
    }
  }

  private enum Status { IN_PROGRESS, FINISHED, EXPIRED }

  private Status status(String container) throws NetworkFailure {
    JsonNode node = api.get("/" + GraphApi.encode(container), Map.of("fields", "status_code,status"));
    String code = node.path("status_code").asString("");
    return switch (code) {
      case "FINISHED" -> Status.FINISHED;
      case "IN_PROGRESS" -> Status.IN_PROGRESS;
      case "EXPIRED" -> Status.EXPIRED;
      case "PUBLISHED" -> throw new NetworkFailure.Rejected("already_published",
          "Instagram says this post's media container was already published; check the account before publishing again");
      case "ERROR" -> {
        String why = node.path("status").asString("");
        throw new NetworkFailure.Rejected("media_rejected", "Instagram could not process the media"
            + (why.isBlank() ? "" : ": " + why));
      }
      default -> throw new NetworkFailure.Unavailable("Instagram answered an unknown container status '" + cut(code) + "'");
    };
  }

  /** Still processing: look again later, or fail once waiting has gone on too long. */
  private NetworkFailure waiting() {
    boolean video = content.video() != null;
    Duration limit = video ? props.videoTimeout() : props.imageTimeout();
    Instant now = clock.instant();
    Instant started;
    try {
      started = Instant.parse(state.get(STARTED));
    } catch (DateTimeParseException | NullPointerException e) {
      started = now;
      state.put(STARTED, now.toString());
    }
    Duration waited = Duration.between(started, now);
    if (waited.compareTo(limit) > 0) {
      return new NetworkFailure.Rejected("container_timeout", "Instagram was still processing this post's "
          + (video ? "video" : "image") + " after " + waited.toMinutes() + " minutes (the limit is " + limit.toMinutes()
          + "); it was not published. Try again later or with a smaller file");
    }
    return new NetworkFailure.InProgress("Instagram is processing the media", now.plus(video ? VIDEO_CHECK : IMAGE_CHECK),
        Map.copyOf(state));
  }

  /** The post's public URL: not derivable from the id (networks.md 6.1); the profile when Meta does not say. */
  private String permalink(String id) {
    try {
      String link = api.get("/" + GraphApi.encode(id), Map.of("fields", "permalink")).path("permalink").asString(null);
      if (link != null && link.startsWith("http")) {
        return link;
      }
    } catch (NetworkFailure f) {
      log.info("Instagram published {} but did not give its permalink: {}", id, f.code());
    }
    return "https://www.instagram.com/" + publication.account().username() + "/";
  }

  /** The first comment: its failure never fails a published post; the reason is kept in the refs. */
  private void comment(String id, Map<String, String> refs) {
    String text = content.textOption(InstagramConnector.FIRST_COMMENT);
    if (text == null) {
      return;
    }
    try {
      String comment = api.post("/" + GraphApi.encode(id) + "/comments", Map.of("message", text)).path("id").asString(null);
      if (comment != null) {
        refs.put("first_comment_id", comment);
      }
    } catch (NetworkFailure f) {
      log.info("Instagram published {} but refused its first comment: {}", id, f.code());
      refs.put("first_comment_error", cut(f.getMessage()));
    }
  }

  private static String cut(String s) {
    return s == null ? "" : s.length() <= 300 ? s : s.substring(0, 300);
  }

  static List<String> split(String ids) {
    return ids == null || ids.isBlank() ? List.of() : List.of(ids.split(","));
  }
}

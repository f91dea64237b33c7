package ink.octopost.networks.tiktok;

import ink.octopost.networks.MediaFile;
import ink.octopost.networks.MediaSource;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.Platform;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.Publication;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One TikTok post through the Content Posting API's Direct Post (networks.md 8.2): read {@code
 * creator_info/query} and refuse what the creator cannot post, {@code video/init} (or {@code
 * content/init} for photos), upload the video's chunks, then follow {@code status/fetch} until
 * {@code PUBLISH_COMPLETE}. While TikTok processes, the engine is told to come back ({@link
 * NetworkFailure.InProgress}) with the publish id and the start time; no thread waits.
 */
final class TikTokPublisher {

  static final String STARTED = "started";
  static final String PUBLISH_ID = "publish_id";
  static final String KIND = "kind";
  /** creator_info's {@code creator_username}: user/info names it only with the user.info.profile scope. */
  static final String USERNAME = "username";

  /** Chunks of 10 MB: within TikTok's 5-64 MB, and the last (up to 20 MB) under its 128 MB (networks.md 8.2). */
  static final long CHUNK = 10_000_000L;
  static final long MIN_CHUNK = 5_000_000L;
  /** status/fetch allows 30 requests a minute per token; every 15 s stays far below. */
  static final Duration POLL = Duration.ofSeconds(15);
  static final int MAX_PHOTO_TITLE = 90;

  private final TikTokApi api;
  private final MediaSource media;
  private final Clock clock;
  private final TikTokProperties props;

  TikTokPublisher(TikTokApi api, MediaSource media, Clock clock, TikTokProperties props) {
    this.api = api;
    this.media = media;
    this.clock = clock;
    this.props = props;
  }

  /** How a file of {@code size} bytes is cut: chunk size and count, the last chunk taking the rest. */
  record Chunks(long chunkSize, int count) {
    static Chunks of(long size) {
      if (size < CHUNK) {
        return new Chunks(size, 1); // under 5 MB (or one chunk within 5-64 MB): the whole file at once
      }
      return new Chunks(CHUNK, (int) (size / CHUNK)); // floor(video_size / chunk_size)
    }
  }

  Publication.Published publish(Publication p, String token, String username) throws NetworkFailure {
    var progress = new LinkedHashMap<>(p.progress());
    Instant now = clock.instant();
    String publishId = progress.get(PUBLISH_ID);
    if (publishId == null) {
      var content = p.content();
      if (!content.hasMedia()) {
        throw new NetworkFailure.Rejected("media_required", "TikTok posts need a video or photos; text alone cannot be posted");
      }
      JsonNode creator = api.creatorInfo(token);
      boolean video = content.video() != null;
      publishId = video ? video(p, token, creator) : photos(p, token, creator);
      progress.put(PUBLISH_ID, publishId);
      progress.put(STARTED, now.toString());
      progress.put(KIND, video ? "video" : "photo");
      String creatorName = creator.path("creator_username").asString(null);
      if (creatorName != null && !creatorName.isBlank()) {
        progress.put(USERNAME, creatorName);
      }
    }
    return status(token, progress.getOrDefault(USERNAME, username), progress, publishId);
  }

  private String video(Publication p, String token, JsonNode creator) throws NetworkFailure {
    var content = p.content();
    MediaFile file = media.video(content.video(), Platform.TIKTOK, TikTokConnector.CAPABILITIES.media());
    int max = creator.path("max_video_post_duration_sec").asInt(0);
    if (max > 0 && file.durationSeconds() != null && file.durationSeconds() > max) {
      throw new NetworkFailure.Rejected("duration_too_long", "This TikTok account may post videos of at most " + max
          + " seconds; this one lasts " + Math.round(file.durationSeconds()) + " seconds");
    }
    var postInfo = postInfo(content, creator, true);
    postInfo.put("title", content.text() == null ? "" : content.text());
    var source = new LinkedHashMap<String, Object>();
    Chunks chunks = Chunks.of(file.size());
    if (props.pullFromUrl()) {
      // TikTok fetches the signed public link itself; its domain must be verified for the app.
      source.put("source", "PULL_FROM_URL");
      source.put("video_url", file.publicUrl().toString());
    } else {
      source.put("source", "FILE_UPLOAD");
      source.put("video_size", file.size());
      source.put("chunk_size", chunks.chunkSize());
      source.put("total_chunk_count", chunks.count());
    }
    // video/init creates the post on TikTok's side (a publish_id that becomes the post once its
    // bytes arrive, networks.md 8.2): everything before it (creator info, fetching the media) may
    // be repeated, so the gate opens here. The chunks follow: they belong to this post.
    p.gate().open();
    JsonNode data = api.init("/v2/post/publish/video/init/", token, Map.of("post_info", postInfo, "source_info", source));
    String publishId = data.path("publish_id").asString(null);
    if (publishId == null || publishId.isBlank()) {
      throw new NetworkFailure.OutcomeUnknown("TikTok answered video/init without a publish_id");
    }
    if (!props.pullFromUrl()) {
      upload(data.path("upload_url").asString(null), file, chunks);
    }
    return publishId;
  }

  /**
   * The chunks, in order, each streamed from the store. A chunk that fails leaves an upload TikTok
   * never completes, so no post appears: the engine's retry starts again with a new init.
   */
  private void upload(String url, MediaFile file, Chunks chunks) throws NetworkFailure {
    if (url == null || url.isBlank()) {
      throw new NetworkFailure.OutcomeUnknown("TikTok answered video/init without an upload_url");
    }
    long total = file.size();
    for (int i = 0; i < chunks.count(); i++) {
      long first = i * chunks.chunkSize();
      long last = i == chunks.count() - 1 ? total - 1 : first + chunks.chunkSize() - 1;
      long length = last - first + 1;
      var body = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
        try {
          return file.open(first, length);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }), length);
      api.putChunk(url, body, first, last, total, file.mimeType());
    }
  }

  private String photos(Publication p, String token, JsonNode creator) throws NetworkFailure {
    var content = p.content();
    List<String> urls = new ArrayList<>();
    for (PostContent.Image image : content.images()) {
      urls.add(media.image(image, Platform.TIKTOK, TikTokConnector.CAPABILITIES.media()).publicUrl().toString());
    }
    var postInfo = postInfo(content, creator, false);
    String text = content.text() == null ? "" : content.text();
    postInfo.put("title", text.length() > MAX_PHOTO_TITLE ? text.substring(0, MAX_PHOTO_TITLE) : text);
    postInfo.put("description", text);
    var source = new LinkedHashMap<String, Object>();
    source.put("source", "PULL_FROM_URL"); // photos are only pulled (networks.md 8.2)
    source.put("photo_cover_index", 0);
    source.put("photo_images", urls);
    var body = new LinkedHashMap<String, Object>();
    body.put("media_type", "PHOTO");
    body.put("post_mode", "DIRECT_POST");
    body.put("post_info", postInfo);
    body.put("source_info", source);
    p.gate().open(); // content/init creates the post
    String id = api.init("/v2/post/publish/content/init/", token, body).path("publish_id").asString(null);
    if (id == null || id.isBlank()) {
      throw new NetworkFailure.OutcomeUnknown("TikTok answered content/init without a publish_id");
    }
    return id;
  }

  /** post_info from the overrides, refused where creator_info says the creator cannot. */
  private static Map<String, Object> postInfo(PostContent content, JsonNode creator, boolean video) throws NetworkFailure {
    var options = new ArrayList<String>();
    creator.path("privacy_level_options").forEach(n -> options.add(n.asString()));
    String privacy = content.textOption(TikTokConnector.PRIVACY_LEVEL);
    if (privacy == null) {
      // TikTok's guidelines want the user to choose; without a choice the most private allowed level is used.
      privacy = options.contains("SELF_ONLY") || options.isEmpty() ? "SELF_ONLY" : options.getLast();
    }
    if (!options.isEmpty() && !options.contains(privacy)) {
      throw new NetworkFailure.Rejected("privacy_level_option_mismatch", "This TikTok account cannot post with privacy "
          + privacy + "; it allows " + String.join(", ", options) + " (overrides.tiktok.privacy_level)");
    }
    var out = new LinkedHashMap<String, Object>();
    out.put("privacy_level", privacy);
    out.put("disable_comment", flag(content, TikTokConnector.DISABLE_COMMENT) || creator.path("comment_disabled").asBoolean(false));
    if (video) {
      out.put("disable_duet", flag(content, TikTokConnector.DISABLE_DUET) || creator.path("duet_disabled").asBoolean(false));
      out.put("disable_stitch", flag(content, TikTokConnector.DISABLE_STITCH) || creator.path("stitch_disabled").asBoolean(false));
      out.put("is_aigc", flag(content, TikTokConnector.IS_AIGC));
    }
    boolean branded = flag(content, TikTokConnector.BRAND_CONTENT);
    if (branded && "SELF_ONLY".equals(privacy)) {
      throw new NetworkFailure.Rejected("branded_content_private", "TikTok does not allow branded content"
          + " (overrides.tiktok.brand_content_toggle) on a private (SELF_ONLY) post");
    }
    out.put("brand_content_toggle", branded);
    out.put("brand_organic_toggle", flag(content, TikTokConnector.BRAND_ORGANIC));
    return out;
  }

  private static boolean flag(PostContent content, String name) {
    return content.options() != null && Boolean.TRUE.equals(content.options().get(name));
  }

  private Publication.Published status(String token, String username, Map<String, String> progress, String publishId)
      throws NetworkFailure {
    JsonNode s = api.status(token, publishId);
    String status = s.path("status").asString("");
    switch (status) {
      case "PUBLISH_COMPLETE" -> {
        String postId = null;
        JsonNode ids = s.path("publicaly_available_post_id"); // [sic], an array (networks.md 8.2)
        if (ids.isArray() && !ids.isEmpty()) {
          postId = ids.get(0).asString();
        } else if (ids.isString() || ids.isNumber()) {
          postId = ids.asString();
        }
        if (postId == null || postId.isBlank()) {
          // Published, but the public id comes only after moderation: the publish id is kept.
          return new Publication.Published(publishId, null, Map.of(PUBLISH_ID, publishId));
        }
        String kind = "photo".equals(progress.get(KIND)) ? "photo" : "video";
        String url = username == null || username.isBlank() ? null
            : "https://www.tiktok.com/@" + username + "/" + kind + "/" + postId;
        return new Publication.Published(postId, url, Map.of(PUBLISH_ID, publishId));
      }
      case "FAILED" -> throw new NetworkFailure.Rejected("publish_failed", "TikTok could not publish the post: "
          + s.path("fail_reason").asString("no reason given") + " (publish_id " + publishId + ")");
      default -> throw waiting(progress, status);
    }
  }

  private NetworkFailure waiting(Map<String, String> progress, String status) {
    Instant now = clock.instant();
    Instant started = instant(progress.get(STARTED), now);
    Instant deadline = started.plus(props.publishTimeout());
    if (!now.isBefore(deadline)) {
      return new NetworkFailure.Rejected("processing_timeout", "TikTok was still processing the post (" + status
          + ") after " + props.publishTimeout().toMinutes() + " minutes (publish_id " + progress.get(PUBLISH_ID) + ")");
    }
    Instant next = now.plus(POLL);
    return new NetworkFailure.InProgress("TikTok is processing the post (" + status + ")",
        next.isAfter(deadline) ? deadline : next, progress);
  }

  private static Instant instant(String s, Instant fallback) {
    try {
      return s == null ? fallback : Instant.parse(s);
    } catch (DateTimeParseException e) {
      return fallback;
    }
  }
}

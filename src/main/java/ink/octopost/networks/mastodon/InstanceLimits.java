package ink.octopost.networks.mastodon;

import ink.octopost.networks.MediaRules;
import ink.octopost.networks.NetworkCapabilities;
import ink.octopost.networks.TextRules;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One instance's own limits, as {@code GET /api/v2/instance} (else {@code /api/v1/instance})
 * reports them under {@code configuration.statuses} and {@code configuration.media_attachments}, or
 * as Pleroma and Akkoma report them at the top of v1 ({@code max_toot_chars}, {@code upload_limit},
 * {@code description_limit}, {@code max_media_attachments}); pixel and frame-rate limits from
 * {@code image_matrix_limit}, {@code video_matrix_limit} and {@code video_frame_rate_limit}.
 * Whatever an instance does not say keeps Mastodon's default; numbers outside sane bounds are
 * ignored, since an instance is not trusted to be well-formed.
 */
record InstanceLimits(
    int maxCharacters,
    int urlCharacters,
    int maxAttachments,
    long imageBytes,
    long videoBytes,
    int descriptionLimit,
    Set<String> imageTypes,
    Set<String> videoTypes,
    long imagePixels,
    long videoPixels,
    int videoFrameRate) {

  static final InstanceLimits DEFAULTS = new InstanceLimits(500, StatusLength.URL_CHARS, 4, 16_777_216L, 103_809_024L,
      1500, Set.of("image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/heif", "image/avif"),
      Set.of("video/mp4", "video/webm", "video/quicktime", "video/ogg"),
      MastodonConnector.IMAGES.maxPixels(), MastodonConnector.VIDEOS.maxPixels(), (int) MastodonConnector.VIDEOS.maxFrameRate());

  /** The limits an instance document states, the defaults for what it does not. */
  static InstanceLimits fromInstance(JsonNode instance) {
    JsonNode config = instance.path("configuration");
    JsonNode statuses = config.path("statuses");
    JsonNode media = config.path("media_attachments");
    long upload = number(instance.path("upload_limit"), 1, 1L << 40, -1);
    var types = new LinkedHashSet<String>();
    media.path("supported_mime_types").forEach(t -> {
      if (t.isString()) {
        types.add(t.asString());
      }
    });
    var images = types.stream().filter(t -> t.startsWith("image/")).collect(java.util.stream.Collectors.toUnmodifiableSet());
    var videos = types.stream().filter(t -> t.startsWith("video/")).collect(java.util.stream.Collectors.toUnmodifiableSet());
    return new InstanceLimits(
        (int) first(statuses.path("max_characters"), instance.path("max_toot_chars"), 1, 1_000_000, DEFAULTS.maxCharacters),
        (int) number(statuses.path("characters_reserved_per_url"), 0, 10_000, DEFAULTS.urlCharacters),
        (int) first(statuses.path("max_media_attachments"), instance.path("max_media_attachments"), 0, 100,
            DEFAULTS.maxAttachments),
        number(media.path("image_size_limit"), 1, 1L << 40, upload > 0 ? upload : DEFAULTS.imageBytes),
        number(media.path("video_size_limit"), 1, 1L << 40, upload > 0 ? upload : DEFAULTS.videoBytes),
        (int) first(media.path("description_limit"), instance.path("description_limit"), 1, 1_000_000,
            DEFAULTS.descriptionLimit),
        images.isEmpty() ? DEFAULTS.imageTypes : images,
        videos.isEmpty() ? DEFAULTS.videoTypes : videos,
        number(media.path("image_matrix_limit"), 1, 1L << 40, DEFAULTS.imagePixels),
        number(media.path("video_matrix_limit"), 1, 1L << 40, DEFAULTS.videoPixels),
        (int) number(media.path("video_frame_rate_limit"), 1, 1000, DEFAULTS.videoFrameRate));
  }

  /** What is stored on the account: these limits in Octopost's own words. */
  JsonNode toJson(JsonMapper json) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("max_characters", maxCharacters);
    m.put("characters_reserved_per_url", urlCharacters);
    m.put("max_media_attachments", maxAttachments);
    m.put("image_size_limit", imageBytes);
    m.put("video_size_limit", videoBytes);
    m.put("description_limit", descriptionLimit);
    m.put("image_types", imageTypes.stream().sorted().toList());
    m.put("video_types", videoTypes.stream().sorted().toList());
    m.put("image_matrix_limit", imagePixels);
    m.put("video_matrix_limit", videoPixels);
    m.put("video_frame_rate_limit", videoFrameRate);
    return json.valueToTree(m);
  }

  /** Stored limits read back; null or unreadable values are the defaults. */
  static InstanceLimits fromStored(JsonNode stored) {
    if (stored == null || !stored.isObject()) {
      return DEFAULTS;
    }
    return new InstanceLimits(
        (int) number(stored.path("max_characters"), 1, 1_000_000, DEFAULTS.maxCharacters),
        (int) number(stored.path("characters_reserved_per_url"), 0, 10_000, DEFAULTS.urlCharacters),
        (int) number(stored.path("max_media_attachments"), 0, 100, DEFAULTS.maxAttachments),
        number(stored.path("image_size_limit"), 1, 1L << 40, DEFAULTS.imageBytes),
        number(stored.path("video_size_limit"), 1, 1L << 40, DEFAULTS.videoBytes),
        (int) number(stored.path("description_limit"), 1, 1_000_000, DEFAULTS.descriptionLimit),
        strings(stored.path("image_types"), DEFAULTS.imageTypes),
        strings(stored.path("video_types"), DEFAULTS.videoTypes),
        number(stored.path("image_matrix_limit"), 1, 1L << 40, DEFAULTS.imagePixels),
        number(stored.path("video_matrix_limit"), 1, 1L << 40, DEFAULTS.videoPixels),
        (int) number(stored.path("video_frame_rate_limit"), 1, 1000, DEFAULTS.videoFrameRate));
  }

  /** Mastodon's capabilities with these limits: the text counter counts URLs as this instance does. */
  NetworkCapabilities capabilities(NetworkCapabilities base) {
    int url = urlCharacters;
    TextRules text = TextRules.of(maxCharacters, "characters", t -> StatusLength.count(t, url));
    MediaRules m = base.media();
    var media = new MediaRules(maxAttachments, imageBytes, imageTypes, Math.min(1, maxAttachments), videoBytes,
        videoTypes, m.mixImagesAndVideo(), m.required(), descriptionLimit);
    var i = m.images();
    var v = m.videos();
    media = media.withImages(new MediaRules.ImageLimits(i.maxWidth(), i.maxHeight(), imagePixels, i.minAspect(), i.maxAspect(),
        i.maxGifBytes()))
        .withVideos(new MediaRules.VideoLimits(v.minSeconds(), v.maxSeconds(), videoFrameRate, v.codecs(), v.minAspect(),
            v.maxAspect(), v.maxWidth(), v.maxHeight(), videoPixels));
    return base.withLimits(text, text, media);
  }

  private static long first(JsonNode preferred, JsonNode legacy, long min, long max, long fallback) {
    return number(preferred, min, max, number(legacy, min, max, fallback));
  }

  private static long number(JsonNode n, long min, long max, long fallback) {
    if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
      return fallback;
    }
    long v = n.asLong();
    return v < min || v > max ? fallback : v;
  }

  private static Set<String> strings(JsonNode array, Set<String> fallback) {
    var out = new LinkedHashSet<String>();
    array.forEach(t -> {
      if (t.isString()) {
        out.add(t.asString());
      }
    });
    return out.isEmpty() ? fallback : Set.copyOf(out);
  }
}

package ink.octopost.networks.youtube;

import ink.octopost.networks.MediaFile;
import ink.octopost.networks.MediaRules;
import ink.octopost.networks.MediaSource;
import ink.octopost.networks.NetworkCapabilities;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.NetworksProperties;
import ink.octopost.networks.OAuthFlow;
import ink.octopost.networks.Platform;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.PostOption;
import ink.octopost.networks.Publication;
import ink.octopost.shared.OutboundHttp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import ink.octopost.networks.TextCounting;
import ink.octopost.networks.TextRules;
import ink.octopost.networks.ThreadStyle;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/** YouTube: one video with a 100-character title and a 5000-character description (networks.md 9.2, 9.3). */
@Component
class YouTubeConnector implements NetworkConnector {

  private static final Logger log = LoggerFactory.getLogger(YouTubeConnector.class);

  /** {@code overrides.youtube.*} options (networks.md 9.2). */
  static final String TITLE_OPTION = "title";
  static final String DESCRIPTION_OPTION = "description";
  static final String TAGS = "tags";
  static final String CATEGORY_ID = "category_id";
  static final String PRIVACY = "privacy_status";
  static final String PUBLISH_AT = "publish_at";
  static final String MADE_FOR_KIDS = "made_for_kids";
  static final String NOTIFY = "notify_subscribers";
  static final String PLAYLIST_ID = "playlist_id";
  static final String THUMBNAIL = "thumbnail_media_id";

  /** A custom thumbnail (networks.md 9.2, thumbnails.set): JPEG or PNG, 2 MB on the stricter of Google's pages. */
  static final MediaRules THUMBNAIL_RULES = new MediaRules(1, 2_000_000L, Set.of("image/jpeg", "image/png"), 0, 0L, Set.of(),
      false, MediaRules.Required.NOTHING, 0);

  /** Shorts: vertical or square and at most 3 minutes (networks.md 9.2, third-party). */
  static final double SHORT_SECONDS = 180;


  /** The description: 5000 characters, and 5000 bytes as the Data API states it. */
  static final TextRules DESCRIPTION =
      TextRules.of(5000, "characters", TextCounting::utf16Units).withMaxBytes(5000);

  static final TextRules TITLE = TextRules.of(100, "characters", TextCounting::utf16Units);

  static final MediaRules.ImageLimits IMAGES = MediaRules.ImageLimits.NONE;

  /** networks.md 9.3 (third-party, unconfirmed): 12 h for verified channels (15 min otherwise: YouTube says so). */
  static final MediaRules.VideoLimits VIDEOS = new MediaRules.VideoLimits(0, 12 * 3600, 0, Set.of(), 0, 0, 0, 0);

  static final NetworkCapabilities CAPABILITIES = new NetworkCapabilities(
      Platform.YOUTUBE,
      /* text */ DESCRIPTION,
      /* caption */ DESCRIPTION,
      /* title */ TITLE,
      new MediaRules(
          /* maxImages */ 0,
          /* maxImageBytes */ 0L,
          Set.of(),
          /* maxVideos */ 1,
          /* maxVideoBytes */ 256_000_000_000L,
          Set.of("video/mp4", "video/quicktime", "video/webm", "video/x-msvideo", "video/x-matroska",
              "video/mpeg", "video/3gpp", "video/x-flv", "video/x-ms-wmv", "application/octet-stream"),
          /* mixImagesAndVideo */ false,
          MediaRules.Required.VIDEO,
          /* maxAltText */ 0)
          .withImages(IMAGES)
          .withVideos(VIDEOS),
      ThreadStyle.NONE,
      /* idempotentPublish */ false,
      /* asyncMediaProcessing */ true,
      /* canDelete */ true,
      List.of(PostOption.text(TITLE_OPTION, 100, false), PostOption.text(DESCRIPTION_OPTION, 5000, false),
          PostOption.text(TAGS, 500, false), PostOption.text(CATEGORY_ID, 8, false),
          PostOption.choice(PRIVACY, "public", "unlisted", "private"), PostOption.text(PUBLISH_AT, 40, false),
          PostOption.flag(MADE_FOR_KIDS), PostOption.flag(NOTIFY), PostOption.text(PLAYLIST_ID, 64, false),
          PostOption.text(THUMBNAIL, 64, false)));

  @Override
  public Platform platform() {
    return Platform.YOUTUBE;
  }

  @Override
  public NetworkCapabilities capabilities() {
    return CAPABILITIES;
  }

  private final GoogleApi api;
  private final YouTubeUpload uploads;
  private final YouTubeQuota quota;
  private final YouTubeProperties youtube;
  private final MediaSource media;
  private final NetworksProperties props;
  private final Clock clock;

  @Autowired
  YouTubeConnector(OutboundHttp http, JsonMapper json, Clock clock, MediaSource media, NetworksProperties props,
      ObjectProvider<YouTubeProperties> youtube, YouTubeQuota quota) {
    this(http, json, clock, media, props, youtube.getIfAvailable(() -> YouTubeProperties.DEFAULTS), quota);
  }

  YouTubeConnector(OutboundHttp http, JsonMapper json, Clock clock, MediaSource media, NetworksProperties props,
      YouTubeProperties youtube) {
    this(http, json, clock, media, props, youtube, null);
  }

  YouTubeConnector(OutboundHttp http, JsonMapper json, Clock clock, MediaSource media, NetworksProperties props,
      YouTubeProperties youtube, YouTubeQuota quota) {
    this.youtube = youtube == null ? YouTubeProperties.DEFAULTS : youtube;
    this.api = new GoogleApi(http, json, clock, props);
    this.uploads = new YouTubeUpload(api, clock, this.youtube.chunkBytes());
    this.quota = quota != null ? quota : new YouTubeQuota(clock, this.youtube.dailyQuota());
    this.media = media;
    this.props = props;
    this.clock = clock;
  }

  @Override
  public Publication.Published publish(Publication p) throws NetworkFailure {
    String token = token(p.account());
    var content = p.content();
    if (content.video() == null) {
      throw new NetworkFailure.Rejected("video_required", "A YouTube post is a video: add one");
    }
    var file = media.video(content.video(), Platform.YOUTUBE, CAPABILITIES.media());
    String session = p.progress().get(YouTubeUpload.SESSION);
    // Resume only a session on Google's (the configured) host for this very file; else start afresh.
    boolean resuming = session != null && session.startsWith(api.api + "/")
        && String.valueOf(file.size()).equals(p.progress().get(YouTubeUpload.SIZE));
    if (!resuming) {
      Boolean notify = (Boolean) content.options().get(NOTIFY);
      session = uploads.start(token, file, metadata(content), notify == null || notify);
      quota.spend(project(), youtube.insertCost(), "videos.insert");
    }
    JsonNode video = uploads.send(session, token, file, resuming, p.gate());
    String id = video.path("id").asString(null);
    if (id == null || id.isBlank()) {
      throw new NetworkFailure.OutcomeUnknown("YouTube finished the upload without a video id");
    }
    var refs = new LinkedHashMap<String, String>();
    refs.put("id", id);
    refs.put("channel_id", p.account().platformUserId() == null ? "" : p.account().platformUserId());
    String playlist = content.textOption(PLAYLIST_ID);
    if (playlist != null && !playlist.isBlank()) {
      addToPlaylist(token, id, playlist.strip(), refs);
    }
    thumbnail(token, id, content, refs);
    return new Publication.Published(id, url(id, file), refs);
  }

  /**
   * Sets the custom thumbnail ({@code overrides.youtube.thumbnail_media_id}, else the video's
   * {@code thumbnail_url}); a refusal (an unverified channel) never fails the published video.
   */
  private void thumbnail(String token, String videoId, PostContent content, Map<String, String> refs) {
    String mediaId = content.textOption(THUMBNAIL);
    if ((mediaId == null || mediaId.isBlank()) && content.video().thumbnailUrl() == null) {
      return;
    }
    try {
      MediaFile image = mediaId != null && !mediaId.isBlank()
          ? media.image(new PostContent.Image(null, null, mediaId.strip()), Platform.YOUTUBE, THUMBNAIL_RULES)
          : media.thumbnail(content.video(), Platform.YOUTUBE, THUMBNAIL_RULES);
      var req = OutboundHttp.request(java.net.URI.create(api.api + "/upload/youtube/v3/thumbnails/set?videoId="
              + java.net.URLEncoder.encode(videoId, java.nio.charset.StandardCharsets.UTF_8)))
          .header("Authorization", "Bearer " + token)
          .header("Content-Type", image.mimeType())
          .POST(image.bodyPublisher()).build();
      api.ok(api.send(req));
      quota.spend(project(), YouTubeQuota.THUMBNAIL, "thumbnails.set");
      refs.put("thumbnail", "set");
    } catch (NetworkFailure | RuntimeException e) {
      log.info("YouTube video {} is published, but its thumbnail was refused: {}", videoId, e.getMessage());
      refs.put("thumbnail_error", String.valueOf(e.getMessage()));
    }
  }

  /** Adds the video to a playlist; a refusal never fails the post, it is kept in the refs. */
  private void addToPlaylist(String token, String videoId, String playlist, Map<String, String> refs) {
    var body = Map.of("snippet", Map.of("playlistId", playlist, "resourceId", Map.of("kind", "youtube#video", "videoId", videoId)));
    try {
      JsonNode item = api.post("playlistItems", token, Map.of("part", "snippet"), body);
      quota.spend(project(), YouTubeQuota.PLAYLIST_INSERT, "playlistItems.insert");
      refs.put("playlist_item_id", item.path("id").asString(""));
    } catch (NetworkFailure e) {
      log.info("YouTube video {} is published, but adding it to playlist {} was refused: {}", videoId, playlist, e.getMessage());
      refs.put("playlist_error", e.getMessage());
    }
  }

  /** The video resource of {@code videos.insert}: snippet and status from the post and its options. */
  Map<String, Object> metadata(PostContent content) throws NetworkFailure {
    var snippet = new LinkedHashMap<String, Object>();
    String title = content.textOption(TITLE_OPTION);
    if (title == null || title.isBlank()) {
      title = content.video().title();
    }
    if (title == null || title.isBlank()) {
      title = firstLine(content.text());
    }
    snippet.put("title", title.strip());
    String description = content.textOption(DESCRIPTION_OPTION);
    snippet.put("description", description != null ? description : content.text() == null ? "" : content.text());
    for (String field : new String[] {(String) snippet.get("title"), (String) snippet.get("description")}) {
      if (field.indexOf('<') >= 0 || field.indexOf('>') >= 0) {
        throw new NetworkFailure.Rejected("invalid_text", "YouTube titles and descriptions may not contain < or >");
      }
    }
    String tags = content.textOption(TAGS);
    if (tags != null && !tags.isBlank()) {
      var list = new ArrayList<String>();
      for (String t : tags.split(",")) {
        if (!t.isBlank()) {
          list.add(t.strip());
        }
      }
      snippet.put("tags", list);
    }
    String category = content.textOption(CATEGORY_ID);
    if (category != null && !category.isBlank()) {
      if (!category.strip().matches("\\d+")) {
        throw new NetworkFailure.Rejected("invalid_category_id", "overrides.youtube.category_id must be a YouTube category number");
      }
      snippet.put("categoryId", category.strip());
    }
    var status = new LinkedHashMap<String, Object>();
    String privacy = content.textOption(PRIVACY);
    String publishAt = content.textOption(PUBLISH_AT);
    if (publishAt != null && !publishAt.isBlank()) {
      Instant at;
      try {
        at = OffsetDateTime.parse(publishAt.strip()).toInstant();
      } catch (java.time.format.DateTimeParseException e) {
        throw new NetworkFailure.Rejected("invalid_publish_at", "overrides.youtube.publish_at must be an ISO 8601 time with an offset");
      }
      if (privacy != null && !"private".equals(privacy)) {
        throw new NetworkFailure.Rejected("invalid_publish_at",
            "YouTube schedules a video (overrides.youtube.publish_at) only while it is private: drop privacy_status or set it to private");
      }
      privacy = "private";
      status.put("publishAt", at.toString());
    }
    status.put("privacyStatus", privacy == null ? "public" : privacy);
    Object kids = content.options().get(MADE_FOR_KIDS);
    status.put("selfDeclaredMadeForKids", Boolean.TRUE.equals(kids));
    var resource = new LinkedHashMap<String, Object>();
    resource.put("snippet", snippet);
    resource.put("status", status);
    return resource;
  }

  private static String firstLine(String text) {
    if (text == null || text.isBlank()) {
      return "Untitled";
    }
    String line = text.strip().lines().findFirst().orElse("Untitled").strip();
    if (line.length() > 100) {
      int cut = Character.isHighSurrogate(line.charAt(99)) ? 99 : 100;
      line = line.substring(0, cut);
    }
    return line;
  }

  /** A Short's URL when the file is vertical or square and at most 3 minutes, else the watch page. */
  static String url(String id, MediaFile file) {
    boolean isShort = file.width() != null && file.height() != null && file.width() <= file.height()
        && file.durationSeconds() != null && file.durationSeconds() <= SHORT_SECONDS;
    return isShort ? "https://www.youtube.com/shorts/" + id : "https://www.youtube.com/watch?v=" + id;
  }

  @Override
  public void delete(Publication.AccountContext account, String postId) throws NetworkFailure {
    try {
      api.delete("videos", token(account), Map.of("id", postId));
    } catch (NetworkFailure.Rejected e) {
      if (!"not_found".equals(e.code()) && !"videoNotFound".equals(e.code())) {
        throw e; // a video that no longer exists is deleted already
      }
    } finally {
      quota.spend(project(), YouTubeQuota.DELETE, "videos.delete");
    }
  }

  /**
   * A new access token from the refresh token (networks.md 9.1). Google normally keeps the refresh
   * token, and then the stored one is kept; when it sends a new one, that one replaces it.
   */
  @Override
  public Optional<RefreshedCredentials> refresh(Publication.AccountContext account) throws NetworkFailure {
    String refresh = account.credentials() == null ? null : account.credentials().get("refresh_token");
    if (refresh == null || refresh.isBlank()) {
      return Optional.empty();
    }
    var client = client(props);
    JsonNode answer = api.tokenGrant(Map.of("grant_type", "refresh_token", "refresh_token", refresh,
        "client_id", client.clientId(), "client_secret", client.clientSecret()), "the refresh token");
    String access = answer.path("access_token").asString(null);
    if (access == null || access.isBlank()) {
      throw new NetworkFailure.Unavailable("Google refreshed without an access token");
    }
    String rotated = answer.path("refresh_token").asString(null);
    var credentials = new LinkedHashMap<String, String>();
    credentials.put("access_token", access);
    credentials.put("refresh_token", rotated == null || rotated.isBlank() ? refresh : rotated);
    return Optional.of(new RefreshedCredentials(Map.copyOf(credentials), clock.instant().plusSeconds(answer.path("expires_in").asLong(3600))));
  }

  /** Units spent today by this server's Google API project (in memory). */
  long quotaUsedToday() {
    return quota.used(project());
  }

  private String project() {
    String id = props.clientId(Platform.YOUTUBE);
    return id == null ? "" : id;
  }

  private static String token(Publication.AccountContext account) throws NetworkFailure {
    String token = account.credentials() == null ? null : account.credentials().get("access_token");
    if (token == null || token.isBlank()) {
      throw new NetworkFailure.AccessRevoked("No Google access token is stored for this channel: reconnect it");
    }
    return token;
  }

  /** The configured Google OAuth client (docs/network-youtube.md). */
  static OAuthFlow.Client client(NetworksProperties props) throws NetworkFailure {
    String id = props.clientId(Platform.YOUTUBE);
    String secret = props.clientSecret(Platform.YOUTUBE);
    if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
      throw new NetworkFailure.Rejected("not_configured", "YouTube is not configured on this server: set "
          + "OCTOPOST_NETWORKS_YOUTUBE_CLIENT_ID and OCTOPOST_NETWORKS_YOUTUBE_CLIENT_SECRET (a Google OAuth client)");
    }
    return new OAuthFlow.Client(id.strip(), secret.strip());
  }
}

package ink.octopost.networks.facebook;

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
import ink.octopost.networks.TextCounting;
import ink.octopost.networks.TextRules;
import ink.octopost.networks.ThreadStyle;
import ink.octopost.shared.OutboundHttp;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Facebook Pages: 63,206 characters, photos or one video, no threads (networks.md 7.2, 7.3). Text and
 * links go to {@code POST /{page-id}/feed}; photos are pulled by Meta from their signed public URL as
 * unpublished photos, then attached to one feed post ({@code attached_media}); a video is uploaded in
 * resumable phases ({@link FacebookVideo}). A first comment follows the post as the Page.
 */
@Component
class FacebookConnector implements NetworkConnector {

  private static final Logger log = LoggerFactory.getLogger(FacebookConnector.class);

  static final TextRules TEXT = TextRules.of(63_206, "characters", TextCounting::utf16Units);

  /** networks.md 7.3 gives only the 4 MB photo size (unconfirmed); no pixel, aspect or video limits. */
  static final MediaRules.ImageLimits IMAGES = MediaRules.ImageLimits.NONE;

  static final MediaRules.VideoLimits VIDEOS = MediaRules.VideoLimits.NONE;

  /** {@code overrides.facebook.link}: the link the post shares (Meta draws its preview). */
  static final String LINK = "link";
  /** {@code overrides.facebook.first_comment}: a comment the Page adds under its post. */
  static final String FIRST_COMMENT = "first_comment";

  static final NetworkCapabilities CAPABILITIES = new NetworkCapabilities(
      Platform.FACEBOOK,
      /* text */ TEXT,
      /* caption */ TEXT,
      /* title */ null,
      new MediaRules(
          /* maxImages */ 10,
          /* maxImageBytes */ 4_000_000L,
          Set.of("image/jpeg", "image/png"),
          /* maxVideos */ 1,
          /* maxVideoBytes */ 10_000_000_000L,
          Set.of("video/mp4", "video/quicktime"),
          /* mixImagesAndVideo */ false,
          MediaRules.Required.NOTHING,
          /* maxAltText */ 0)
          .withImages(IMAGES)
          .withVideos(VIDEOS)
          .pullingMedia(),
      ThreadStyle.NONE,
      /* idempotentPublish */ false,
      /* asyncMediaProcessing */ false, // as before: the connector itself watches a video's processing (InProgress)
      /* canDelete */ true,
      List.of(PostOption.text(LINK, 2048, false), PostOption.text(FIRST_COMMENT, 8000, false)));

  private final GraphApi api;
  private final FacebookVideo videos;
  private final MediaSource media;

  @Autowired
  FacebookConnector(OutboundHttp http, JsonMapper json, Clock clock, MediaSource media, NetworksProperties props,
      ObjectProvider<FacebookProperties> facebook) {
    this(http, json, clock, media, props, facebook.getIfAvailable(() -> FacebookProperties.DEFAULTS));
  }

  FacebookConnector(OutboundHttp http, JsonMapper json, Clock clock, MediaSource media, NetworksProperties props,
      FacebookProperties facebook) {
    this.api = new GraphApi(http, json, clock, props, facebook == null ? FacebookProperties.DEFAULTS : facebook);
    this.videos = new FacebookVideo(api, clock);
    this.media = media;
  }

  @Override
  public Platform platform() {
    return Platform.FACEBOOK;
  }

  @Override
  public NetworkCapabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public Publication.Published publish(Publication p) throws NetworkFailure {
    String token = token(p.account());
    String pageId = pageId(p.account());
    var content = p.content();
    String comment = content.textOption(FIRST_COMMENT);
    if (p.progress().containsKey(FacebookVideo.VIDEO_ID)) { // the video post exists: only its processing is left
      var done = videos.check(p.progress().get(FacebookVideo.VIDEO_ID), token, p.progress());
      return withComment(done, token, comment);
    }
    String link = link(content);
    Publication.Published published;
    if (content.video() != null) {
      var file = media.video(content.video(), Platform.FACEBOOK, CAPABILITIES.media());
      String videoId = videos.upload(pageId, token, file, content.text(), content.video().title(), p.gate());
      // While Meta processes the video this throws InProgress; the first comment follows once it is out.
      published = videos.check(videoId, token, Map.of());
    } else {
      var fields = new LinkedHashMap<String, String>();
      if (content.text() != null && !content.text().isBlank()) {
        fields.put("message", content.text());
      }
      if (link != null) {
        fields.put("link", link);
      }
      int i = 0;
      for (String photo : photos(pageId, token, content.images())) {
        fields.put("attached_media[" + i++ + "]", "{\"media_fbid\":\"" + photo + "\"}");
      }
      if (fields.isEmpty()) {
        throw new NetworkFailure.Rejected("empty_post", "A Facebook post needs text, a link or media");
      }
      fields.put("fields", "id,permalink_url");
      // The photos above are unpublished and seen by no one; this request creates the post.
      p.gate().open();
      JsonNode answer = api.post(pageId + "/feed", token, fields);
      String id = answer.path("id").asString(null);
      if (id == null || id.isBlank()) {
        throw new NetworkFailure.OutcomeUnknown("Facebook answered without a post id");
      }
      published = new Publication.Published(id, permalink(answer.path("permalink_url").asString(null), id), Map.of("id", id));
    }
    return withComment(published, token, comment);
  }

  /**
   * Each photo pulled by Meta from its signed public URL as an unpublished photo of the Page (networks.md
   * 7.2): Meta fetches it before the post exists, so a photo it cannot fetch fails the post before anything
   * is published, and one post carries one to ten photos the same way. Where this server has no signed
   * links (none configured), the photo's bytes are streamed instead as the multipart {@code source}.
   */
  private List<String> photos(String pageId, String token, List<PostContent.Image> images) throws NetworkFailure {
    var ids = new ArrayList<String>();
    for (var image : images) {
      var file = media.image(image, Platform.FACEBOOK, CAPABILITIES.media());
      URI url = publicUrl(file);
      var answer = url != null
          ? api.upload(pageId + "/photos", token, Map.of("url", url.toString(), "published", "false"))
          : api.uploadFile(pageId + "/photos", token, Map.of("published", "false"), "source", file.fileName(), file.mimeType(),
              file.bodyPublisher());
      String id = answer.path("id").asString(null);
      if (id == null || id.isBlank()) {
        throw new NetworkFailure.Unavailable("Facebook took a photo without naming it");
      }
      ids.add(id);
    }
    return ids;
  }

  /** The file's signed public link, or null when this server gives none (no signing configured). */
  private static URI publicUrl(MediaFile file) {
    try {
      return file.publicUrl();
    } catch (UnsupportedOperationException | IllegalStateException none) {
      return null;
    }
  }

  /**
   * Adds the first comment under a post that exists. Its failure never fails the post: it is kept in the
   * result's refs ({@code first_comment_error}) and logged without the token.
   */
  private Publication.Published withComment(Publication.Published post, String token, String comment) {
    if (comment == null) {
      return post;
    }
    var refs = new LinkedHashMap<>(post.refs());
    try {
      var answer = api.post(post.postId() + "/comments", token, Map.of("message", comment));
      refs.put("first_comment_id", answer.path("id").asString(""));
    } catch (NetworkFailure e) {
      log.info("Facebook post {} is published, but its first comment was refused: {}", post.postId(), e.getMessage());
      refs.put("first_comment_error", e.getMessage());
    }
    return new Publication.Published(post.postId(), post.postUrl(), refs);
  }

  @Override
  public void delete(Publication.AccountContext account, String postId) throws NetworkFailure {
    String token = token(account);
    try {
      api.delete(postId, token);
    } catch (NetworkFailure.Rejected e) {
      if (!"not_found".equals(e.code())) { // the post does not exist (any more): already deleted
        throw e;
      }
    }
  }

  /** A link post's link: only for a post without media (Meta draws its own preview), and only http(s). */
  private static String link(PostContent content) throws NetworkFailure {
    String link = content.textOption(LINK);
    if (link == null) {
      return null;
    }
    link = link.strip();
    if (ink.octopost.shared.UrlPolicy.problem(link, true) != null) { // the form only: the network fetches it, not us
      throw new NetworkFailure.Rejected("invalid_link", "overrides.facebook.link must be an http(s) URL");
    }
    if (content.hasMedia()) {
      throw new NetworkFailure.Rejected("link_with_media",
          "overrides.facebook.link makes a link post, which carries no photos or video: remove the link or the media");
    }
    return link;
  }

  /** Meta's permalink (absolute, or a path on www.facebook.com), else {@code https://www.facebook.com/<id>}. */
  static String permalink(String given, String id) {
    if (given != null && given.startsWith("https://")) {
      return given;
    }
    if (given != null && given.startsWith("/")) {
      return "https://www.facebook.com" + given;
    }
    return "https://www.facebook.com/" + id;
  }

  private static String token(Publication.AccountContext account) throws NetworkFailure {
    String token = account.credentials() == null ? null : account.credentials().get("access_token");
    if (token == null || token.isBlank()) {
      throw new NetworkFailure.AccessRevoked("No Page access token is stored for this account: reconnect it");
    }
    return token;
  }

  private static String pageId(Publication.AccountContext account) throws NetworkFailure {
    String id = account.platformUserId();
    if (id == null || !id.matches("\\d+")) {
      throw new NetworkFailure.AccessRevoked("This account has no Facebook Page id: reconnect it");
    }
    return id;
  }

  /** The configured Facebook app; Meta apps are created by hand (docs/network-facebook.md). */
  static OAuthFlow.Client client(NetworksProperties props) throws NetworkFailure {
    String id = props.clientId(Platform.FACEBOOK);
    String secret = props.clientSecret(Platform.FACEBOOK);
    if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
      throw new NetworkFailure.Rejected("not_configured", "Facebook is not configured on this server: set "
          + "OCTOPOST_NETWORKS_FACEBOOK_CLIENT_ID and OCTOPOST_NETWORKS_FACEBOOK_CLIENT_SECRET (the Meta app's id and secret)");
    }
    return new OAuthFlow.Client(id.strip(), secret.strip());
  }
}

package ink.octopost.networks.twitter;

import com.twitter.twittertext.TwitterTextParser;
import ink.octopost.networks.MediaRules;
import ink.octopost.networks.MediaSource;
import ink.octopost.networks.NetworkCapabilities;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.NetworksProperties;
import ink.octopost.networks.OAuthFlow;
import ink.octopost.networks.Platform;
import ink.octopost.networks.Publication;
import ink.octopost.networks.TextRules;
import ink.octopost.networks.ThreadStyle;
import ink.octopost.shared.OutboundHttp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** X: 280 weighted characters, 4 images or 1 video, reply-chain threads (networks.md 1.4, 1.5). */
@Component
class TwitterConnector implements NetworkConnector {

  static final TextRules TEXT = TextRules.of(280, "weighted characters", TwitterConnector::weightedLength);

  /**
   * networks.md 1.5: images any size in pixels (downscaled only to meet 5 MB), an animated GIF up
   * to 15 MB (and 1280x1080, 350 frames: not expressible here, X says so on upload).
   */
  static final MediaRules.ImageLimits IMAGES = new MediaRules.ImageLimits(0, 0, 0, 0, 0, 15_000_000L);

  /** networks.md 1.5: 0.5-140 s, at most 60 fps, H.264, 1:3 to 3:1, at most 1280x1024 (and at least 32x32). */
  static final MediaRules.VideoLimits VIDEOS =
      new MediaRules.VideoLimits(0.5, 140, 60, Set.of("h264"), 1.0 / 3, 3, 1280, 1024);

  static final NetworkCapabilities CAPABILITIES = new NetworkCapabilities(
      Platform.TWITTER,
      /* text */ TEXT,
      /* caption */ TEXT,
      /* title */ null,
      new MediaRules(
          /* maxImages */ 4,
          /* maxImageBytes */ 5_000_000L,
          Set.of("image/jpeg", "image/png", "image/gif", "image/webp"),
          /* maxVideos */ 1,
          /* maxVideoBytes */ 512_000_000L,
          Set.of("video/mp4"),
          /* mixImagesAndVideo */ false,
          MediaRules.Required.NOTHING,
          /* maxAltText */ 1000)
          .withImages(IMAGES)
          .withVideos(VIDEOS),
      ThreadStyle.REPLY_CHAIN,
      /* idempotentPublish */ false,
      /* asyncMediaProcessing */ true,
      /* canDelete */ true);

  private final XApi api;
  private final XMediaUpload uploads;
  private final MediaSource media;
  private final NetworksProperties props;
  private final Clock clock;

  @Autowired
  TwitterConnector(OutboundHttp http, JsonMapper json, Clock clock, MediaSource media, NetworksProperties props) {
    this(http, json, clock, media, props, XMediaUpload.DEFAULT_CHUNK_BYTES);
  }

  /** With a chosen APPEND size, so tests can see an upload split into segments. */
  TwitterConnector(OutboundHttp http, JsonMapper json, Clock clock, MediaSource media, NetworksProperties props,
      int chunkBytes) {
    this.api = new XApi(http, json, clock, props.baseUrl(Platform.TWITTER, XApi.DEFAULT_BASE));
    this.uploads = new XMediaUpload(api, clock, chunkBytes);
    this.media = media;
    this.props = props;
    this.clock = clock;
  }

  /** twitter-text v3's weighted length: the count X itself applies. */
  static int weightedLength(String text) {
    return TwitterTextParser.parseTweet(text).weightedLength;
  }

  @Override
  public Platform platform() {
    return Platform.TWITTER;
  }

  @Override
  public NetworkCapabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public Publication.Published publish(Publication p) throws NetworkFailure {
    var auth = freshBearer(p.account());
    var rules = CAPABILITIES.media();
    var mediaIds = new ArrayList<String>();
    for (var image : p.content().images()) {
      mediaIds.add(uploads.upload(auth, media.image(image, Platform.TWITTER, rules), image.altText()));
    }
    if (p.content().video() != null) {
      mediaIds.add(uploads.upload(auth, media.video(p.content().video(), Platform.TWITTER, rules), null));
    }
    var body = new LinkedHashMap<String, Object>();
    String text = p.content().text();
    if (text != null && !text.isBlank()) {
      body.put("text", text);
    }
    if (!mediaIds.isEmpty()) {
      body.put("media", Map.of("media_ids", mediaIds));
    }
    if (p.replyTo() != null) {
      body.put("reply", Map.of("in_reply_to_tweet_id", p.replyTo().postId()));
    }
    // The uploads above create no post and may be repeated; this request creates it.
    p.gate().open();
    var data = api.createTweet(auth, body).path("data");
    String id = data.path("id").asString(null);
    if (id == null || id.isBlank()) {
      // X took the request (2xx) but named no post: it may exist, so never post it again blindly.
      throw new NetworkFailure.OutcomeUnknown("X answered without a post id");
    }
    return new Publication.Published(id, url(p.account().username(), id), Map.of("id", id));
  }

  @Override
  public void delete(Publication.AccountContext account, String postId) throws NetworkFailure {
    api.deleteTweet(freshBearer(account), postId);
  }

  /**
   * Trades the refresh token for new tokens. X rotates refresh tokens: the old one dies with this
   * call, so the new one is returned for the engine to store atomically. A refused refresh token
   * means the user must reconnect (empty).
   */
  @Override
  public Optional<RefreshedCredentials> refresh(Publication.AccountContext account) throws NetworkFailure {
    String refreshToken = XCredentials.refreshToken(account.credentials());
    if (refreshToken == null) {
      return Optional.empty();
    }
    var client = client(props);
    var now = clock.instant();
    try {
      var tokens = api.token(client, Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
      return Optional.of(new RefreshedCredentials(XCredentials.of(tokens, refreshToken, now), XCredentials.expiresAt(tokens, now)));
    } catch (XApi.GrantRefused e) {
      return Optional.empty();
    }
  }

  /** The configured OAuth 2.0 client; X apps are registered by hand in the developer portal. */
  static OAuthFlow.Client client(NetworksProperties props) throws NetworkFailure {
    String id = props.clientId(Platform.TWITTER);
    if (id == null || id.isBlank()) {
      throw new NetworkFailure.Rejected("not_configured",
          "X is not configured on this server: set OCTOPOST_NETWORKS_TWITTER_CLIENT_ID (and _CLIENT_SECRET for a confidential client)");
    }
    return new OAuthFlow.Client(id.strip(), props.clientSecret(Platform.TWITTER));
  }

  /** Refreshes ahead of expiry by asking the engine for it, before anything is uploaded. */
  private XApi.Bearer freshBearer(Publication.AccountContext account) throws NetworkFailure {
    if (XCredentials.due(account.credentials(), clock.instant())) {
      throw new NetworkFailure.CredentialsExpired("The X access token is about to expire");
    }
    return XCredentials.bearer(account.credentials());
  }

  static String url(String username, String id) {
    return username == null || username.isBlank()
        ? "https://x.com/i/web/status/" + id
        : "https://x.com/" + username + "/status/" + id;
  }
}

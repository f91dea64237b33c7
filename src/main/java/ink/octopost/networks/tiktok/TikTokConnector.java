package ink.octopost.networks.tiktok;

import ink.octopost.networks.AccountLimits;
import ink.octopost.networks.MediaRules;
import ink.octopost.networks.MediaSource;
import ink.octopost.networks.NetworkCapabilities;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.NetworksProperties;
import ink.octopost.networks.OAuthFlow;
import ink.octopost.networks.Platform;
import ink.octopost.networks.PostOption;
import ink.octopost.networks.Publication;
import ink.octopost.networks.TokenExpiry;
import ink.octopost.shared.OutboundHttp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;
import ink.octopost.networks.TextCounting;
import ink.octopost.networks.TextRules;
import ink.octopost.networks.ThreadStyle;
import java.util.Set;
import org.springframework.stereotype.Component;

/** TikTok: media required, 2200-character caption, a video or up to 35 photos (networks.md 8.2, 8.3). */
@Component
class TikTokConnector implements NetworkConnector {

  static final TextRules TEXT = TextRules.of(2200, "characters", TextCounting::utf16Units);

  /** networks.md 8.3 gives no pixel limits for photos. */
  static final MediaRules.ImageLimits IMAGES = MediaRules.ImageLimits.NONE;

  /**
   * networks.md 8.3 (third-party, unconfirmed): 3 s to 10 min (a creator's max_video_post_duration_sec
   * may be less), 23-60 fps, 360-4096 pixels a side.
   */
  static final MediaRules.VideoLimits VIDEOS = new MediaRules.VideoLimits(3, 600, 60, Set.of(), 0, 0, 4096, 4096);

  static final String PRIVACY_LEVEL = "privacy_level";
  static final String DISABLE_COMMENT = "disable_comment";
  static final String DISABLE_DUET = "disable_duet";
  static final String DISABLE_STITCH = "disable_stitch";
  static final String BRAND_CONTENT = "brand_content_toggle";
  static final String BRAND_ORGANIC = "brand_organic_toggle";
  static final String IS_AIGC = "is_aigc";

  /** {@code overrides.tiktok.*}: the post_info fields of networks.md 8.2. */
  static final List<PostOption> OPTIONS = List.of(
      PostOption.choice(PRIVACY_LEVEL, "PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY"),
      PostOption.flag(DISABLE_COMMENT), PostOption.flag(DISABLE_DUET), PostOption.flag(DISABLE_STITCH),
      PostOption.flag(BRAND_CONTENT), PostOption.flag(BRAND_ORGANIC), PostOption.flag(IS_AIGC));

  static final NetworkCapabilities CAPABILITIES = new NetworkCapabilities(
      Platform.TIKTOK,
      /* text */ TEXT,
      /* caption */ TEXT,
      /* title */ null,
      new MediaRules(
          /* maxImages */ 35,
          /* maxImageBytes */ 20_000_000L,
          Set.of("image/jpeg", "image/webp"),
          /* maxVideos */ 1,
          /* maxVideoBytes */ 4_000_000_000L,
          Set.of("video/mp4", "video/webm", "video/quicktime"),
          /* mixImagesAndVideo */ false,
          MediaRules.Required.ANY_MEDIA,
          /* maxAltText */ 0)
          .withImages(IMAGES)
          .withVideos(VIDEOS)
          .pullingMedia(),
      ThreadStyle.NONE,
      /* idempotentPublish */ false,
      /* asyncMediaProcessing */ true,
      /* canDelete */ false,
      OPTIONS);

  private final TikTokApi api;
  private final TikTokPublisher publisher;
  private final NetworksProperties networks;
  private final Clock clock;

  @Autowired
  TikTokConnector(OutboundHttp http, JsonMapper json, Clock clock, MediaSource media, NetworksProperties networks,
      ObjectProvider<TikTokProperties> props) {
    this(http, json, clock, media, networks, props.getIfAvailable(() -> TikTokProperties.DEFAULTS));
  }

  TikTokConnector(OutboundHttp http, JsonMapper json, Clock clock, MediaSource media, NetworksProperties networks,
      TikTokProperties props) {
    this.api = api(http, json, clock, networks);
    this.publisher = new TikTokPublisher(api, media, clock, props);
    this.networks = networks;
    this.clock = clock;
  }

  static TikTokApi api(OutboundHttp http, JsonMapper json, Clock clock, NetworksProperties networks) {
    return new TikTokApi(http, json, clock, networks.baseUrl(Platform.TIKTOK, TikTokApi.DEFAULT_BASE));
  }

  @Override
  public Platform platform() {
    return Platform.TIKTOK;
  }

  @Override
  public NetworkCapabilities capabilities() {
    return CAPABILITIES;
  }

  /**
   * The creator's own limits from {@code creator_info/query} (networks.md 8.2): the privacy levels
   * they may choose, the longest video they may post, and whether they disabled comments, duets or
   * stitches. Stored beside the account, so validating a post reports them before it is sent; the
   * same query is still made before every post.
   */
  @Override
  public Optional<AccountLimits> limits(Publication.AccountContext account) throws NetworkFailure {
    var info = api.creatorInfo(TikTokTokens.token(account.credentials()));
    var values = api.json().createObjectNode();
    values.set("privacy_level_options", info.path("privacy_level_options"));
    values.put("max_video_post_duration_sec", info.path("max_video_post_duration_sec").asInt(0));
    values.put("comment_disabled", info.path("comment_disabled").asBoolean(false));
    values.put("duet_disabled", info.path("duet_disabled").asBoolean(false));
    values.put("stitch_disabled", info.path("stitch_disabled").asBoolean(false));
    return Optional.of(new AccountLimits(values, clock.instant()));
  }

  /** This creator's capabilities: their longest video, and only the privacy levels they may choose. */
  @Override
  public NetworkCapabilities capabilities(AccountLimits limits) {
    if (limits == null || limits.values() == null) {
      return CAPABILITIES;
    }
    var v = limits.values();
    int max = v.path("max_video_post_duration_sec").asInt(0);
    var media = CAPABILITIES.media();
    if (max > 0 && max < VIDEOS.maxSeconds()) {
      media = media.withVideos(new MediaRules.VideoLimits(VIDEOS.minSeconds(), max, VIDEOS.maxFrameRate(), VIDEOS.codecs(),
          VIDEOS.minAspect(), VIDEOS.maxAspect(), VIDEOS.maxWidth(), VIDEOS.maxHeight(), VIDEOS.maxPixels()));
    }
    var privacy = new java.util.ArrayList<String>();
    v.path("privacy_level_options").forEach(n -> {
      if (OPTIONS.getFirst().choices().contains(n.asString())) {
        privacy.add(n.asString());
      }
    });
    var options = new java.util.ArrayList<>(OPTIONS);
    if (!privacy.isEmpty()) {
      options.set(0, PostOption.choice(PRIVACY_LEVEL, privacy.toArray(String[]::new)));
    }
    var c = CAPABILITIES;
    return new NetworkCapabilities(c.platform(), c.text(), c.caption(), c.title(), media, c.threads(), c.idempotentPublish(),
        c.asyncMediaProcessing(), c.canDelete(), options);
  }

  @Override
  public Publication.Published publish(Publication p) throws NetworkFailure {
    if (TokenExpiry.due(p.account().credentials(), clock.instant())) {
      throw new NetworkFailure.CredentialsExpired("The TikTok access token is due for its refresh");
    }
    return publisher.publish(p, TikTokTokens.token(p.account().credentials()), p.account().username());
  }

  /**
   * A fresh access token for the refresh token; TikTok rotates refresh tokens (networks.md 8.1), so
   * the new one is stored and the old one is forgotten. A refused refresh (invalid_grant: revoked
   * or expired) means reconnecting.
   */
  @Override
  public Optional<RefreshedCredentials> refresh(Publication.AccountContext account) throws NetworkFailure {
    String refresh = account.credentials().get(TikTokTokens.REFRESH_TOKEN);
    if (refresh == null || refresh.isBlank()) {
      return Optional.empty();
    }
    var client = client(networks);
    var form = new java.util.LinkedHashMap<String, String>();
    form.put("client_key", client.clientId());
    form.put("client_secret", client.clientSecret());
    form.put("grant_type", "refresh_token");
    form.put("refresh_token", refresh);
    try {
      var t = api.token(form);
      var credentials = TikTokTokens.of(t, refresh, clock.instant());
      return Optional.of(new RefreshedCredentials(credentials, TokenExpiry.expiresAt(credentials)));
    } catch (NetworkFailure.CredentialsExpired | NetworkFailure.AccessRevoked dead) {
      return Optional.empty();
    }
  }

  /** The configured TikTok app (client key and secret from TikTok's developer portal). */
  static OAuthFlow.Client client(NetworksProperties props) throws NetworkFailure {
    String id = props.clientId(Platform.TIKTOK);
    String secret = props.clientSecret(Platform.TIKTOK);
    if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
      throw new NetworkFailure.Rejected("not_configured", "TikTok is not configured on this server: set"
          + " OCTOPOST_NETWORKS_TIKTOK_CLIENT_ID and OCTOPOST_NETWORKS_TIKTOK_CLIENT_SECRET (the app's client key and secret)");
    }
    return new OAuthFlow.Client(id.strip(), secret.strip());
  }
}

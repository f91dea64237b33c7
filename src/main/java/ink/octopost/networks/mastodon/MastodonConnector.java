package ink.octopost.networks.mastodon;

import ink.octopost.networks.AccountLimits;
import ink.octopost.networks.MediaFile;
import ink.octopost.networks.MediaRules;
import ink.octopost.networks.MediaSource;
import ink.octopost.networks.NetworkCapabilities;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.Platform;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.PostOption;
import ink.octopost.networks.Publication;
import ink.octopost.networks.TextRules;
import ink.octopost.networks.ThreadStyle;
import ink.octopost.shared.OutboundHttp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Mastodon: by default 500 graphemes with URLs as 23 and remote mentions as local, 4 attachments
 * (networks.md 3.4, 3.5); each account gets its own instance's limits. Visibility, content warning
 * and sensitive media are per-post options.
 */
@Component
class MastodonConnector implements NetworkConnector {

  static final TextRules TEXT = TextRules.of(500, "characters", StatusLength::count);

  static final String VISIBILITY = "visibility";
  static final String SPOILER_TEXT = "spoiler_text";
  static final String SENSITIVE = "sensitive";

  /** {@code overrides.mastodon.*}; the content warning counts toward the limit with the text, as on the instance. */
  static final List<PostOption> OPTIONS = List.of(
      PostOption.choice(VISIBILITY, "public", "unlisted", "private", "direct"),
      PostOption.text(SPOILER_TEXT, 10_000, true),
      PostOption.flag(SENSITIVE));

  /** networks.md 3.5: Mastodon's defaults, image_matrix_limit 33,177,600 pixels (an instance may differ). */
  static final MediaRules.ImageLimits IMAGES = new MediaRules.ImageLimits(0, 0, 33_177_600L, 0, 0);

  /** networks.md 3.5: video_matrix_limit 8,294,400 pixels (3840x2160), video_frame_rate_limit 120; no duration limit. */
  static final MediaRules.VideoLimits VIDEOS =
      new MediaRules.VideoLimits(0, 0, 120, Set.of(), 0, 0, 0, 0, 8_294_400L);

  static final NetworkCapabilities CAPABILITIES = new NetworkCapabilities(
      Platform.MASTODON,
      /* text */ TEXT,
      /* caption */ TEXT,
      /* title */ null,
      new MediaRules(
          /* maxImages */ 4,
          /* maxImageBytes */ 16_777_216L,
          Set.of("image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/heif", "image/avif"),
          /* maxVideos */ 1,
          /* maxVideoBytes */ 103_809_024L,
          Set.of("video/mp4", "video/webm", "video/quicktime", "video/ogg"),
          /* mixImagesAndVideo */ false,
          MediaRules.Required.NOTHING,
          /* maxAltText */ 1500)
          .withImages(IMAGES)
          .withVideos(VIDEOS),
      ThreadStyle.REPLY_CHAIN,
      /* idempotentPublish */ true,
      /* asyncMediaProcessing */ true,
      /* canDelete */ true,
      OPTIONS);

  private static final java.time.Duration MEDIA_POLL = java.time.Duration.ofMillis(500);
  private static final int MEDIA_POLLS = 240;

  private final MastodonApi api;
  private final MediaSource media;

  MastodonConnector(OutboundHttp http, tools.jackson.databind.json.JsonMapper json, Clock clock, MediaSource media) {
    this.api = new MastodonApi(http, json, clock);
    this.media = media;
  }

  @Override
  public Platform platform() {
    return Platform.MASTODON;
  }

  /** A pasted access token on an instance, checked with verify_credentials before anything is stored. */
  @Override
  public boolean connectsWithCredentials() {
    return true;
  }

  @Override
  public Identity connect(Map<String, String> fields) throws NetworkFailure {
    String instance = instance(fields.get("instance_url"));
    String token = fields.get("access_token");
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("access_token is required");
    }
    return identity(api, instance, token.strip());
  }

  /**
   * Who a token belongs to, as verify_credentials says, with the instance's limits; tokens never
   * expire, so no expiry. Limits the instance cannot give just now are asked for again on the
   * account's first publish.
   */
  static Identity identity(MastodonApi api, String instance, String token) throws NetworkFailure {
    var me = api.verifyCredentials(instance, token);
    AccountLimits limits;
    try {
      limits = api.limits(instance, token);
    } catch (NetworkFailure later) {
      limits = null;
    }
    return new Identity(me.path("id").asString(), me.path("acct").asString(me.path("username").asString()),
        me.path("display_name").asString(null), me.path("avatar").asString(null), instance,
        Map.of("access_token", token), null, limits);
  }

  @Override
  public Optional<AccountLimits> limits(Publication.AccountContext account) throws NetworkFailure {
    if (account.instanceUrl() == null) {
      return Optional.empty();
    }
    return Optional.of(api.limits(account.instanceUrl(), token(account)));
  }

  /** The account's instance's limits, where they are known; Mastodon's defaults otherwise. */
  @Override
  public NetworkCapabilities capabilities(AccountLimits limits) {
    return limits == null ? CAPABILITIES : InstanceLimits.fromStored(limits.values()).capabilities(CAPABILITIES);
  }

  @Override
  public Publication.Published publish(Publication p) throws NetworkFailure {
    String instance = p.account().instanceUrl();
    String token = token(p.account());
    var mediaIds = new java.util.ArrayList<String>();
    var rules = capabilities(p.account().limits()).media();
    for (var image : p.content().images()) {
      mediaIds.add(upload(instance, token, media.image(image, Platform.MASTODON, rules), image.altText()));
    }
    if (p.content().video() != null) {
      mediaIds.add(upload(instance, token, media.video(p.content().video(), Platform.MASTODON, rules), null));
    }
    var body = new LinkedHashMap<String, Object>();
    if (!mediaIds.isEmpty()) {
      body.put("media_ids", mediaIds);
    }
    body.put("status", p.content().text());
    putOptions(body, p.content());
    if (p.replyTo() != null) {
      body.put("in_reply_to_id", p.replyTo().postId());
    }
    // The uploads above create no post and may be repeated; this request creates it.
    p.gate().open();
    var status = api.postStatus(instance, token, body, p.idempotencyKey());
    String id = status.path("id").asString();
    return new Publication.Published(id, status.path("url").asString(status.path("uri").asString()), Map.of("id", id));
  }

  /** Every status of a thread carries the post's visibility, content warning and sensitivity. */
  private static void putOptions(Map<String, Object> body, PostContent content) {
    body.put(VISIBILITY, content.options().getOrDefault(VISIBILITY, "public"));
    String spoiler = content.textOption(SPOILER_TEXT);
    if (spoiler != null) {
      body.put(SPOILER_TEXT, spoiler);
    }
    if (content.options().get(SENSITIVE) instanceof Boolean sensitive) {
      body.put(SENSITIVE, sensitive);
    }
  }

  /** Uploads one attachment; waits out the 202-then-poll path until the instance has processed it. */
  private String upload(String instance, String token, MediaFile m, String alt) throws NetworkFailure {
    var uploaded = api.uploadMedia(instance, token, m, alt);
    String id = uploaded.path("id").asString();
    if (!uploaded.path("url").isNull() && !uploaded.path("url").isMissingNode()) {
      return id;
    }
    for (int i = 0; i < MEDIA_POLLS; i++) {
      try {
        Thread.sleep(MEDIA_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new NetworkFailure.Unavailable("interrupted while Mastodon processed the media");
      }
      if (api.media(instance, token, id) != null) {
        return id;
      }
    }
    throw new NetworkFailure.Unavailable("Mastodon was still processing the media after " + (MEDIA_POLLS * MEDIA_POLL.toSeconds()) + " s");
  }

  @Override
  public void delete(Publication.AccountContext account, String postId) throws NetworkFailure {
    api.deleteStatus(account.instanceUrl(), token(account), postId);
  }

  private static String token(Publication.AccountContext account) throws NetworkFailure {
    String token = account.credentials().get("access_token");
    if (token == null) {
      throw new NetworkFailure.AccessRevoked("No Mastodon access token is stored for this account");
    }
    return token;
  }

  /** https://host[:port], no path: what every Mastodon call is made against. */
  static String instance(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("instance_url is required, e.g. https://mastodon.social");
    }
    String u = url.strip();
    if (!u.contains("://")) {
      u = "https://" + u;
    }
    try {
      var uri = java.net.URI.create(u);
      if (uri.getHost() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
        throw new IllegalArgumentException();
      }
      return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("instance_url must be an http or https URL with a host, e.g. https://mastodon.social");
    }
  }

  @Override
  public NetworkCapabilities capabilities() {
    return CAPABILITIES;
  }
}

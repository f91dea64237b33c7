package ink.octopost.networks.linkedin;

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
import ink.octopost.networks.TokenExpiry;
import ink.octopost.shared.OutboundHttp;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * LinkedIn: 3000 characters, up to 20 images or 1 video, no threads (networks.md 4.2, 4.4, 4.5). A post is
 * one {@code POST /rest/posts} as the account's member or organization, its commentary escaped for the
 * little text format ({@link LinkedInText}); images and video are uploaded first ({@link LinkedInMedia}),
 * and a video is watched until {@code AVAILABLE} without holding a thread.
 */
@Component
class LinkedInConnector implements NetworkConnector {

  private static final Logger log = LoggerFactory.getLogger(LinkedInConnector.class);

  static final TextRules TEXT = TextRules.of(3000, "characters", TextCounting::utf16Units);

  /** networks.md 4.5 (third-party summary): fewer than 36,152,320 pixels. */
  static final MediaRules.ImageLimits IMAGES = new MediaRules.ImageLimits(0, 0, 36_152_319L, 0, 0);

  /** networks.md 4.5 (third-party summary): 3 s to 30 min, aspect 1:2.4 to 2.4:1. */
  static final MediaRules.VideoLimits VIDEOS = new MediaRules.VideoLimits(3, 1800, 0, Set.of(), 1 / 2.4, 2.4, 0, 0);

  /** {@code overrides.linkedin.link}: the article the post shares (else the text's first URL, for a post without media). */
  static final String LINK = "link";
  /** {@code overrides.linkedin.visibility}: who sees the post (networks.md 4.2). */
  static final String VISIBILITY = "visibility";
  /** {@code overrides.linkedin.first_comment}: a comment the author adds under its post. */
  static final String FIRST_COMMENT = "first_comment";

  static final NetworkCapabilities CAPABILITIES = new NetworkCapabilities(
      Platform.LINKEDIN,
      /* text */ TEXT,
      /* caption */ TEXT,
      /* title */ null,
      new MediaRules(
          /* maxImages */ 20,
          /* maxImageBytes */ 5_000_000L,
          Set.of("image/jpeg", "image/png", "image/gif"),
          /* maxVideos */ 1,
          /* maxVideoBytes */ 500_000_000L,
          Set.of("video/mp4"),
          /* mixImagesAndVideo */ false,
          MediaRules.Required.NOTHING,
          /* maxAltText */ 4086)
          .withImages(IMAGES)
          .withVideos(VIDEOS),
      ThreadStyle.NONE,
      /* idempotentPublish */ false,
      /* asyncMediaProcessing */ true,
      /* canDelete */ true,
      List.of(PostOption.text(LINK, 2048, false), PostOption.choice(VISIBILITY, "PUBLIC", "CONNECTIONS"),
          PostOption.text(FIRST_COMMENT, 1250, false)));

  static final String PUBLIC_URL = "https://www.linkedin.com/feed/update/";
  private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"]+");
  private static final Pattern AUTHOR = Pattern.compile("urn:li:(person|organization):[A-Za-z0-9_-]+");

  private final LinkedInApi api;
  private final LinkedInMedia uploads;
  private final LinkedInVideoWait videoWait;
  private final MediaSource media;
  private final NetworksProperties props;
  private final Clock clock;

  @Autowired
  LinkedInConnector(OutboundHttp http, tools.jackson.databind.json.JsonMapper json, Clock clock, MediaSource media,
      NetworksProperties props, ObjectProvider<LinkedInProperties> linkedin) {
    this(http, json, clock, media, props, linkedin.getIfAvailable(() -> LinkedInProperties.DEFAULTS));
  }

  LinkedInConnector(OutboundHttp http, tools.jackson.databind.json.JsonMapper json, Clock clock, MediaSource media,
      NetworksProperties props, LinkedInProperties linkedin) {
    this.api = new LinkedInApi(http, json, clock, props, linkedin == null ? LinkedInProperties.DEFAULTS : linkedin);
    this.uploads = new LinkedInMedia(api);
    this.videoWait = new LinkedInVideoWait(uploads, clock);
    this.media = media;
    this.props = props;
    this.clock = clock;
  }

  @Override
  public Platform platform() {
    return Platform.LINKEDIN;
  }

  @Override
  public NetworkCapabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public Publication.Published publish(Publication p) throws NetworkFailure {
    var account = p.account();
    String token = token(account);
    boolean refreshable = refreshable(account);
    if (refreshable && TokenExpiry.due(account.credentials(), clock.instant())) {
      throw new NetworkFailure.CredentialsExpired("The LinkedIn access token is due for its refresh");
    }
    String author = author(account);
    var content = p.content();
    String visibility = visibility(content, author);
    String link = link(content);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("author", author);
    body.put("commentary", LinkedInText.escape(content.text()));
    body.put("visibility", visibility);
    body.put("distribution", Map.of("feedDistribution", "MAIN_FEED", "targetEntities", List.of(),
        "thirdPartyDistributionChannels", List.of()));
    body.put("lifecycleState", "PUBLISHED");
    body.put("isReshareDisabledByAuthor", false);
    if (p.progress().containsKey(LinkedInVideoWait.VIDEO)) { // uploaded earlier: only its processing was left
      String video = p.progress().get(LinkedInVideoWait.VIDEO);
      videoWait.untilAvailable(video, token, refreshable, p.progress());
      body.put("content", Map.of("media", videoMedia(video, content)));
    } else if (content.video() != null) {
      var file = media.video(content.video(), Platform.LINKEDIN, CAPABILITIES.media());
      String video = uploads.video(author, token, file, refreshable);
      videoWait.untilAvailable(video, token, refreshable, Map.of());
      body.put("content", Map.of("media", videoMedia(video, content)));
    } else if (!content.images().isEmpty()) {
      var images = new ArrayList<Map<String, Object>>();
      for (var image : content.images()) {
        var file = media.image(image, Platform.LINKEDIN, CAPABILITIES.media());
        var entry = new LinkedHashMap<String, Object>();
        entry.put("id", uploads.image(author, token, file, refreshable));
        entry.put("altText", image.altText() == null ? "" : image.altText());
        images.add(entry);
      }
      body.put("content", images.size() == 1 ? Map.of("media", images.getFirst()) : Map.of("multiImage", Map.of("images", images)));
    } else if (link != null) {
      body.put("content", Map.of("article", Map.of("source", link, "title", link)));
    } else if (content.text() == null || content.text().isBlank()) {
      throw new NetworkFailure.Rejected("empty_post", "A LinkedIn post needs text, a link or media");
    }
    p.gate().open();
    var answer = api.create("posts", token, body, refreshable);
    String urn = answer.headers().firstValue("x-restli-id").orElse(null);
    if (urn == null || urn.isBlank()) {
      throw new NetworkFailure.OutcomeUnknown("LinkedIn answered without the post's id (x-restli-id)");
    }
    var refs = new LinkedHashMap<String, String>();
    refs.put("urn", urn);
    refs.put("author", author);
    comment(urn, author, token, content.textOption(FIRST_COMMENT), refreshable, refs);
    return new Publication.Published(urn, PUBLIC_URL + urn, refs);
  }

  private static Map<String, Object> videoMedia(String video, PostContent content) {
    var media = new LinkedHashMap<String, Object>();
    media.put("id", video);
    if (content.video() != null && content.video().title() != null && !content.video().title().isBlank()) {
      media.put("title", content.video().title());
    }
    return media;
  }

  /** The first comment under a post that exists; its failure never fails the post (kept in refs, logged without the token). */
  private void comment(String urn, String author, String token, String text, boolean refreshable, Map<String, String> refs) {
    if (text == null) {
      return;
    }
    try {
      var answer = api.create("socialActions/" + LinkedInApi.encode(urn) + "/comments", token,
          Map.of("actor", author, "object", urn, "message", Map.of("text", text)), refreshable);
      refs.put("first_comment_id", answer.headers().firstValue("x-restli-id").orElse(""));
    } catch (NetworkFailure e) {
      log.info("LinkedIn post {} is published, but its first comment was refused: {}", urn, e.getMessage());
      refs.put("first_comment_error", e.getMessage());
    }
  }

  @Override
  public void delete(Publication.AccountContext account, String postId) throws NetworkFailure {
    try {
      api.delete("posts/" + LinkedInApi.encode(postId), token(account), refreshable(account));
    } catch (NetworkFailure.Rejected e) {
      if (!"not_found".equals(e.code())) { // gone already
        throw e;
      }
    }
  }

  /**
   * A new 60-day access token from the refresh token, where LinkedIn issued one (approved partners only,
   * networks.md 4.1); empty otherwise, or when LinkedIn refuses it: the account needs reconnecting.
   */
  @Override
  public Optional<RefreshedCredentials> refresh(Publication.AccountContext account) throws NetworkFailure {
    String refresh = account.credentials() == null ? null : account.credentials().get(LinkedInTokens.REFRESH_TOKEN);
    if (refresh == null || refresh.isBlank()) {
      return Optional.empty();
    }
    var client = client(props);
    try {
      var answer = api.token(Map.of("grant_type", "refresh_token", "refresh_token", refresh,
          "client_id", client.clientId(), "client_secret", client.clientSecret()));
      var credentials = LinkedInTokens.credentials(answer, account.credentials(), clock.instant());
      return Optional.of(new RefreshedCredentials(credentials, TokenExpiry.expiresAt(credentials)));
    } catch (NetworkFailure.AccessRevoked refused) {
      return Optional.empty();
    }
  }

  /** {@code overrides.linkedin.visibility}, PUBLIC by default; a page's posts are always public. */
  private static String visibility(PostContent content, String author) throws NetworkFailure {
    String v = content.textOption(VISIBILITY);
    if (v == null) {
      return "PUBLIC";
    }
    if ("CONNECTIONS".equals(v) && author.startsWith("urn:li:organization:")) {
      throw new NetworkFailure.Rejected("invalid_visibility",
          "overrides.linkedin.visibility CONNECTIONS applies to a member's posts; an organization page has no connections");
    }
    return v;
  }

  /** The article link: the override, else the text's first URL; only for a post without media. */
  private static String link(PostContent content) throws NetworkFailure {
    String link = content.textOption(LINK);
    if (link != null) {
      link = link.strip();
      if (ink.octopost.shared.UrlPolicy.problem(link, true) != null) { // the form only: the network fetches it, not us
        throw new NetworkFailure.Rejected("invalid_link", "overrides.linkedin.link must be an http(s) URL");
      }
      if (content.hasMedia()) {
        throw new NetworkFailure.Rejected("link_with_media",
            "overrides.linkedin.link makes an article post, which carries no images or video: remove the link or the media");
      }
      return link;
    }
    if (content.hasMedia() || content.text() == null) {
      return null;
    }
    var m = URL.matcher(content.text());
    return m.find() ? m.group() : null;
  }

  private static String token(Publication.AccountContext account) throws NetworkFailure {
    String token = account.credentials() == null ? null : account.credentials().get(LinkedInTokens.ACCESS_TOKEN);
    if (token == null || token.isBlank()) {
      throw new NetworkFailure.AccessRevoked("No LinkedIn access token is stored for this account: reconnect it");
    }
    return token;
  }

  private static boolean refreshable(Publication.AccountContext account) {
    String r = account.credentials() == null ? null : account.credentials().get(LinkedInTokens.REFRESH_TOKEN);
    return r != null && !r.isBlank();
  }

  /** The member ({@code urn:li:person:…}) or organization ({@code urn:li:organization:…}) the account posts as. */
  private static String author(Publication.AccountContext account) throws NetworkFailure {
    String urn = account.platformUserId();
    if (urn == null || !AUTHOR.matcher(urn).matches()) {
      throw new NetworkFailure.AccessRevoked("This account has no LinkedIn member or organization URN: reconnect it");
    }
    return urn;
  }

  /** The configured LinkedIn app (docs/network-linkedin.md). */
  static OAuthFlow.Client client(NetworksProperties props) throws NetworkFailure {
    String id = props.clientId(Platform.LINKEDIN);
    String secret = props.clientSecret(Platform.LINKEDIN);
    if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
      throw new NetworkFailure.Rejected("not_configured", "LinkedIn is not configured on this server: set "
          + "OCTOPOST_NETWORKS_LINKEDIN_CLIENT_ID and OCTOPOST_NETWORKS_LINKEDIN_CLIENT_SECRET (the LinkedIn app's client id and secret)");
    }
    return new OAuthFlow.Client(id.strip(), secret.strip());
  }
}

package ink.octopost.networks.instagram;

import ink.octopost.networks.ContentCheck;
import ink.octopost.networks.MediaRules;
import ink.octopost.networks.MediaSource;
import ink.octopost.networks.NetworkCapabilities;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.NetworksProperties;
import ink.octopost.networks.Platform;
import ink.octopost.networks.PostOption;
import ink.octopost.networks.Publication;
import ink.octopost.networks.TextCounting;
import ink.octopost.networks.TextRules;
import ink.octopost.networks.ThreadStyle;
import ink.octopost.shared.OutboundHttp;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Instagram (networks.md 6): feed images, carousels of images and videos, reels and stories
 * through media containers, on either host: {@code graph.instagram.com} for accounts connected
 * with Instagram Login, {@code graph.facebook.com} for accounts connected with Facebook Login
 * (credential {@code login}). No delete: Instagram's API cannot delete posts.
 */
@Component
class InstagramConnector implements NetworkConnector {

  static final String TYPE = PostType.OPTION;
  static final String SHARE_TO_FEED = "share_to_feed";
  static final String FIRST_COMMENT = "first_comment";

  /** Credentials: the token, the login that issued it, and (Instagram Login) when to refresh it. */
  static final String ACCESS_TOKEN = "access_token";
  static final String LOGIN = "login";
  static final String REFRESH_AT = "refresh_at";

  /** Instagram Login tokens last 60 days; Octopost refreshes them when 10 are left. */
  static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofDays(10);

  static final TextRules TEXT = TextRules.of(2200, "characters", TextCounting::utf16Units);

  /** networks.md 6.2 and the 2207009 error (6.3): feed images 4:5 to 1.91:1, at most 1440 wide (320 at least). */
  static final MediaRules.ImageLimits IMAGES = new MediaRules.ImageLimits(1440, 0, 0, 4.0 / 5, 1.91);

  /** networks.md 6.2: reels (every single video is one since 2023) 3 s to 15 min. */
  static final MediaRules.VideoLimits VIDEOS = new MediaRules.VideoLimits(3, 900, 0, Set.of(), 0, 0, 0, 0);

  static final List<PostOption> OPTIONS = List.of(
      PostOption.choice(TYPE, "feed", "carousel", "reel", "story"),
      PostOption.flag(SHARE_TO_FEED),
      PostOption.text(FIRST_COMMENT, 2200, false));

  static final NetworkCapabilities CAPABILITIES = new NetworkCapabilities(
      Platform.INSTAGRAM,
      /* text */ TEXT,
      /* caption */ TEXT,
      /* title */ null,
      new MediaRules(
          /* maxImages */ 10,
          /* maxImageBytes */ 8_000_000L,
          Set.of("image/jpeg"),
          /* maxVideos */ 1,
          /* maxVideoBytes */ 300_000_000L,
          Set.of("video/mp4", "video/quicktime"),
          /* mixImagesAndVideo */ true,
          MediaRules.Required.ANY_MEDIA,
          /* maxAltText */ 1000)
          .withImages(IMAGES)
          .withVideos(VIDEOS)
          .pullingMedia(),
      ThreadStyle.NONE,
      /* idempotentPublish */ false,
      /* asyncMediaProcessing */ true,
      /* canDelete */ false,
      OPTIONS,
      InstagramRules.INSTANCE);

  private final OutboundHttp http;
  private final JsonMapper json;
  private final Clock clock;
  private final MediaSource media;
  private final Hosts hosts;
  private final InstagramProperties props;

  @Autowired
  InstagramConnector(OutboundHttp http, JsonMapper json, Clock clock, MediaSource media, NetworksProperties networks,
      ObjectProvider<InstagramProperties> props) {
    this(http, json, clock, media, networks, props.getIfAvailable(() -> InstagramProperties.DEFAULTS));
  }

  private InstagramConnector(OutboundHttp http, JsonMapper json, Clock clock, MediaSource media, NetworksProperties networks,
      InstagramProperties props) {
    this(http, json, clock, media, Hosts.of(networks, props), props);
  }

  InstagramConnector(OutboundHttp http, JsonMapper json, Clock clock, MediaSource media, Hosts hosts, InstagramProperties props) {
    this.http = http;
    this.json = json;
    this.clock = clock;
    this.media = media;
    this.hosts = hosts;
    this.props = props;
  }

  @Override
  public Platform platform() {
    return Platform.INSTAGRAM;
  }

  @Override
  public NetworkCapabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public Publication.Published publish(Publication publication) throws NetworkFailure {
    var account = publication.account();
    var content = publication.content();
    String login = login(account.credentials());
    String token = account.credentials().get(ACCESS_TOKEN);
    if (token == null || token.isBlank()) {
      throw new NetworkFailure.AccessRevoked("This Instagram account has no access token; reconnect it");
    }
    if (refreshDue(account.credentials())) {
      throw new NetworkFailure.CredentialsExpired("The Instagram token is due for its refresh");
    }
    var caps = CAPABILITIES.forContent(content);
    var violations = ContentCheck.check(caps, content);
    if (!violations.isEmpty()) {
      throw new NetworkFailure.Rejected("validation_failed", violations.getFirst().message());
    }
    var api = new GraphApi(http, json, clock, hosts.graph(login), token, Hosts.INSTAGRAM_LOGIN.equals(login));
    return new Containers(api, media, clock, props, publication, PostType.of(content), caps.media()).publish();
  }

  /** Instagram Login tokens are refreshed with {@code ig_refresh_token}; Facebook Login's Page tokens cannot be. */
  @Override
  public Optional<RefreshedCredentials> refresh(Publication.AccountContext account) throws NetworkFailure {
    var credentials = account.credentials();
    if (!Hosts.INSTAGRAM_LOGIN.equals(login(credentials)) || credentials.get(ACCESS_TOKEN) == null) {
      return Optional.empty();
    }
    var uri = URI.create(hosts.graphInstagram() + "/refresh_access_token?" + GraphApi.form(Map.of(
        "grant_type", "ig_refresh_token", ACCESS_TOKEN, credentials.get(ACCESS_TOKEN))));
    HttpResponse<byte[]> response = ink.octopost.networks.NetworkCalls.send(http, OutboundHttp.request(uri).GET().build(), "Instagram");
    if (response.statusCode() / 100 != 2) {
      NetworkFailure f = MetaErrors.classify(response, json, clock.instant(), false);
      if (f instanceof NetworkFailure.Unavailable || f instanceof NetworkFailure.RateLimited) {
        throw f;
      }
      return Optional.empty(); // the token is dead: reconnect
    }
    JsonNode body = json.readTree(response.body());
    String token = body.path(ACCESS_TOKEN).asString(null);
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    Instant expires = clock.instant().plusSeconds(body.path("expires_in").asLong(60L * 24 * 3600));
    return Optional.of(new RefreshedCredentials(credentials(token, Hosts.INSTAGRAM_LOGIN, expires), expires));
  }

  /** What an account's credentials hold; {@code expires} only for Instagram Login tokens. */
  static Map<String, String> credentials(String token, String login, Instant expires) {
    if (expires == null) {
      return Map.of(ACCESS_TOKEN, token, LOGIN, login);
    }
    return Map.of(ACCESS_TOKEN, token, LOGIN, login, REFRESH_AT, expires.minus(REFRESH_BEFORE_EXPIRY).toString());
  }

  private static String login(Map<String, String> credentials) {
    return Hosts.FACEBOOK_LOGIN.equals(credentials.get(LOGIN)) ? Hosts.FACEBOOK_LOGIN : Hosts.INSTAGRAM_LOGIN;
  }

  private boolean refreshDue(Map<String, String> credentials) {
    String at = credentials.get(REFRESH_AT);
    if (at == null) {
      return false;
    }
    try {
      return !clock.instant().isBefore(Instant.parse(at));
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }
}

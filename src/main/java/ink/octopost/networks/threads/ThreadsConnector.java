package ink.octopost.networks.threads;

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
import ink.octopost.networks.TextCounting;
import ink.octopost.networks.TextRules;
import ink.octopost.networks.ThreadStyle;
import ink.octopost.networks.TokenExpiry;
import ink.octopost.shared.OutboundHttp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Threads: 500 characters with emoji as UTF-8 bytes, carousels of images and videos, reply chains,
 * published through containers (networks.md 5); {@link ThreadsPublisher} does the publishing.
 */
@Component
class ThreadsConnector implements NetworkConnector {

  static final TextRules TEXT = TextRules.of(500, "characters", ThreadsConnector::length);

  /** networks.md 5.3: at most 1440 wide (320 at least; wider is rescaled), aspect at most 10:1. */
  static final MediaRules.ImageLimits IMAGES = new MediaRules.ImageLimits(1440, 0, 0, 0, 10);

  /**
   * networks.md 5.3: at most 300 s, 23-60 fps (the lower bound is not expressible here), H.264 or
   * HEVC, at most 1920 wide, aspect 0.01:1 to 10:1.
   */
  static final MediaRules.VideoLimits VIDEOS =
      new MediaRules.VideoLimits(0, 300, 60, Set.of("h264", "hevc"), 0.01, 10, 1920, 0);

  /** {@code overrides.threads.reply_control}: who may reply (networks.md 5.2). */
  static final String REPLY_CONTROL = "reply_control";
  /** {@code overrides.threads.link}: the link card of a text post ({@code link_attachment}); else its first URL. */
  static final String LINK = "link";

  static final List<PostOption> OPTIONS = List.of(
      PostOption.choice(REPLY_CONTROL, "everyone", "accounts_you_follow", "mentioned_only", "parent_post_author_only",
          "followers_only"),
      PostOption.text(LINK, 2048, false));

  static final NetworkCapabilities CAPABILITIES = new NetworkCapabilities(
      Platform.THREADS,
      /* text */ TEXT,
      /* caption */ TEXT,
      /* title */ null,
      new MediaRules(
          /* maxImages */ 20,
          /* maxImageBytes */ 8_000_000L,
          Set.of("image/jpeg", "image/png"),
          /* maxVideos */ 1,
          /* maxVideoBytes */ 1_000_000_000L,
          Set.of("video/mp4", "video/quicktime"),
          /* mixImagesAndVideo */ true,
          MediaRules.Required.NOTHING,
          /* maxAltText */ 1000)
          .withImages(IMAGES)
          .withVideos(VIDEOS)
          .pullingMedia(),
      ThreadStyle.REPLY_CHAIN,
      /* idempotentPublish */ false,
      /* asyncMediaProcessing */ true,
      /* canDelete */ true,
      OPTIONS);

  private final ThreadsApi api;
  private final ThreadsPublisher publisher;
  private final Clock clock;

  @Autowired
  ThreadsConnector(OutboundHttp http, JsonMapper json, Clock clock, MediaSource media, NetworksProperties networks,
      ObjectProvider<ThreadsProperties> props) {
    this(http, json, clock, media, networks, props.getIfAvailable(() -> ThreadsProperties.DEFAULTS));
  }

  ThreadsConnector(OutboundHttp http, JsonMapper json, Clock clock, MediaSource media, NetworksProperties networks,
      ThreadsProperties props) {
    this.api = api(http, json, clock, networks, props);
    this.publisher = new ThreadsPublisher(api, media, clock, props.containerTimeout());
    this.clock = clock;
  }

  static ThreadsApi api(OutboundHttp http, JsonMapper json, Clock clock, NetworksProperties networks, ThreadsProperties props) {
    return new ThreadsApi(http, json, clock, networks.baseUrl(Platform.THREADS, ThreadsApi.DEFAULT_BASE), props.apiVersion());
  }

  /** Each emoji grapheme counts its UTF-8 bytes, every other code point 1. */
  static int length(String text) {
    int n = 0;
    for (String g : TextCounting.graphemeClusters(text)) {
      n += isEmoji(g) ? TextCounting.utf8Bytes(g) : TextCounting.codePoints(g);
    }
    return n;
  }

  /**
   * An emoji grapheme: it holds an extended pictographic (most emoji, also text-style ones such as
   * ©, counted as emoji to stay on the safe side), an emoji-presentation character (regional
   * indicator letters of flags, skin tones) or a combining keycap.
   */
  static boolean isEmoji(String grapheme) {
    return grapheme.codePoints().anyMatch(
        cp -> Character.isExtendedPictographic(cp) || Character.isEmojiPresentation(cp) || cp == 0x20E3);
  }

  @Override
  public Platform platform() {
    return Platform.THREADS;
  }

  @Override
  public NetworkCapabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public Publication.Published publish(Publication p) throws NetworkFailure {
    return publisher.publish(p, freshToken(p.account()), user(p.account()));
  }

  /** Needs {@code threads_delete}; Meta allows 100 deletes a day (networks.md 5.5). */
  @Override
  public void delete(Publication.AccountContext account, String postId) throws NetworkFailure {
    api.delete(ThreadsTokens.token(account.credentials()), postId);
  }

  /**
   * A fresh 60-day token for the current one ({@code th_refresh_token}). A token Meta calls invalid
   * (190) cannot be refreshed: empty, the account needs reconnecting. When Meta refuses for another
   * reason while the token still works (too young, a passing restriction), the same token is kept
   * and asked to refresh again a day later, so the account is never disconnected needlessly.
   */
  @Override
  public Optional<RefreshedCredentials> refresh(Publication.AccountContext account) throws NetworkFailure {
    var now = clock.instant();
    String token = ThreadsTokens.token(account.credentials());
    try {
      var t = api.refresh(token);
      var credentials = ThreadsTokens.of(t.accessToken(), t.expiresIn(), now);
      return Optional.of(new RefreshedCredentials(credentials, TokenExpiry.expiresAt(credentials)));
    } catch (NetworkFailure.CredentialsExpired | NetworkFailure.AccessRevoked dead) {
      return Optional.empty();
    } catch (NetworkFailure.Rejected refused) {
      if (!ThreadsTokens.alive(account.credentials(), now)) {
        return Optional.empty();
      }
      var kept = ThreadsTokens.postponed(account.credentials(), now);
      return Optional.of(new RefreshedCredentials(kept, TokenExpiry.expiresAt(kept)));
    }
  }

  /** The configured Threads app; it is registered by hand in Meta's developer dashboard. */
  static OAuthFlow.Client client(NetworksProperties props) throws NetworkFailure {
    String id = props.clientId(Platform.THREADS);
    String secret = props.clientSecret(Platform.THREADS);
    if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
      throw new NetworkFailure.Rejected("not_configured", "Threads is not configured on this server: set"
          + " OCTOPOST_NETWORKS_THREADS_CLIENT_ID and OCTOPOST_NETWORKS_THREADS_CLIENT_SECRET (the Threads app id and secret)");
    }
    return new OAuthFlow.Client(id.strip(), secret.strip());
  }

  /** Asks the engine for a refresh once the token is due, before anything is created. */
  private String freshToken(Publication.AccountContext account) throws NetworkFailure {
    if (TokenExpiry.due(account.credentials(), clock.instant())) {
      throw new NetworkFailure.CredentialsExpired("The Threads access token is due for its refresh");
    }
    return ThreadsTokens.token(account.credentials());
  }

  private static String user(Publication.AccountContext account) {
    String id = account.platformUserId();
    return id == null || id.isBlank() ? "me" : id;
  }
}

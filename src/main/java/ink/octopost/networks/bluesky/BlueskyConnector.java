package ink.octopost.networks.bluesky;

import ink.octopost.networks.MediaRules;
import ink.octopost.networks.MediaSource;
import ink.octopost.networks.NetworkCapabilities;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.NetworksProperties;
import ink.octopost.networks.Platform;
import ink.octopost.networks.Publication;
import ink.octopost.networks.TextCounting;
import ink.octopost.networks.TextRules;
import ink.octopost.networks.ThreadStyle;
import ink.octopost.shared.OutboundHttp;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Bluesky: 300 graphemes and 3000 bytes, 4 images or 1 video, reply-chain threads (networks.md 2.5, 2.6). */
@Component
class BlueskyConnector implements NetworkConnector {

  static final TextRules TEXT = TextRules.of(300, "graphemes", TextCounting::graphemes).withMaxBytes(3000);

  /** networks.md 2.6: images are limited by bytes only (1,000,000). */
  static final MediaRules.ImageLimits IMAGES = MediaRules.ImageLimits.NONE;

  /** networks.md 2.6: at most 3 minutes (third-party reporting, unconfirmed by Bluesky; getUploadLimits is the truth). */
  static final MediaRules.VideoLimits VIDEOS = new MediaRules.VideoLimits(0, 180, 0, Set.of(), 0, 0, 0, 0);

  static final NetworkCapabilities CAPABILITIES = new NetworkCapabilities(
      Platform.BLUESKY,
      /* text */ TEXT,
      /* caption */ TEXT,
      /* title */ null,
      new MediaRules(
          /* maxImages */ 4,
          /* maxImageBytes */ 1_000_000L,
          Set.of("image/jpeg", "image/png", "image/webp", "image/gif"),
          /* maxVideos */ 1,
          /* maxVideoBytes */ 100_000_000L,
          Set.of("video/mp4"),
          /* mixImagesAndVideo */ false,
          MediaRules.Required.NOTHING,
          /* maxAltText */ 2000)
          .withImages(IMAGES)
          .withVideos(VIDEOS),
      ThreadStyle.REPLY_CHAIN,
      /* idempotentPublish */ true,
      /* asyncMediaProcessing */ true,
      /* canDelete */ true);

  static final String DEFAULT_SERVICE = "https://bsky.social";

  private static final DateTimeFormatter CREATED_AT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final BlueskyApi api;
  private final Embeds embeds;
  private final Clock clock;
  private final String defaultService;

  /** The settings are optional so a context that scans only the networks package still starts. */
  @Autowired
  BlueskyConnector(OutboundHttp http, JsonMapper json, Clock clock, MediaSource media,
      ObjectProvider<NetworksProperties> networks, ObjectProvider<BlueskyVideoProperties> video) {
    this(http, json, clock, media, networks, video.getIfAvailable(() -> BlueskyVideoProperties.DEFAULTS), Thread::sleep);
  }

  BlueskyConnector(OutboundHttp http, JsonMapper json, Clock clock, MediaSource media,
      ObjectProvider<NetworksProperties> networks, BlueskyVideoProperties video, BlueskyVideo.Pause pause) {
    this.api = new BlueskyApi(http, json, clock);
    this.embeds = new Embeds(api, media, new LinkCards(http), CAPABILITIES.media(),
        new BlueskyVideo(api, http, json, clock, video, pause), video);
    this.clock = clock;
    var settings = networks.getIfAvailable();
    this.defaultService = settings == null ? DEFAULT_SERVICE : settings.baseUrl(Platform.BLUESKY, DEFAULT_SERVICE);
  }

  @Override
  public Platform platform() {
    return Platform.BLUESKY;
  }

  @Override
  public NetworkCapabilities capabilities() {
    return CAPABILITIES;
  }

  /**
   * A handle (or email) and an app password, checked by creating a session on the PDS
   * ({@code service_url}, bsky.social by default). The session is kept: createSession is limited
   * to 30 per 5 minutes per account, so publishing reuses and refreshes it.
   */
  @Override
  public boolean connectsWithCredentials() {
    return true;
  }

  @Override
  public Identity connect(Map<String, String> fields) throws NetworkFailure {
    String identifier = fields.get("identifier");
    if (identifier == null || identifier.isBlank()) {
      throw new IllegalArgumentException("identifier is required: the account's handle, e.g. alice.bsky.social");
    }
    identifier = identifier.strip();
    if (identifier.startsWith("@")) {
      identifier = identifier.substring(1);
    }
    String password = fields.get("app_password");
    if (password == null || password.isBlank()) {
      throw new IllegalArgumentException(
          "app_password is required: create one in Bluesky under Settings > Privacy and security > App passwords");
    }
    String service = service(fields.get("service_url"));
    var session = Session.of(api.createSession(service, identifier, password.strip()));
    return new Identity(session.did(), session.handle() == null ? identifier : session.handle(), null, null, service,
        session.credentials(password.strip()), session.accessExpiresAt());
  }

  /**
   * Writes one {@code app.bsky.feed.post} record under a record key derived from the idempotency
   * key. A taken key has no error of its own yet (the reference PDS answers a 500, others a 409 or
   * a 400), so any refused create is followed by one getRecord: if this post's record is there, an
   * earlier attempt made it and that is the answer; if not, the refusal stands.
   */
  @Override
  public Publication.Published publish(Publication p) throws NetworkFailure {
    var account = p.account();
    String service = service(account);
    String token = accessJwt(account);
    String did = did(account);
    String text = p.content().text() == null ? "" : p.content().text();

    var record = new LinkedHashMap<String, Object>();
    record.put("$type", BlueskyApi.POST);
    record.put("text", text);
    record.put("createdAt", CREATED_AT.format(clock.instant()));
    var facets = Facets.detect(text, handle -> api.resolveHandle(service, handle));
    if (!facets.isEmpty()) {
      record.put("facets", Facets.toRecord(facets));
    }
    if (p.replyTo() != null) {
      var parent = strongRef(service, p.replyTo());
      var reply = new LinkedHashMap<String, Object>();
      reply.put("root", p.threadRoot() == null ? parent : strongRef(service, p.threadRoot()));
      reply.put("parent", parent);
      record.put("reply", reply);
    }
    var embed = embeds.of(service, token, did, p.content(), Facets.firstLink(facets));
    if (embed != null) {
      record.put("embed", embed);
    }

    // without a key (never from the engine) a retry could double, as with any non-idempotent network
    String rkey = RecordKeys.tid(p.idempotencyKey() == null ? java.util.UUID.randomUUID().toString() : p.idempotencyKey());
    var body = new LinkedHashMap<String, Object>();
    body.put("repo", did);
    body.put("collection", BlueskyApi.POST);
    body.put("rkey", rkey);
    body.put("record", record);
    // Blobs, link cards and parent lookups above create no post and may be repeated; this request creates it.
    p.gate().open();
    JsonNode created;
    try {
      created = api.createRecord(service, token, body);
    } catch (NetworkFailure.Unavailable | NetworkFailure.Rejected e) {
      created = existing(service, did, rkey, e);
    }
    String uri = created.path("uri").asString(RecordKeys.uri(did, BlueskyApi.POST, rkey));
    String cid = created.path("cid").asString(null);
    var refs = new HashMap<String, String>();
    refs.put("uri", uri);
    if (cid != null) {
      refs.put("cid", cid);
    }
    return new Publication.Published(uri, postUrl(account, uri), Map.copyOf(refs));
  }

  /** The record an earlier attempt created under this key, or the original failure. */
  private JsonNode existing(String service, String did, String rkey, NetworkFailure original) throws NetworkFailure {
    JsonNode found;
    try {
      found = api.getRecord(service, did, BlueskyApi.POST, rkey);
    } catch (NetworkFailure e) {
      throw original;
    }
    if (found == null) {
      throw original;
    }
    return found;
  }

  /** {@code {uri, cid}} of a post this one replies to; the cid is looked up if an old result lacks it. */
  private Map<String, Object> strongRef(String service, Publication.Published post) throws NetworkFailure {
    var refs = post.refs() == null ? Map.<String, String>of() : post.refs();
    String uri = refs.getOrDefault("uri", post.postId());
    String cid = refs.get("cid");
    if (cid == null) {
      RecordKeys.AtUri at;
      try {
        at = RecordKeys.parse(uri);
      } catch (IllegalArgumentException e) {
        throw new NetworkFailure.Rejected("reply_parent_missing", "The post to reply to is not a Bluesky record: " + uri);
      }
      var found = api.getRecord(service, at.repo(), at.collection(), at.rkey());
      if (found == null) {
        throw new NetworkFailure.Rejected("reply_parent_missing", "The post to reply to no longer exists on Bluesky: " + uri);
      }
      cid = found.path("cid").asString();
    }
    var ref = new LinkedHashMap<String, Object>();
    ref.put("uri", uri);
    ref.put("cid", cid);
    return ref;
  }

  /**
   * A new session from the refresh JWT (both JWTs rotate); if the refresh JWT is dead too, a new
   * session from the stored app password. When that is refused the failure goes up and the
   * account needs reconnecting.
   */
  @Override
  public Optional<RefreshedCredentials> refresh(Publication.AccountContext account) throws NetworkFailure {
    var credentials = account.credentials();
    String service = service(account);
    String refreshJwt = credentials.get(Session.REFRESH_JWT);
    var renewed = refreshJwt == null ? Optional.<JsonNode>empty() : api.refreshSession(service, refreshJwt);
    String appPassword = credentials.get(Session.APP_PASSWORD);
    Session session;
    if (renewed.isPresent()) {
      session = Session.of(renewed.get());
    } else if (appPassword != null) {
      session = Session.of(api.createSession(service, did(account), appPassword));
    } else {
      return Optional.empty();
    }
    if (session.handle() == null) {
      session = new Session(session.did(), credentials.get(Session.HANDLE), session.accessJwt(), session.refreshJwt());
    }
    return Optional.of(new RefreshedCredentials(session.credentials(appPassword), session.accessExpiresAt()));
  }

  @Override
  public void delete(Publication.AccountContext account, String postId) throws NetworkFailure {
    RecordKeys.AtUri at;
    try {
      at = RecordKeys.parse(postId);
    } catch (IllegalArgumentException e) {
      throw new NetworkFailure.Rejected("not_found", "Not a Bluesky post id: " + postId);
    }
    api.deleteRecord(service(account), accessJwt(account), at.repo(), at.collection(), at.rkey());
  }

  /** https://bsky.app/profile/{handle}/post/{rkey}; the DID stands in for a handle that no longer verifies. */
  private static String postUrl(Publication.AccountContext account, String uri) {
    String handle = account.credentials().getOrDefault(Session.HANDLE, account.username());
    if (handle == null || handle.isBlank() || handle.equals("handle.invalid")) {
      handle = did(account);
    }
    String rkey = uri.substring(uri.lastIndexOf('/') + 1);
    return "https://bsky.app/profile/" + handle + "/post/" + rkey;
  }

  private String service(Publication.AccountContext account) {
    String url = account.instanceUrl();
    return url == null || url.isBlank() ? defaultService : url;
  }

  private static String did(Publication.AccountContext account) {
    String did = account.credentials().get(Session.DID);
    return did != null ? did : account.platformUserId();
  }

  /** With no access JWT but a way to get one, refreshing helps; with neither, only reconnecting does. */
  private static String accessJwt(Publication.AccountContext account) throws NetworkFailure {
    var credentials = account.credentials();
    String token = credentials.get(Session.ACCESS_JWT);
    if (token != null) {
      return token;
    }
    if (credentials.containsKey(Session.REFRESH_JWT) || credentials.containsKey(Session.APP_PASSWORD)) {
      throw new NetworkFailure.CredentialsExpired("No Bluesky session is stored for this account");
    }
    throw new NetworkFailure.AccessRevoked("No Bluesky credentials are stored for this account");
  }

  /** The PDS (or entryway) URL, https://host[:port] without a path; the configured default when absent. */
  String service(String url) {
    if (url == null || url.isBlank()) {
      return defaultService;
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
      throw new IllegalArgumentException("service_url must be the PDS's http or https URL, e.g. https://bsky.social");
    }
  }
}

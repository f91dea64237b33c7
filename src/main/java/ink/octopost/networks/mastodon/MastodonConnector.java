package ink.octopost.networks.mastodon;

import ink.octopost.networks.MediaRules;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.Publication;
import ink.octopost.shared.OutboundHttp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import ink.octopost.networks.NetworkCapabilities;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.Platform;
import ink.octopost.networks.TextRules;
import ink.octopost.networks.ThreadStyle;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Mastodon: 500 graphemes with URLs as 23 and remote mentions as local, 4 attachments (networks.md 3.4, 3.5). */
@Component
class MastodonConnector implements NetworkConnector {

  static final TextRules TEXT = TextRules.of(500, "characters", StatusLength::count);

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
          /* maxAltText */ 1500),
      ThreadStyle.REPLY_CHAIN,
      /* idempotentPublish */ true,
      /* asyncMediaProcessing */ true,
      /* canDelete */ true);

  private final MastodonApi api;

  MastodonConnector(OutboundHttp http, tools.jackson.databind.json.JsonMapper json, Clock clock) {
    this.api = new MastodonApi(http, json, clock);
  }

  @Override
  public Platform platform() {
    return Platform.MASTODON;
  }

  /** A pasted access token on an instance, checked with verify_credentials before anything is stored. */
  @Override
  public Identity connect(Map<String, String> fields) throws NetworkFailure {
    String instance = instance(fields.get("instance_url"));
    String token = fields.get("access_token");
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("access_token is required");
    }
    var me = api.verifyCredentials(instance, token.strip());
    return new Identity(me.path("id").asString(), me.path("acct").asString(me.path("username").asString()),
        me.path("display_name").asString(null), me.path("avatar").asString(null), instance,
        Map.of("access_token", token.strip()), null);
  }

  @Override
  public Publication.Published publish(Publication p) throws NetworkFailure {
    if (!p.content().images().isEmpty() || p.content().video() != null) {
      throw new NetworkFailure.Rejected("media_not_supported",
          "Publishing media to Mastodon is not available in this version of Octopost yet");
    }
    var body = new LinkedHashMap<String, Object>();
    body.put("status", p.content().text());
    body.put("visibility", "public");
    if (p.replyTo() != null) {
      body.put("in_reply_to_id", p.replyTo().postId());
    }
    var status = api.postStatus(p.account().instanceUrl(), token(p.account()), body, p.idempotencyKey());
    String id = status.path("id").asString();
    return new Publication.Published(id, status.path("url").asString(status.path("uri").asString()), Map.of("id", id));
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
      throw new IllegalArgumentException("instance_url must be an https URL, e.g. https://mastodon.social");
    }
  }

  @Override
  public NetworkCapabilities capabilities() {
    return CAPABILITIES;
  }
}

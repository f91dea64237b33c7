package ink.octopost.networks.discord;

import ink.octopost.networks.MediaFile;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Discord: 2000 characters, files of 10 MiB, follow-up messages (networks.md 10.2, 10.3). */
@Component
class DiscordConnector implements NetworkConnector {

  static final TextRules TEXT = TextRules.of(2000, "characters", TextCounting::utf16Units);

  /** networks.md 10.3 limits files by bytes only (10 MiB each, 25 MiB a message). */
  static final MediaRules.ImageLimits IMAGES = MediaRules.ImageLimits.NONE;

  static final MediaRules.VideoLimits VIDEOS = MediaRules.VideoLimits.NONE;

  static final NetworkCapabilities CAPABILITIES = new NetworkCapabilities(
      Platform.DISCORD,
      /* text */ TEXT,
      /* caption */ TEXT,
      /* title */ null,
      new MediaRules(
          /* maxImages */ 10,
          /* maxImageBytes */ 10_485_760L,
          Set.of("image/jpeg", "image/png", "image/gif", "image/webp"),
          /* maxVideos */ 1,
          /* maxVideoBytes */ 10_485_760L,
          Set.of("video/mp4", "video/webm", "video/quicktime"),
          /* mixImagesAndVideo */ true,
          MediaRules.Required.NOTHING,
          /* maxAltText */ 1024)
          .withImages(IMAGES)
          .withVideos(VIDEOS),
      ThreadStyle.FOLLOW_UP,
      /* idempotentPublish */ false,
      /* asyncMediaProcessing */ false,
      /* canDelete */ true);

  static final String DEFAULT_BASE_URL = "https://discord.com/api";

  /** The hosts Discord's own UI has handed out webhook URLs on, accepted when the base is Discord's. */
  private static final List<String> DISCORD_ALIASES =
      List.of("https://discordapp.com/api", "https://ptb.discord.com/api", "https://canary.discord.com/api");

  private static final Pattern WEBHOOK_PATH = Pattern.compile("(?:/v\\d{1,2})?/webhooks/(\\d{5,20})/([A-Za-z0-9_-]{20,200})/?");

  /** Discord refuses a request over 25 MiB whatever each file's size (networks.md 10.3). */
  private static final long MAX_REQUEST_BYTES = 25L * 1024 * 1024;

  private final DiscordApi api;
  private final MediaSource media;
  private final List<String> acceptedPrefixes;

  DiscordConnector(OutboundHttp http, JsonMapper json, Clock clock, MediaSource media, NetworksProperties networks) {
    String base = networks.baseUrl(Platform.DISCORD, DEFAULT_BASE_URL);
    this.api = new DiscordApi(http, json, clock, base);
    this.media = media;
    var prefixes = new ArrayList<String>();
    prefixes.add(base);
    if (base.equals(DEFAULT_BASE_URL)) {
      prefixes.addAll(DISCORD_ALIASES);
    }
    this.acceptedPrefixes = List.copyOf(prefixes);
  }

  @Override
  public Platform platform() {
    return Platform.DISCORD;
  }

  @Override
  public NetworkCapabilities capabilities() {
    return CAPABILITIES;
  }

  /**
   * A webhook URL, checked by reading the webhook. Only its id and token are stored: every call
   * goes to the configured Discord base, so a pasted URL can never send Octopost to another host.
   */
  @Override
  public boolean connectsWithCredentials() {
    return true;
  }

  @Override
  public Identity connect(Map<String, String> fields) throws NetworkFailure {
    var hook = webhook(fields.get("webhook_url"));
    JsonNode w = api.webhook(hook);
    String name = w.path("name").asString("Discord webhook");
    String avatar = w.path("avatar").asString(null);
    var credentials = new LinkedHashMap<String, String>();
    credentials.put("webhook_id", hook.id());
    credentials.put("webhook_token", hook.token());
    if (w.hasNonNull("guild_id")) {
      credentials.put("guild_id", w.path("guild_id").asString());
    }
    if (w.hasNonNull("channel_id")) {
      credentials.put("channel_id", w.path("channel_id").asString());
    }
    return new Identity(hook.id(), name, name,
        avatar == null ? null : "https://cdn.discordapp.com/avatars/" + hook.id() + "/" + avatar + ".png", null,
        Map.copyOf(credentials), null);
  }

  /** The id and token of a webhook URL under an accepted prefix; the message never quotes the URL. */
  DiscordApi.Webhook webhook(String url) {
    String u = url == null ? "" : url.strip();
    if (u.isEmpty()) {
      throw new IllegalArgumentException("webhook_url is required: the channel's webhook URL, " + acceptedPrefixes.getFirst()
          + "/webhooks/{id}/{token}");
    }
    int query = u.indexOf('?');
    String withoutQuery = query < 0 ? u : u.substring(0, query);
    for (String prefix : acceptedPrefixes) {
      if (withoutQuery.startsWith(prefix)) {
        var m = WEBHOOK_PATH.matcher(withoutQuery.substring(prefix.length()));
        if (m.matches()) {
          return new DiscordApi.Webhook(m.group(1), m.group(2));
        }
      }
    }
    throw new IllegalArgumentException("webhook_url must be a Discord webhook URL: " + acceptedPrefixes.getFirst()
        + "/webhooks/{id}/{token}, as the channel's Integrations settings give it");
  }

  @Override
  public Publication.Published publish(Publication p) throws NetworkFailure {
    var hook = stored(p.account());
    var content = p.content();
    var rules = CAPABILITIES.media();
    var uploads = new ArrayList<DiscordApi.Upload>();
    var attachments = new ArrayList<Map<String, Object>>();
    var names = new HashSet<String>();
    long total = 0;
    for (var image : content.images()) {
      var m = media.image(image, Platform.DISCORD, rules);
      total += m.size();
      uploads.add(upload(m, names));
      attachments.add(attachment(attachments.size(), uploads.getLast().fileName(), image.altText()));
    }
    if (content.video() != null) {
      var m = media.video(content.video(), Platform.DISCORD, rules);
      total += m.size();
      uploads.add(upload(m, names));
      attachments.add(attachment(attachments.size(), uploads.getLast().fileName(), null));
    }
    if (total > MAX_REQUEST_BYTES) {
      throw new NetworkFailure.Rejected("media_too_large", "Discord accepts at most 25 MiB of files in one message; this post has "
          + total + " bytes");
    }
    var payload = new LinkedHashMap<String, Object>();
    if (content.text() != null && !content.text().isBlank()) {
      payload.put("content", content.text());
    }
    // Webhook messages cannot reply (message_reference is for bots), so segments simply follow in order.
    // The files travel in the execute request itself (streamed from the store): only getting them ready is before it.
    p.gate().open();
    JsonNode message;
    if (uploads.isEmpty()) {
      message = api.execute(hook, payload);
    } else {
      payload.put("attachments", attachments);
      message = api.execute(hook, payload, uploads);
    }
    String id = message.path("id").asString();
    String channel = message.path("channel_id").asString(p.account().credentials().get("channel_id"));
    String guild = p.account().credentials().getOrDefault("guild_id", "@me");
    var refs = new LinkedHashMap<String, String>();
    refs.put("message_id", id);
    if (channel != null) {
      refs.put("channel_id", channel);
    }
    return new Publication.Published(id, "https://discord.com/channels/" + guild + "/" + channel + "/" + id, Map.copyOf(refs));
  }

  private static Map<String, Object> attachment(int id, String fileName, String alt) {
    var a = new LinkedHashMap<String, Object>();
    a.put("id", id);
    a.put("filename", fileName);
    if (alt != null && !alt.isBlank()) {
      a.put("description", alt);
    }
    return a;
  }

  /** Each file under a distinct name, since the payload refers to attachments by it. */
  private static DiscordApi.Upload upload(MediaFile m, Set<String> taken) {
    String name = m.fileName();
    for (int i = 1; !taken.add(name); i++) {
      name = i + "-" + m.fileName();
    }
    return new DiscordApi.Upload(name, m.mimeType(), m);
  }

  @Override
  public void delete(Publication.AccountContext account, String postId) throws NetworkFailure {
    api.deleteMessage(stored(account), postId);
  }

  private static DiscordApi.Webhook stored(Publication.AccountContext account) throws NetworkFailure {
    String id = account.credentials().get("webhook_id");
    String token = account.credentials().get("webhook_token");
    if (id == null || token == null || !id.matches("\\d{1,20}") || !token.matches("[A-Za-z0-9_-]{1,200}")) {
      throw new NetworkFailure.AccessRevoked("No usable Discord webhook is stored for this account; reconnect it");
    }
    return new DiscordApi.Webhook(id, token);
  }
}

package ink.octopost.networks.slack;

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
import ink.octopost.networks.TokenExpiry;
import ink.octopost.shared.OutboundHttp;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Slack: text required, 40,000 characters, thread replies as follow-ups (networks.md 11.2, 11.3). */
@Component
class SlackConnector implements NetworkConnector {

  static final TextRules TEXT = TextRules.of(40_000, "characters", TextCounting::utf16Units).requiredText();

  /** networks.md 11.3 gives no media limits beyond the (unconfirmed) 1 GB file size. */
  static final MediaRules.ImageLimits IMAGES = MediaRules.ImageLimits.NONE;

  static final MediaRules.VideoLimits VIDEOS = MediaRules.VideoLimits.NONE;

  static final NetworkCapabilities CAPABILITIES = new NetworkCapabilities(
      Platform.SLACK,
      /* text */ TEXT,
      /* caption */ TEXT,
      /* title */ null,
      new MediaRules(
          /* maxImages */ 10,
          /* maxImageBytes */ 1_000_000_000L,
          Set.of("image/jpeg", "image/png", "image/gif", "image/webp"),
          /* maxVideos */ 1,
          /* maxVideoBytes */ 1_000_000_000L,
          Set.of("video/mp4", "video/quicktime", "video/webm"),
          /* mixImagesAndVideo */ true,
          MediaRules.Required.NOTHING,
          /* maxAltText */ 1000) // alt_txt on file uploads (bot-token accounts), cut at 1000 by Slack
          .withImages(IMAGES)
          .withVideos(VIDEOS),
      ThreadStyle.FOLLOW_UP,
      /* idempotentPublish */ false,
      /* asyncMediaProcessing */ false,
      /* canDelete */ true);

  static final String DEFAULT_API_URL = "https://slack.com/api";
  static final String DEFAULT_HOOKS_URL = "https://hooks.slack.com";

  /** files.getUploadURLExternal refuses longer alt text ({@code alt_txt_too_large}). */
  private static final int MAX_ALT_TXT = 1000;
  /** A file's message is shared asynchronously; its ts may take a moment to appear in files.info. */
  private static final int SHARE_POLLS = 5;
  private static final Duration SHARE_POLL = Duration.ofMillis(400);

  private final SlackApi api;
  private final SlackWebhook webhooks;
  private final SlackTokens tokens;
  private final MediaSource media;
  private final Clock clock;

  SlackConnector(OutboundHttp http, JsonMapper json, Clock clock, MediaSource media, NetworksProperties networks) {
    String apiUrl = networks.baseUrl(Platform.SLACK, DEFAULT_API_URL);
    this.api = new SlackApi(http, json, clock, apiUrl);
    this.webhooks = new SlackWebhook(http, json, clock, hooksUrl(apiUrl));
    this.tokens = new SlackTokens(api, networks, clock);
    this.media = media;
    this.clock = clock;
  }

  /**
   * Incoming webhooks live on their own host. A configured base URL (a local fake, a proxy) serves
   * both: the webhooks at its origin, as {@code hooks.slack.com} serves them at its root.
   */
  static String hooksUrl(String apiUrl) {
    if (apiUrl.equals(DEFAULT_API_URL)) {
      return DEFAULT_HOOKS_URL;
    }
    var uri = URI.create(apiUrl);
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
  }

  @Override
  public Platform platform() {
    return Platform.SLACK;
  }

  @Override
  public NetworkCapabilities capabilities() {
    return CAPABILITIES;
  }

  /** Either an incoming webhook URL, or a bot token and the id of the channel it posts into. */
  @Override
  public boolean connectsWithCredentials() {
    return true;
  }

  @Override
  public Identity connect(Map<String, String> fields) throws NetworkFailure {
    String url = blankToNull(fields.get("webhook_url"));
    String token = blankToNull(fields.get("bot_token"));
    if (url != null && token != null) {
      throw new IllegalArgumentException("give either webhook_url, or bot_token with channel, not both");
    }
    if (url != null) {
      var hook = webhooks.parse(url);
      webhooks.verify(hook);
      return new Identity(hook.id(), "webhook " + hook.id(), "Slack incoming webhook (" + hook.team() + ")", null, null,
          Map.of("webhook_path", hook.path()), null);
    }
    if (token == null) {
      throw new IllegalArgumentException("webhook_url, or bot_token (xoxb-...) with channel, is required");
    }
    if (!SlackApi.TOKEN.matcher(token).matches()) {
      throw new IllegalArgumentException("bot_token is not a Slack token: it starts with xoxb- (the app's Bot User OAuth Token)");
    }
    String channel = blankToNull(fields.get("channel"));
    if (channel == null || !channel.matches("[CGD][A-Z0-9]{6,20}")) {
      throw new IllegalArgumentException("channel is required: the channel's id, like C0123456789 (channel details, About)");
    }
    return connectBot(tokens.pasted(token, channel, fields));
  }

  /**
   * auth.test for the token and its workspace, conversations.info for the channel and the app's
   * place in it. A rotating token that already expired is refreshed first, once.
   */
  private Identity connectBot(Map<String, String> pasted) throws NetworkFailure {
    var credentials = SlackTokens.due(pasted, clock.instant()) ? renewed(pasted) : pasted;
    SlackApi.Auth auth;
    try {
      auth = api.authTest(credentials.get(SlackTokens.BOT_TOKEN));
    } catch (NetworkFailure.CredentialsExpired expired) {
      credentials = renewed(credentials);
      auth = api.authTest(credentials.get(SlackTokens.BOT_TOKEN));
    }
    String token = credentials.get(SlackTokens.BOT_TOKEN);
    String channelId = credentials.get("channel");
    JsonNode channel = api.form(token, "conversations.info", Map.of("channel", channelId)).path("channel");
    String name = channel.path("name").asString(channelId);
    if (channel.path("is_archived").asBoolean(false)) {
      throw new NetworkFailure.Rejected("rejected", "Slack: #" + name + " is archived");
    }
    // Posting needs membership, unless chat:write.public lets the app post into public channels.
    boolean member = channel.path("is_member").asBoolean(true);
    boolean publicWrite = !channel.path("is_private").asBoolean(false)
        && (auth.scopes() == null || auth.scopes().contains("chat:write.public"));
    if (!member && !publicWrite) {
      throw new NetworkFailure.Rejected("rejected", "Slack: not_in_channel (invite the app to #" + name
          + " with /invite, then connect again)");
    }
    String team = auth.body().path("team").asString("Slack");
    String teamUrl = auth.body().path("url").asString(null);
    if (teamUrl != null && teamUrl.endsWith("/")) {
      teamUrl = teamUrl.substring(0, teamUrl.length() - 1);
    }
    var stored = new LinkedHashMap<>(credentials);
    stored.put("channel", channel.path("id").asString(channelId));
    return new Identity(channel.path("id").asString(channelId), name, team + " #" + name, null, teamUrl,
        Map.copyOf(stored), TokenExpiry.expiresAt(stored));
  }

  private Map<String, String> renewed(Map<String, String> credentials) throws NetworkFailure {
    return tokens.refresh(credentials).map(RefreshedCredentials::credentials).orElseThrow(() ->
        new NetworkFailure.AccessRevoked("Slack: the token expired and Slack refused its refresh_token"
            + " (invalid_refresh_token); copy a new pair from the app's OAuth & Permissions page"));
  }

  /** Rotating bot tokens only: webhooks and plain bot tokens never expire. */
  @Override
  public Optional<RefreshedCredentials> refresh(Publication.AccountContext account) throws NetworkFailure {
    return account.credentials().containsKey("webhook_path") ? Optional.empty() : tokens.refresh(account.credentials());
  }

  @Override
  public Publication.Published publish(Publication p) throws NetworkFailure {
    var credentials = p.account().credentials();
    if (credentials.containsKey("webhook_path")) {
      return publishToWebhook(p, hook(credentials));
    }
    if (SlackTokens.due(credentials, clock.instant())) {
      // Refreshed by the engine before anything is sent, so no upload runs into the expiry.
      throw new NetworkFailure.CredentialsExpired("The Slack token is about to expire");
    }
    String token = credential(credentials, "bot_token");
    String channel = credential(credentials, "channel");
    var content = p.content();
    // Replies go under the thread's first message: Slack threads have one level.
    String threadTs = p.threadRoot() == null ? null : p.threadRoot().refs().get("ts");
    if (!content.hasMedia()) {
      var args = new LinkedHashMap<String, Object>();
      args.put("channel", channel);
      args.put("text", content.text());
      if (threadTs != null) {
        args.put("thread_ts", threadTs);
      }
      p.gate().open();
      JsonNode posted = api.json(token, "chat.postMessage", args);
      String ts = posted.path("ts").asString();
      String in = posted.path("channel").asString(channel);
      return new Publication.Published(ts, permalink(token, in, ts, p.account().instanceUrl()), Map.of("channel", in, "ts", ts));
    }
    return publishFiles(p, token, channel, threadTs);
  }

  private Publication.Published publishToWebhook(Publication p, SlackWebhook.Hook hook) throws NetworkFailure {
    if (p.content().hasMedia()) {
      throw new NetworkFailure.Rejected("media_not_supported", "Slack incoming webhooks cannot carry images or video;"
          + " connect the Slack account with a bot token (bot_token and channel) to post media");
    }
    // A webhook answers only "ok": no ts, so no id, link, thread or delete. Segments follow in order.
    p.gate().open();
    webhooks.post(hook, p.content().text());
    return new Publication.Published(null, null, Map.of("webhook", hook.id()));
  }

  /**
   * The three-call upload: an upload URL per file, the bytes, then one completeUploadExternal that
   * shares them all in one message with the text as its comment.
   */
  private Publication.Published publishFiles(Publication p, String token, String channel, String threadTs)
      throws NetworkFailure {
    var content = p.content();
    var rules = CAPABILITIES.media();
    var files = new ArrayList<Map<String, Object>>();
    for (var image : content.images()) {
      files.add(upload(token, media.image(image, Platform.SLACK, rules), image.altText()));
    }
    if (content.video() != null) {
      files.add(upload(token, media.video(content.video(), Platform.SLACK, rules), null));
    }
    var args = new LinkedHashMap<String, Object>();
    args.put("files", files);
    args.put("channel_id", channel);
    if (content.text() != null && !content.text().isBlank()) {
      args.put("initial_comment", content.text());
    }
    if (threadTs != null) {
      args.put("thread_ts", threadTs);
    }
    // Uploaded files are private until this call shares them in the channel: it is what posts.
    p.gate().open();
    JsonNode done = api.json(token, "files.completeUploadExternal", args);
    // From here on the message exists: nothing below may fail the publish.
    JsonNode first = done.path("files").path(0);
    String fileId = first.path("id").asString((String) files.getFirst().get("id"));
    String ts = shareTs(first, channel);
    for (int i = 0; ts == null && i < SHARE_POLLS && pause(SHARE_POLL); i++) {
      try {
        ts = shareTs(api.form(token, "files.info", Map.of("file", fileId)).path("file"), channel);
      } catch (NetworkFailure e) {
        break;
      }
    }
    if (ts == null) {
      // Slack has not said which message carries the files yet: the file stands for the post.
      return new Publication.Published(fileId, first.path("permalink").asString(null), Map.of("channel", channel, "file_id", fileId));
    }
    return new Publication.Published(ts, permalink(token, channel, ts, p.account().instanceUrl()),
        Map.of("channel", channel, "ts", ts, "file_id", fileId));
  }

  private Map<String, Object> upload(String token, MediaFile m, String alt) throws NetworkFailure {
    var args = new LinkedHashMap<String, String>();
    args.put("filename", m.fileName());
    args.put("length", String.valueOf(m.size()));
    if (alt != null && !alt.isBlank()) {
      // Slack takes alt text for files, though the capabilities do not promise it (networks.md is silent).
      args.put("alt_txt", alt.codePointCount(0, alt.length()) <= MAX_ALT_TXT ? alt
          : alt.substring(0, alt.offsetByCodePoints(0, MAX_ALT_TXT)));
    }
    JsonNode target = api.form(token, "files.getUploadURLExternal", args);
    String fileId = target.path("file_id").asString();
    api.uploadBytes(target.path("upload_url").asString(), m);
    return Map.of("id", fileId, "title", m.fileName());
  }

  /** The message's ts from the file's {@code shares.public|private.{channel}[0]}, or null while it is not there. */
  static String shareTs(JsonNode file, String channel) {
    for (String kind : List.of("public", "private")) {
      JsonNode shares = file.path("shares").path(kind).path(channel);
      if (shares.isArray() && !shares.isEmpty()) {
        return shares.get(0).path("ts").asString(null);
      }
    }
    return null;
  }

  /** chat.getPermalink, or the link Slack's permalinks follow when that call fails after posting. */
  private String permalink(String token, String channel, String ts, String teamUrl) {
    try {
      return api.form(token, "chat.getPermalink", Map.of("channel", channel, "message_ts", ts)).path("permalink").asString();
    } catch (NetworkFailure e) {
      return teamUrl == null || teamUrl.isBlank() ? null : teamUrl + "/archives/" + channel + "/p" + ts.replace(".", "");
    }
  }

  /** chat.delete (files.delete for a post that only a file stands for); what is already gone counts as deleted. */
  @Override
  public void delete(Publication.AccountContext account, String postId) throws NetworkFailure {
    var credentials = account.credentials();
    if (credentials.containsKey("webhook_path")) {
      throw new NetworkFailure.Rejected("not_supported",
          "Messages posted through a Slack incoming webhook cannot be deleted through the API (the webhook returns no id)");
    }
    String token = credential(credentials, "bot_token");
    try {
      if (postId != null && postId.startsWith("F")) {
        api.form(token, "files.delete", Map.of("file", postId));
      } else {
        api.json(token, "chat.delete", Map.of("channel", credential(credentials, "channel"), "ts", postId));
      }
    } catch (NetworkFailure.Rejected e) {
      if (!e.getMessage().contains("message_not_found") && !e.getMessage().contains("file_deleted")
          && !e.getMessage().contains("file_not_found")) {
        throw e;
      }
    }
  }

  private static SlackWebhook.Hook hook(Map<String, String> credentials) throws NetworkFailure {
    var hook = SlackWebhook.stored(credentials.get("webhook_path"));
    if (hook == null) {
      throw new NetworkFailure.AccessRevoked("The stored Slack webhook is not usable; reconnect the account");
    }
    return hook;
  }

  private static String credential(Map<String, String> credentials, String name) throws NetworkFailure {
    String value = credentials.get(name);
    if (value == null || value.isBlank() || (name.equals("bot_token") && !SlackApi.TOKEN.matcher(value).matches())) {
      throw new NetworkFailure.AccessRevoked("No usable Slack " + name + " is stored for this account; reconnect it");
    }
    return value;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** False when interrupted: the message exists by then, so waiting ends but nothing fails. */
  private static boolean pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

package ink.octopost.networks.telegram;

import ink.octopost.networks.MediaFile;
import ink.octopost.networks.MediaRules;
import ink.octopost.networks.MediaSource;
import ink.octopost.networks.Multipart;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Telegram: 4096-character messages, 1024-character captions, albums of 10 (networks.md 12.2, 12.3). */
@Component
class TelegramConnector implements NetworkConnector {

  static final TextRules TEXT = TextRules.of(4096, "characters", TextCounting::utf16Units).requiredText();

  static final TextRules CAPTION = TextRules.of(1024, "characters", TextCounting::utf16Units);

  /**
   * networks.md 12.3: a photo's width and height add up to at most 10000 (here: at most 5000 a
   * side, which always does), and its sides are at most 20:1 either way.
   */
  static final MediaRules.ImageLimits IMAGES = new MediaRules.ImageLimits(5000, 5000, 0, 1.0 / 20, 20);

  static final MediaRules.VideoLimits VIDEOS = MediaRules.VideoLimits.NONE;

  static final NetworkCapabilities CAPABILITIES = new NetworkCapabilities(
      Platform.TELEGRAM,
      /* text */ TEXT,
      /* caption */ CAPTION,
      /* title */ null,
      new MediaRules(
          /* maxImages */ 10,
          /* maxImageBytes */ 10_000_000L,
          Set.of("image/jpeg", "image/png", "image/webp"),
          /* maxVideos */ 1,
          /* maxVideoBytes */ 50_000_000L,
          Set.of("video/mp4"),
          /* mixImagesAndVideo */ true,
          MediaRules.Required.NOTHING,
          /* maxAltText */ 0)
          .withImages(IMAGES)
          .withVideos(VIDEOS),
      ThreadStyle.FOLLOW_UP,
      /* idempotentPublish */ false,
      /* asyncMediaProcessing */ false,
      /* canDelete */ true);

  static final String DEFAULT_BASE_URL = "https://api.telegram.org";

  /** An album is 2 to 10 photos and videos together (networks.md 12.2). */
  private static final int MAX_ALBUM = 10;

  private final TelegramApi api;
  private final MediaSource media;

  TelegramConnector(OutboundHttp http, JsonMapper json, Clock clock, MediaSource media, NetworksProperties networks) {
    this.api = new TelegramApi(http, json, clock, networks.baseUrl(Platform.TELEGRAM, DEFAULT_BASE_URL));
    this.media = media;
  }

  @Override
  public Platform platform() {
    return Platform.TELEGRAM;
  }

  @Override
  public NetworkCapabilities capabilities() {
    return CAPABILITIES;
  }

  /**
   * A bot token and the chat it posts into, checked with {@code getMe}, {@code getChat} and the
   * bot's membership there. The numeric chat id is stored (a channel's {@code @username} can change).
   */
  @Override
  public boolean connectsWithCredentials() {
    return true;
  }

  @Override
  public Identity connect(Map<String, String> fields) throws NetworkFailure {
    String token = fields.get("bot_token") == null ? "" : fields.get("bot_token").strip();
    if (token.isEmpty()) {
      throw new IllegalArgumentException("bot_token is required: the token @BotFather gave the bot, like 123456:ABC-DEF...");
    }
    if (!TelegramApi.TOKEN.matcher(token).matches()) {
      throw new IllegalArgumentException("bot_token is not a Telegram bot token: it looks like 123456:ABC-DEF..., as @BotFather gives it");
    }
    String chatId = chatId(fields.get("chat_id"));
    JsonNode bot = api.call(token, "getMe", Map.of());
    JsonNode chat = api.call(token, "getChat", Map.of("chat_id", chatId));
    String id = chat.path("id").asString();
    JsonNode member = api.call(token, "getChatMember", Map.of("chat_id", id, "user_id", bot.path("id").asLong()));
    requireCanPost(bot, chat, member);
    String title = chat.path("title").asString(null);
    if (title == null) {
      title = (chat.path("first_name").asString("") + " " + chat.path("last_name").asString("")).strip();
    }
    String username = chat.path("username").asString(null);
    return new Identity(id, username != null ? username : title, title, null, null,
        Map.of("bot_token", token, "chat_id", id), null);
  }

  /** A channel takes posts only from its administrators; a group from any member who was not removed. */
  private static void requireCanPost(JsonNode bot, JsonNode chat, JsonNode member) throws NetworkFailure {
    String status = member.path("status").asString("left");
    String botName = "@" + bot.path("username").asString("the bot");
    if (status.equals("left") || status.equals("kicked")) {
      throw new NetworkFailure.Rejected("bot_not_in_chat", "Telegram: " + botName + " is not a member of this chat; add it"
          + (chat.path("type").asString("").equals("channel") ? " as an administrator" : "") + " and connect again");
    }
    if (chat.path("type").asString("").equals("channel") && !status.equals("creator")
        && !(status.equals("administrator") && member.path("can_post_messages").asBoolean(false))) {
      throw new NetworkFailure.Rejected("bot_cannot_post", "Telegram: " + botName
          + " must be an administrator allowed to post messages in this channel");
    }
    if (status.equals("restricted") && !member.path("can_send_messages").asBoolean(true)) {
      throw new NetworkFailure.Rejected("bot_cannot_post", "Telegram: " + botName + " may not send messages in this chat");
    }
  }

  /** {@code @channel}, {@code channel}, {@code https://t.me/channel} or a numeric id. */
  static String chatId(String raw) {
    String v = raw == null ? "" : raw.strip();
    if (v.isEmpty()) {
      throw new IllegalArgumentException("chat_id is required: the channel's @username or the chat's numeric id");
    }
    for (String prefix : List.of("https://t.me/", "http://t.me/", "t.me/")) {
      if (v.startsWith(prefix)) {
        v = v.substring(prefix.length());
      }
    }
    if (v.matches("-?\\d{1,20}")) {
      return v;
    }
    String name = v.startsWith("@") ? v.substring(1) : v;
    if (!name.matches("[A-Za-z][A-Za-z0-9_]{3,31}")) {
      throw new IllegalArgumentException("chat_id must be a channel's @username or a chat's numeric id (like -1001234567890)");
    }
    return "@" + name;
  }

  @Override
  public Publication.Published publish(Publication p) throws NetworkFailure {
    var account = p.account();
    String token = credential(account, "bot_token");
    String chat = credential(account, "chat_id");
    var content = p.content();
    int items = content.images().size() + (content.video() == null ? 0 : 1);
    if (items > MAX_ALBUM) {
      throw new NetworkFailure.Rejected("too_many_media", "Telegram albums hold at most " + MAX_ALBUM
          + " photos and videos together; this post has " + items);
    }
    var files = new ArrayList<MediaFile>();
    var rules = CAPABILITIES.media();
    for (var image : content.images()) {
      files.add(media.image(image, Platform.TELEGRAM, rules));
    }
    if (content.video() != null) {
      files.add(media.video(content.video(), Platform.TELEGRAM, rules));
    }
    String text = content.text() == null ? "" : content.text();
    // Segments answer the previous message; allow_sending_without_reply is left off so a deleted
    // parent is reported instead of silently breaking the thread.
    Map<String, Object> reply = p.replyTo() == null ? null : Map.of("message_id", Long.parseLong(p.replyTo().postId()));

    // Telegram takes the media in the request that sends the message (streamed from the store): only
    // getting the files ready is before it.
    p.gate().open();
    JsonNode result;
    if (files.isEmpty()) {
      var params = new LinkedHashMap<String, Object>();
      params.put("chat_id", chat);
      params.put("text", text);
      if (reply != null) {
        params.put("reply_parameters", reply);
      }
      result = api.call(token, "sendMessage", params);
    } else if (files.size() == 1) {
      var file = files.getFirst();
      String field = file.isVideo() ? "video" : "photo";
      var form = new Multipart().field("chat_id", chat);
      if (!text.isBlank()) {
        form.field("caption", text);
      }
      if (file.isVideo()) {
        form.field("supports_streaming", "true");
      }
      if (reply != null) {
        form.field("reply_parameters", api.toJson(reply));
      }
      form.file(field, file.fileName(), file.mimeType(), file);
      result = api.upload(token, file.isVideo() ? "sendVideo" : "sendPhoto", form);
    } else {
      result = api.upload(token, "sendMediaGroup", album(chat, text, files, reply));
    }
    return published(result);
  }

  /** sendMediaGroup: each file a part named in {@code media} as {@code attach://}, the caption on the first item. */
  private Multipart album(String chat, String text, List<MediaFile> files, Map<String, Object> reply) {
    var form = new Multipart().field("chat_id", chat);
    var media = new ArrayList<Map<String, Object>>();
    for (int i = 0; i < files.size(); i++) {
      var item = new LinkedHashMap<String, Object>();
      item.put("type", files.get(i).isVideo() ? "video" : "photo");
      item.put("media", "attach://file" + i);
      if (i == 0 && !text.isBlank()) {
        item.put("caption", text);
      }
      media.add(item);
    }
    form.field("media", api.toJson(media));
    if (reply != null) {
      form.field("reply_parameters", api.toJson(reply));
    }
    for (int i = 0; i < files.size(); i++) {
      var f = files.get(i);
      form.file("file" + i, f.fileName(), f.mimeType(), f);
    }
    return form;
  }

  /** One Message, or an album's array of them: the first message stands for the post. */
  private static Publication.Published published(JsonNode result) {
    var messages = new ArrayList<JsonNode>();
    if (result.isArray()) {
      result.forEach(messages::add);
    } else {
      messages.add(result);
    }
    JsonNode first = messages.getFirst();
    String messageId = first.path("message_id").asString();
    JsonNode chat = first.path("chat");
    var refs = new LinkedHashMap<String, String>();
    refs.put("chat_id", chat.path("id").asString());
    refs.put("message_id", messageId);
    if (messages.size() > 1) {
      refs.put("message_ids", String.join(",", messages.stream().map(m -> m.path("message_id").asString()).toList()));
    }
    return new Publication.Published(messageId, link(chat, messageId), Map.copyOf(refs));
  }

  /**
   * {@code t.me/{username}/{id}} for a public chat, {@code t.me/c/{id without -100}/{id}} for a
   * private channel or supergroup; basic groups and private chats have no link.
   */
  static String link(JsonNode chat, String messageId) {
    String username = chat.path("username").asString(null);
    if (username != null && !username.isBlank()) {
      return "https://t.me/" + username + "/" + messageId;
    }
    String id = chat.path("id").asString("");
    if (id.startsWith("-100")) {
      return "https://t.me/c/" + id.substring(4) + "/" + messageId;
    }
    return null;
  }

  /**
   * deleteMessage, for the post's first message (an album's other items are separate messages,
   * and only the first id is kept as the post id). Telegram refuses messages older than 48 hours.
   */
  @Override
  public void delete(Publication.AccountContext account, String postId) throws NetworkFailure {
    try {
      api.call(credential(account, "bot_token"), "deleteMessage",
          Map.of("chat_id", credential(account, "chat_id"), "message_id", Long.parseLong(postId)));
    } catch (NetworkFailure.Rejected e) {
      if (!e.getMessage().contains("message to delete not found")) {
        throw e;
      }
    }
  }

  private static String credential(Publication.AccountContext account, String name) throws NetworkFailure {
    String value = account.credentials().get(name);
    if (value == null || value.isBlank()) {
      throw new NetworkFailure.AccessRevoked("No Telegram " + name + " is stored for this account; reconnect it");
    }
    return value;
  }
}

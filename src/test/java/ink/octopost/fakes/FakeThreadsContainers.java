package ink.octopost.fakes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.BreakIterator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Threads' media containers (networks.md 5.2, 5.3): the parameters checked as Meta checks them,
 * the media fetched from its URL at creation (as Meta pulls it) and sniffed, and the life cycle
 * {@code IN_PROGRESS} for a set number of status reads, then {@code FINISHED} (or {@code ERROR}
 * with a reason), {@code EXPIRED} after 24 hours unpublished, {@code PUBLISHED} once used.
 */
final class FakeThreadsContainers {

  static final Set<String> PARAMS = Set.of("media_type", "text", "image_url", "video_url", "is_carousel_item", "children",
      "reply_to_id", "reply_control", "link_attachment", "alt_text", "topic_tag", "quote_post_id", "access_token");
  static final Set<String> REPLY_CONTROLS = Set.of("everyone", "accounts_you_follow", "mentioned_only", "parent_post_author_only",
      "followers_only");
  private static final Pattern URL = Pattern.compile("https?://[^\\s]+");

  /** A container as Threads holds it. */
  static final class Container {
    final String id;
    final String userId;
    final Map<String, String> params;
    final Instant createdAt;
    final boolean video;
    int pollsLeft;
    String error;
    boolean published;

    Container(String id, String userId, Map<String, String> params, Instant createdAt, boolean video, int polls, String error) {
      this.id = id;
      this.userId = userId;
      this.params = Map.copyOf(params);
      this.createdAt = createdAt;
      this.video = video;
      this.pollsLeft = polls;
      this.error = error;
    }

    String type() {
      return params.get("media_type");
    }

    boolean item() {
      return "true".equals(params.get("is_carousel_item"));
    }
  }

  /** A refusal at creation: Meta's code and subcode, message and user message. */
  record Refusal(int code, int subcode, String message) {}

  private final Clock clock;
  private final AtomicLong ids;
  private final Map<String, Container> containers = new ConcurrentHashMap<>();
  private final HttpClient fetcher = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private volatile int textPolls = 0;
  private volatile int imagePolls = 0;
  private volatile int videoPolls = 2;
  private volatile boolean neverFinish;
  private volatile String nextError;
  private final List<String> fetched = new java.util.concurrent.CopyOnWriteArrayList<>();

  FakeThreadsContainers(Clock clock, AtomicLong ids) {
    this.clock = clock;
    this.ids = ids;
  }

  void polls(int text, int image, int video) {
    textPolls = text;
    imagePolls = image;
    videoPolls = video;
  }

  void neverFinish(boolean never) {
    neverFinish = never;
  }

  void errorNext(String reason) {
    nextError = reason;
  }

  List<String> fetched() {
    return List.copyOf(fetched);
  }

  Container get(String id) {
    return containers.get(id);
  }

  Container create(String userId, Map<String, String> p, Map<String, ?> livePosts) throws RefusalException {
    for (String name : p.keySet()) {
      if (!PARAMS.contains(name)) {
        throw refusal(100, 0, "(#100) Param " + name + " is not a valid parameter");
      }
    }
    String type = p.get("media_type");
    if (type == null || !Set.of("TEXT", "IMAGE", "VIDEO", "CAROUSEL").contains(type)) {
      throw refusal(100, 0, "(#100) media_type must be one of TEXT, IMAGE, VIDEO, CAROUSEL");
    }
    boolean item = "true".equals(p.get("is_carousel_item"));
    String text = p.getOrDefault("text", "");
    if ("TEXT".equals(type) && text.isBlank()) {
      throw refusal(100, 0, "(#100) text is required for a TEXT post");
    }
    if (item && (!Set.of("IMAGE", "VIDEO").contains(type) || p.containsKey("reply_to_id"))) {
      throw refusal(100, 0, "(#100) A carousel item must be an IMAGE or VIDEO and cannot reply");
    }
    if ("IMAGE".equals(type) != p.containsKey("image_url") || "VIDEO".equals(type) != p.containsKey("video_url")) {
      throw refusal(100, 0, "(#100) image_url goes with IMAGE and video_url with VIDEO, each required there");
    }
    if (p.containsKey("link_attachment") && !"TEXT".equals(type)) {
      throw refusal(100, 0, "(#100) link_attachment is only available for TEXT posts");
    }
    if (threadsLength(text) > 500) {
      throw refusal(100, 0, "(#100) The parameter text must be at most 500 characters long.");
    }
    var links = new LinkedHashSet<String>();
    URL.matcher(text).results().forEach(m -> links.add(m.group()));
    if (p.containsKey("link_attachment")) {
      links.add(p.get("link_attachment"));
    }
    if (links.size() > 5) {
      throw refusal(100, 4279039, "THREADS_API__LINK_LIMIT_EXCEEDED");
    }
    if (p.containsKey("reply_control") && !REPLY_CONTROLS.contains(p.get("reply_control"))) {
      throw refusal(100, 0, "(#100) reply_control must be one of " + REPLY_CONTROLS);
    }
    String replyTo = p.get("reply_to_id");
    if (replyTo != null && !livePosts.containsKey(replyTo)) {
      throw refusal(100, 33, "Unsupported post request. Object with ID '" + replyTo + "' does not exist");
    }
    if ("CAROUSEL".equals(type)) {
      String[] children = p.getOrDefault("children", "").split(",");
      if (children.length < 2 || children.length > 20) {
        throw refusal(100, 0, "(#100) A carousel needs 2 to 20 children");
      }
      for (String child : children) {
        var c = containers.get(child);
        if (c == null || !c.userId.equals(userId) || !c.item() || !"FINISHED".equals(status(c, false))) {
          throw refusal(100, 0, "(#100) Child " + child + " is not a finished carousel item of this user");
        }
      }
    } else if (p.containsKey("children")) {
      throw refusal(100, 0, "(#100) children is only for CAROUSEL");
    }
    String error = nextError;
    nextError = null;
    boolean video = "VIDEO".equals(type);
    if (error == null && (p.containsKey("image_url") || video)) {
      error = fetch(video ? p.get("video_url") : p.get("image_url"), video);
    }
    int polls = neverFinish ? Integer.MAX_VALUE : switch (type) {
      case "VIDEO" -> videoPolls;
      case "IMAGE" -> imagePolls;
      default -> textPolls;
    };
    var c = new Container(String.valueOf(ids.incrementAndGet()), userId, p, clock.instant(), video, polls, error);
    containers.put(c.id, c);
    return c;
  }

  /** A status read; {@code poll} counts it towards the container's processing. */
  String status(Container c, boolean poll) {
    if (c.published) {
      return "PUBLISHED";
    }
    if (!clock.instant().isBefore(c.createdAt.plus(Duration.ofHours(24)))) {
      return "EXPIRED";
    }
    if (c.pollsLeft > 0) {
      if (poll && c.pollsLeft != Integer.MAX_VALUE) {
        c.pollsLeft--;
      }
      return "IN_PROGRESS";
    }
    return c.error != null ? "ERROR" : "FINISHED";
  }

  /** Meta pulls the media from the URL: a failed download or unknown bytes end in ERROR. */
  private String fetch(String url, boolean video) {
    byte[] body;
    try {
      var r = fetcher.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        return video ? "FAILED_DOWNLOADING_VIDEO" : "FAILED_DOWNLOADING_IMAGE";
      }
      body = r.body();
    } catch (Exception e) {
      return video ? "FAILED_DOWNLOADING_VIDEO" : "FAILED_DOWNLOADING_IMAGE";
    }
    fetched.add(url);
    if (video) {
      return body.length > 8 && new String(body, 4, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("ftyp")
          ? null : "FAILED_PROCESSING_VIDEO";
    }
    boolean png = body.length > 4 && (body[0] & 0xFF) == 0x89 && body[1] == 'P' && body[2] == 'N' && body[3] == 'G';
    boolean jpeg = body.length > 3 && (body[0] & 0xFF) == 0xFF && (body[1] & 0xFF) == 0xD8;
    return png || jpeg ? null : "UNKNOWN";
  }

  /** 500 characters where each emoji grapheme counts its UTF-8 bytes (networks.md 5.3). */
  static int threadsLength(String text) {
    var it = BreakIterator.getCharacterInstance(Locale.ROOT);
    it.setText(text);
    int n = 0;
    for (int start = it.first(), end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
      String g = text.substring(start, end);
      boolean emoji = g.codePoints().anyMatch(cp -> Character.isExtendedPictographic(cp) || Character.isEmojiPresentation(cp)
          || cp == 0x20E3);
      n += emoji ? g.getBytes(java.nio.charset.StandardCharsets.UTF_8).length : g.codePointCount(0, g.length());
    }
    return n;
  }

  /** The containers created so far that carry media (Meta pulls it before the post is published). */
  int withMedia() {
    return (int) containers.values().stream().filter(c -> c.params.containsKey("image_url") || c.params.containsKey("video_url"))
        .count();
  }

  List<Container> children(Container carousel) {
    var out = new ArrayList<Container>();
    for (String id : carousel.params.getOrDefault("children", "").split(",")) {
      if (containers.containsKey(id)) {
        out.add(containers.get(id));
      }
    }
    return out;
  }

  static RefusalException refusal(int code, int subcode, String message) {
    return new RefusalException(new Refusal(code, subcode, message));
  }

  static final class RefusalException extends Exception {
    final Refusal refusal;

    RefusalException(Refusal refusal) {
      super(refusal.message(), null, false, false);
      this.refusal = refusal;
    }
  }
}

package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * A Mastodon instance's self-description and the status rules that follow from it (networks.md
 * 3.2, 3.4, 3.5): {@code GET /api/v2/instance} with {@code configuration.statuses} and
 * {@code configuration.media_attachments}, {@code GET /api/v1/instance} as older Mastodon and
 * Pleroma/Akkoma serve it ({@code max_toot_chars} beside the configuration), and the checks
 * {@code POST /api/v1/statuses} makes of {@code visibility}, {@code spoiler_text} and
 * {@code sensitive}: the content warning counts toward the limit together with the text.
 */
public final class FakeMastodonInstance {

  /** Which instance endpoints answer: both (Mastodon 4), v1 only (old Mastodon, Akkoma), none, or 503. */
  public enum Api { V2, V1_ONLY, NONE, UNAVAILABLE }

  static final Set<String> VISIBILITIES = Set.of("public", "unlisted", "private", "direct");

  private volatile int maxCharacters = 500;
  private volatile int maxAttachments = 4;
  private volatile Api api = Api.V2;
  private final AtomicInteger reads = new AtomicInteger();

  /** The instance's character limit (Glitch and Akkoma instances often allow 5,000 or more). */
  public FakeMastodonInstance maxCharacters(int n) {
    this.maxCharacters = n;
    return this;
  }

  public FakeMastodonInstance maxAttachments(int n) {
    this.maxAttachments = n;
    return this;
  }

  public FakeMastodonInstance api(Api api) {
    this.api = api;
    return this;
  }

  public int maxCharacters() {
    return maxCharacters;
  }

  int maxAttachments() {
    return maxAttachments;
  }

  /** How often the instance documents were asked for. */
  public int reads() {
    return reads.get();
  }

  void v2(HttpExchange ex) throws IOException {
    reads.incrementAndGet();
    switch (api) {
      case V2 -> LoopbackHttp.json(ex, 200, Map.of("domain", "fake.example", "version", "4.4.0",
          "configuration", configuration()));
      case UNAVAILABLE -> LoopbackHttp.json(ex, 503, Map.of("error", "Service Unavailable"));
      default -> LoopbackHttp.json(ex, 404, Map.of("error", "Record not found"));
    }
  }

  void v1(HttpExchange ex) throws IOException {
    reads.incrementAndGet();
    switch (api) {
      case V2, V1_ONLY -> LoopbackHttp.json(ex, 200, Map.of("uri", "fake.example", "version", "2.7.2 (compatible; Akkoma 3.10)",
          "max_toot_chars", maxCharacters, "max_media_attachments", maxAttachments, "upload_limit", 16_000_000,
          "configuration", Map.of("statuses", Map.of("max_characters", maxCharacters))));
      case UNAVAILABLE -> LoopbackHttp.json(ex, 503, Map.of("error", "Service Unavailable"));
      case NONE -> LoopbackHttp.json(ex, 404, Map.of("error", "Record not found"));
    }
  }

  private Map<String, Object> configuration() {
    return Map.of(
        "statuses", Map.of("max_characters", maxCharacters, "max_media_attachments", maxAttachments,
            "characters_reserved_per_url", 23),
        "media_attachments", Map.of("supported_mime_types", List.of("image/jpeg", "image/png", "image/gif", "video/mp4"),
            "description_limit", 1500, "image_size_limit", 16_777_216, "image_matrix_limit", 33_177_600,
            "video_size_limit", 103_809_024, "video_frame_rate_limit", 120, "video_matrix_limit", 8_294_400));
  }

  /**
   * Why the instance refuses these status fields, in its words ({@code Validation failed: ...}), or
   * null. Like Rails, {@code sensitive} takes booleans and their string forms.
   */
  String refusal(JsonNode body, String text, int attachments) {
    JsonNode visibility = body.path("visibility");
    if (!visibility.isMissingNode() && !(visibility.isString() && VISIBILITIES.contains(visibility.asString()))) {
      return "Validation failed: Visibility is not included in the list";
    }
    JsonNode sensitive = body.path("sensitive");
    if (!sensitive.isMissingNode() && !sensitive.isBoolean()
        && !(sensitive.isString() && Set.of("true", "false", "1", "0").contains(sensitive.asString()))) {
      return "Validation failed: Sensitive is not a boolean";
    }
    JsonNode spoiler = body.path("spoiler_text");
    if (!spoiler.isMissingNode() && !spoiler.isString()) {
      return "Validation failed: Spoiler text must be a string";
    }
    if (attachments > maxAttachments) {
      return "Validation failed: Media attachments too many";
    }
    if (text.isBlank() && attachments == 0) {
      return "Validation failed: Text can't be blank";
    }
    String counted = spoiler.asString("") + text;
    if (counted.codePointCount(0, counted.length()) > maxCharacters) {
      return "Validation failed: Text character limit of " + maxCharacters + " exceeded";
    }
    return null;
  }
}

package ink.octopost.posts;

import com.fasterxml.jackson.annotation.JsonInclude;
import ink.octopost.networks.Platform;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The post object of the API (and of post events). Results are computed from the targets. */
record PostView(
    @Schema(example = "post_3kTMd9sWqLr7Vb2N") String id,
    @Schema(description = "The main text; \"\" for a media-only post") String content,
    @ArraySchema(schema = @Schema(implementation = Platform.class)) List<String> platforms,
    @Schema(description = "The target accounts, one per target") List<String> accountIds,
    @Nullable String presetId,
    @Schema(implementation = PostStatus.class) String status,
    @Nullable @Schema(implementation = Post.QueueStatus.class, description = "Set on queued posts") String queueStatus,
    @Nullable @Schema(description = "A queued post's place in its queue (1 is next); null when not queued") Integer queuePosition,
    @Nullable @Schema(description = "When a queued post is expected to publish: the slot it will take") Instant expectedAt,
    @Nullable Instant scheduledFor,
    Post.Media media,
    @Nullable @Schema(description = "The reply segments of a thread; null when the post is not a thread") List<Post.Segment> segments,
    @Schema(description = "Per-platform changes, as sent") Map<String, OverrideView> overrides,
    @Schema(description = "Keyed by platform (platform:account_id when a post goes to several accounts of one"
        + " platform); only finished targets have a result", additionalPropertiesSchema = PlatformResult.class)
        Map<String, Map<String, Object>> platformResults,
    List<TargetView> targets,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant publishedAt) {

  /** A platform's override as it was sent: its own options appear beside content, media and segments. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record OverrideView(String content, Post.Media media, List<Post.Segment> segments,
      @com.fasterxml.jackson.annotation.JsonIgnore Map<String, Object> options) {

    @com.fasterxml.jackson.annotation.JsonAnyGetter
    Map<String, Object> networkOptions() {
      return options == null ? Map.of() : new java.util.TreeMap<>(options);
    }
  }

  record TargetView(
      String accountId, @Schema(implementation = Platform.class) String platform,
      @Schema(implementation = TargetStatus.class) String status, @Nullable String postId, @Nullable String postUrl,
      @Nullable String error, @Nullable String errorCode, int attempts, @Nullable Instant publishedAt, @Nullable String note,
      @Nullable @Schema(description = "When a pending target that failed before, or waits (error_code"
          + " in_progress: the network is still processing it; media_processing), is tried again") Instant nextAttemptAt,
      @Schema(description = "The target's attempts, oldest first (the last 20); attempts counts them all")
          List<Post.Attempt> attemptHistory) {}

  /**
   * The documentation of a {@code platform_results} entry (built as a map by {@link #results}):
   * {@code success} with the network's post, or the error.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record PlatformResult(
      @JsonInclude(JsonInclude.Include.ALWAYS) boolean success,
      @Nullable @Schema(description = "Present when success") String postId,
      @Nullable @Schema(description = "Present when success") String postUrl,
      @Nullable @Schema(description = "Present when not success") String error,
      @Nullable @Schema(description = "Present when not success") String errorCode) {}

  static PostView of(Post p) {
    return of(p, null);
  }

  /**
   * @param place where a queued post stands in its queue, or null (not queued, pending approval,
   *     or not known here: a view for an event about a post that left the queue)
   */
  static PostView of(Post p, QueuePlaces.Place place) {
    var overrides = new LinkedHashMap<String, OverrideView>();
    p.overrides().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> overrides.put(e.getKey().id(), new OverrideView(e.getValue().content(), e.getValue().media(), e.getValue().segments(),
            e.getValue().options())));
    return new PostView(
        p.id(),
        p.content(),
        p.targets().stream().map(t -> t.platform().id()).distinct().toList(),
        p.targets().stream().map(Post.Target::accountId).toList(),
        p.presetId(),
        p.status().wire(),
        p.queueStatus() == null ? null : p.queueStatus().wire(),
        place == null ? null : place.position(),
        place == null ? null : place.expectedAt(),
        p.scheduledFor(),
        p.media(),
        p.segments().isEmpty() ? null : p.segments(),
        overrides,
        results(p.targets()),
        p.targets().stream().map(t -> new TargetView(t.accountId(), t.platform().id(), t.status().wire(),
            t.networkPostId(), t.networkPostUrl(), t.error(), t.errorCode(), t.attempts(), t.publishedAt(), t.note(),
            t.status() == TargetStatus.PENDING && (t.attempts() > 0 || t.errorCode() != null) ? t.dueAt() : null,
            t.attemptHistory())).toList(),
        p.createdAt(),
        p.updatedAt(),
        p.publishedAt());
  }

  /**
   * Keyed by platform; when a post goes to several accounts of one platform, each result is
   * keyed {@code platform:account_id}. Only finished targets have a result.
   */
  private static Map<String, Map<String, Object>> results(List<Post.Target> targets) {
    Map<Platform, Long> perPlatform = targets.stream().collect(Collectors.groupingBy(Post.Target::platform, Collectors.counting()));
    var out = new LinkedHashMap<String, Map<String, Object>>();
    for (var t : targets) {
      if (!t.status().finished()) {
        continue;
      }
      String key = perPlatform.get(t.platform()) > 1 ? t.platform().id() + ":" + t.accountId() : t.platform().id();
      var r = new LinkedHashMap<String, Object>();
      if (t.status() == TargetStatus.PUBLISHED) {
        r.put("success", true);
        r.put("post_id", t.networkPostId());
        r.put("post_url", t.networkPostUrl());
      } else {
        r.put("success", false);
        r.put("error", t.error());
        r.put("error_code", t.errorCode());
      }
      out.put(key, r);
    }
    return out;
  }

}

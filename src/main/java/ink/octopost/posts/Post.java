package ink.octopost.posts;

import ink.octopost.networks.Platform;
import ink.octopost.networks.PostContent;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A post with its targets, as stored. */
public record Post(
    String id,
    String workspaceId,
    boolean sandbox,
    String content,
    PostStatus status,
    QueueStatus queueStatus,
    Instant queuedAt,
    Instant scheduledFor,
    String presetId,
    List<Platform> requestedPlatforms,
    List<String> requestedAccountIds,
    Media media,
    List<Segment> segments,
    Map<Platform, Override> overrides,
    Instant createdAt,
    Instant updatedAt,
    Instant publishedAt,
    List<Target> targets) {

  public enum QueueStatus {
    QUEUED,
    PENDING;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Images (with alt text) and at most one video. */
  public record Media(List<PostContent.Image> images, @jakarta.annotation.Nullable PostContent.Video video) {
    public static final Media NONE = new Media(List.of(), null);

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isEmpty() {
      return images.isEmpty() && video == null;
    }
  }

  /** One reply of a thread. */
  public record Segment(String content, Media media) {}

  /**
   * A platform's own version of the post; null fields inherit from the post. {@code options} are
   * the network's own per-post settings (Mastodon's visibility), by name; empty when none.
   */
  public record Override(String content, Media media, List<Segment> segments, Map<String, Object> options) {
    public Override {
      options = options == null ? Map.of() : Map.copyOf(options);
    }
  }

  /** One account the post goes to, and what happened there. */
  public record Target(
      String id,
      String postId,
      String accountId,
      Platform platform,
      int position,
      TargetStatus status,
      int attempts,
      String networkPostId,
      String networkPostUrl,
      String error,
      String errorCode,
      Instant publishedAt,
      String note,
      Instant dueAt,
      List<Attempt> attemptHistory) {}

  /**
   * One attempt at a target, as its log keeps it (the last 20). {@code outcome} is null while the
   * call is in flight; otherwise {@code published}, {@code failed}, {@code unconfirmed},
   * {@code retrying} (a transient failure, tried again later) or {@code interrupted} (its node
   * died during the call; run again with the same idempotency key).
   */
  public record Attempt(
      int number,
      @Schema(description = "The Octopost node that made the call") String node,
      Instant startedAt,
      @Nullable @Schema(description = "Null while the call is in flight") Instant finishedAt,
      @Nullable @Schema(description = "Null while the call is in flight",
          allowableValues = {"published", "failed", "unconfirmed", "retrying", "interrupted"}) String outcome,
      @Nullable String errorCode,
      @Nullable String note) {}

  /** This post once its targets are all finished. */
  Post settled(PostStatus newStatus, Instant newPublishedAt, Instant now) {
    return new Post(id, workspaceId, sandbox, content, newStatus, queueStatus, queuedAt, scheduledFor, presetId,
        requestedPlatforms, requestedAccountIds, media, segments, overrides, createdAt, now, newPublishedAt, targets);
  }

  /** What this post asks {@code platform} to publish, overrides applied. */
  public PostContent contentFor(Platform platform) {
    var o = overrides.get(platform);
    String text = o != null && o.content() != null ? o.content() : content;
    Media m = o != null && o.media() != null ? o.media() : media;
    List<Segment> segs = o != null && o.segments() != null ? o.segments() : segments;
    String fit = o != null && o.options().get(PostInput.FIT) instanceof String f ? f : null;
    return new PostContent(
        text,
        fitted(m.images(), fit),
        m.video(),
        segs.stream()
            .map(s -> new PostContent.Segment(s.content(), fitted(s.media().images(), fit), s.media().video()))
            .toList(),
        o == null ? Map.of() : o.options());
  }

  private static List<PostContent.Image> fitted(List<PostContent.Image> images, String fit) {
    return fit == null ? images : images.stream().map(i -> i.withFit(fit)).toList();
  }

  /** Every media library id this post refers to, its overrides' and segments' included. */
  public java.util.Set<String> mediaIds() {
    var ids = new java.util.LinkedHashSet<String>();
    java.util.function.Consumer<Media> add = m -> {
      if (m == null) {
        return;
      }
      m.images().stream().map(PostContent.Image::mediaId).filter(java.util.Objects::nonNull).forEach(ids::add);
      if (m.video() != null && m.video().mediaId() != null) {
        ids.add(m.video().mediaId());
      }
    };
    add.accept(media);
    segments.forEach(s -> add.accept(s.media()));
    overrides.values().forEach(o -> {
      add.accept(o.media());
      if (o.segments() != null) {
        o.segments().forEach(s -> add.accept(s.media()));
      }
    });
    return ids;
  }

  /** The same post with each media item passed through {@code f} (its overrides' and segments' included). */
  Post withMedia(java.util.function.UnaryOperator<Media> f) {
    Map<ink.octopost.networks.Platform, Override> o = new java.util.LinkedHashMap<>();
    overrides.forEach((p, v) -> o.put(p, new Override(v.content(), v.media() == null ? null : f.apply(v.media()),
        v.segments() == null ? null : v.segments().stream().map(s -> new Segment(s.content(), f.apply(s.media()))).toList(),
        v.options())));
    return new Post(id, workspaceId, sandbox, content, status, queueStatus, queuedAt, scheduledFor, presetId,
        requestedPlatforms, requestedAccountIds, f.apply(media), segments.stream().map(s -> new Segment(s.content(), f.apply(s.media()))).toList(),
        Map.copyOf(o), createdAt, updatedAt, publishedAt, targets);
  }
}

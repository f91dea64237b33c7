package ink.octopost.posts;

import ink.octopost.networks.Platform;
import ink.octopost.shared.Cursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class PostRepository {

  private final JdbcClient jdbc;
  private final JsonMapper json;

  PostRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** List filters; null fields do not filter. */
  record Filter(
      PostStatus status, Post.QueueStatus queueStatus, Platform platform, String accountId,
      Instant scheduledAfter, Instant scheduledBefore, Instant createdAfter, Instant createdBefore) {}

  void insert(Post p) {
    jdbc.sql(
            """
            INSERT INTO posts (id, workspace_id, sandbox, content, status, queue_status, queued_at, scheduled_for,
              preset_id, requested_platforms, requested_account_ids, media, segments, overrides, created_at, updated_at)
            VALUES (:id, :ws, :sandbox, :content, :status, :queueStatus, :queuedAt, :scheduledFor, :presetId,
              :platforms, :accountIds, :media::jsonb, :segments::jsonb, :overrides::jsonb, :createdAt, :updatedAt)""")
        .params(params(p))
        .update();
  }

  void update(Post p) {
    jdbc.sql(
            """
            UPDATE posts SET content = :content, status = :status, queue_status = :queueStatus, queued_at = :queuedAt,
              scheduled_for = :scheduledFor, preset_id = :presetId, requested_platforms = :platforms,
              requested_account_ids = :accountIds, media = :media::jsonb, segments = :segments::jsonb,
              overrides = :overrides::jsonb, updated_at = :updatedAt
            WHERE id = :id""")
        .params(params(p))
        .update();
  }

  private Map<String, Object> params(Post p) {
    var m = new LinkedHashMap<String, Object>();
    m.put("id", p.id());
    m.put("ws", p.workspaceId());
    m.put("sandbox", p.sandbox());
    m.put("content", p.content());
    m.put("status", p.status().wire());
    m.put("queueStatus", p.queueStatus() == null ? null : p.queueStatus().wire());
    m.put("queuedAt", ts(p.queuedAt()));
    m.put("scheduledFor", ts(p.scheduledFor()));
    m.put("presetId", p.presetId());
    m.put("platforms", p.requestedPlatforms().stream().map(Platform::id).toArray(String[]::new));
    m.put("accountIds", p.requestedAccountIds().toArray(String[]::new));
    m.put("media", json.writeValueAsString(p.media()));
    m.put("segments", json.writeValueAsString(p.segments()));
    var overrides = new LinkedHashMap<String, Post.Override>();
    p.overrides().forEach((k, v) -> overrides.put(k.id(), v));
    m.put("overrides", json.writeValueAsString(overrides));
    m.put("createdAt", ts(p.createdAt()));
    m.put("updatedAt", ts(p.updatedAt()));
    return m;
  }

  /** Replaces the targets of a post that has not started publishing. */
  void replaceTargets(String postId, List<Post.Target> targets, Instant now) {
    jdbc.sql("DELETE FROM post_targets WHERE post_id = ?").param(postId).update();
    for (var t : targets) {
      jdbc.sql(
              """
              INSERT INTO post_targets (id, post_id, account_id, platform, position, status, attempts, updated_at)
              VALUES (?, ?, ?, ?, ?, 'pending', 0, ?)""")
          .params(t.id(), postId, t.accountId(), t.platform().id(), t.position(), ts(now))
          .update();
    }
  }

  /** Moves the post from one of {@code from} to {@code to}; false when another request won. */
  boolean transition(String id, Set<PostStatus> from, PostStatus to, Instant now) {
    return jdbc.sql("UPDATE posts SET status = ?, updated_at = ? WHERE id = ? AND status = ANY(?)")
            .params(to.wire(), ts(now), id, from.stream().map(PostStatus::wire).toArray(String[]::new))
            .update() == 1;
  }

  void clearQueue(String id) {
    jdbc.sql("UPDATE posts SET queue_status = NULL, queued_at = NULL WHERE id = ?").param(id).update();
  }

  boolean approve(String id, Instant now) {
    return jdbc.sql("UPDATE posts SET queue_status = 'queued', updated_at = ? WHERE id = ? AND queue_status = 'pending'")
            .params(ts(now), id)
            .update() == 1;
  }

  /** Puts finished targets back to pending so the engine runs them again. */
  int resetTargets(String postId, Set<TargetStatus> statuses, Instant now) {
    return jdbc.sql(
            """
            UPDATE post_targets SET status = 'pending', error = NULL, error_code = NULL, updated_at = ?,
              progress = NULL, progress_segment = NULL, progress_since = NULL
            WHERE post_id = ? AND status = ANY(?)""")
        .params(ts(now), postId, statuses.stream().map(TargetStatus::wire).toArray(String[]::new))
        .update();
  }

  void delete(String id) {
    jdbc.sql("DELETE FROM posts WHERE id = ?").param(id).update();
  }

  Optional<Post> find(String ws, boolean sandbox, String id, boolean lock) {
    return jdbc.sql("SELECT * FROM posts WHERE workspace_id = ? AND sandbox = ? AND id = ?" + (lock ? " FOR UPDATE" : ""))
        .params(ws, sandbox, id)
        .query(this::row)
        .optional()
        .map(p -> withTargets(List.of(p)).getFirst());
  }

  /**
   * Locks those of the posts that are publishing, in id order, and returns the ones whose targets
   * have all finished.
   */
  List<String> lockFinishedPublishing(java.util.Collection<String> ids) {
    String[] sorted = ids.stream().distinct().sorted().toArray(String[]::new);
    var locked = jdbc.sql("SELECT id FROM posts WHERE id = ANY(?) AND status = 'publishing' ORDER BY id FOR UPDATE")
        .param(sorted).query(String.class).list();
    if (locked.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            """
            SELECT p.id FROM unnest(?) AS p(id)
            WHERE NOT EXISTS (SELECT 1 FROM post_targets t WHERE t.post_id = p.id AND t.status IN ('pending', 'publishing'))""")
        .param(locked.toArray(String[]::new)).query(String.class).list();
  }

  Map<String, Post> findAll(java.util.Collection<String> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    var found = withTargets(jdbc.sql("SELECT * FROM posts WHERE id = ANY(?)").param(ids.toArray(String[]::new)).query(this::row).list());
    var out = new LinkedHashMap<String, Post>();
    found.forEach(p -> out.put(p.id(), p));
    return out;
  }

  /** Stores the settled status of each post (its status, published_at and updated_at). */
  void finishAll(List<Post> settled) {
    if (settled.isEmpty()) {
      return;
    }
    jdbc.sql(
            """
            UPDATE posts p SET status = s.status, published_at = s.published_at, updated_at = s.updated_at
            FROM unnest(?, ?, CAST(? AS timestamptz[]), CAST(? AS timestamptz[])) AS s(id, status, published_at, updated_at)
            WHERE p.id = s.id""")
        .params(settled.stream().map(Post::id).toArray(String[]::new),
            settled.stream().map(p -> p.status().wire()).toArray(String[]::new),
            settled.stream().map(p -> p.publishedAt() == null ? null : p.publishedAt().toString()).toArray(String[]::new),
            settled.stream().map(p -> p.updatedAt().toString()).toArray(String[]::new))
        .update();
  }

  Optional<Post> find(String id) {
    return jdbc.sql("SELECT * FROM posts WHERE id = ?").param(id).query(this::row).optional()
        .map(p -> withTargets(List.of(p)).getFirst());
  }

  List<Post> page(String ws, boolean sandbox, Filter f, Cursor after, int limit) {
    var sql = new StringBuilder("SELECT * FROM posts p WHERE workspace_id = :ws AND sandbox = :sandbox");
    var params = new LinkedHashMap<String, Object>();
    params.put("ws", ws);
    params.put("sandbox", sandbox);
    if (f.status() != null) {
      sql.append(" AND status = :status");
      params.put("status", f.status().wire());
    }
    if (f.queueStatus() != null) {
      sql.append(" AND queue_status = :queueStatus");
      params.put("queueStatus", f.queueStatus().wire());
    }
    if (f.platform() != null) {
      sql.append(" AND EXISTS (SELECT 1 FROM post_targets t WHERE t.post_id = p.id AND t.platform = :platform)");
      params.put("platform", f.platform().id());
    }
    if (f.accountId() != null) {
      sql.append(" AND EXISTS (SELECT 1 FROM post_targets t WHERE t.post_id = p.id AND t.account_id = :account)");
      params.put("account", f.accountId());
    }
    range(sql, params, "scheduled_for", ">", "sa", f.scheduledAfter());
    range(sql, params, "scheduled_for", "<", "sb", f.scheduledBefore());
    range(sql, params, "created_at", ">", "ca", f.createdAfter());
    range(sql, params, "created_at", "<", "cb", f.createdBefore());
    if (after != null) {
      sql.append(" AND (created_at, id) < (:afterAt, :afterId)");
      params.put("afterAt", ts(after.at()));
      params.put("afterId", after.id());
    }
    sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
    params.put("limit", limit);
    return withTargets(jdbc.sql(sql.toString()).params(params).query(this::row).list());
  }

  /**
   * The places (1 goes next) of those of these posts that wait in the queue, counted in the order
   * the engine takes them: oldest queued first, an approved post keeping its original place.
   */
  Map<String, Integer> queuePositions(String ws, boolean sandbox, java.util.Collection<String> ids) {
    var out = new LinkedHashMap<String, Integer>();
    jdbc.sql(
            """
            SELECT id, position FROM (
              SELECT id, row_number() OVER (ORDER BY queued_at, id) AS position FROM posts
              WHERE workspace_id = ? AND sandbox = ? AND queue_status = 'queued' AND status = 'draft') q
            WHERE id = ANY(?)""")
        .params(ws, sandbox, ids.toArray(String[]::new))
        .query(rs -> {
          out.put(rs.getString(1), rs.getInt(2));
        });
    return out;
  }

  private static void range(StringBuilder sql, Map<String, Object> params, String column, String op, String name, Instant value) {
    if (value != null) {
      sql.append(" AND ").append(column).append(' ').append(op).append(" :").append(name);
      params.put(name, ts(value));
    }
  }

  /** Loads the targets of these posts in one query. */
  private List<Post> withTargets(List<Post> posts) {
    if (posts.isEmpty()) {
      return posts;
    }
    var ids = posts.stream().map(Post::id).toArray(String[]::new);
    // One post (the usual case) by plain equality: its plan is an index scan whatever the table's
    // statistics say. "= ANY(array)" gets a generic plan that a freshly filled table makes slow.
    var rows = ids.length == 1
        ? jdbc.sql("SELECT * FROM post_targets WHERE post_id = ? ORDER BY position").param(ids[0]).query(this::target).list()
        : jdbc.sql("SELECT * FROM post_targets WHERE post_id = ANY(?) ORDER BY post_id, position").param(ids).query(this::target).list();
    Map<String, List<Post.Target>> byPost = rows
        .stream()
        .collect(Collectors.groupingBy(Post.Target::postId, LinkedHashMap::new, Collectors.toList()));
    var out = new ArrayList<Post>(posts.size());
    for (var p : posts) {
      out.add(new Post(p.id(), p.workspaceId(), p.sandbox(), p.content(), p.status(), p.queueStatus(), p.queuedAt(),
          p.scheduledFor(), p.presetId(), p.requestedPlatforms(), p.requestedAccountIds(), p.media(), p.segments(),
          p.overrides(), p.createdAt(), p.updatedAt(), p.publishedAt(), List.copyOf(byPost.getOrDefault(p.id(), List.of()))));
    }
    return out;
  }

  private Post row(ResultSet rs, int n) throws SQLException {
    String queue = rs.getString("queue_status");
    Map<String, Post.Override> overrides =
        json.readValue(rs.getString("overrides"), new TypeReference<Map<String, Post.Override>>() {});
    var byPlatform = new EnumMap<Platform, Post.Override>(Platform.class);
    overrides.forEach((k, v) -> byPlatform.put(Platform.fromId(k).orElseThrow(), v));
    return new Post(
        rs.getString("id"),
        rs.getString("workspace_id"),
        rs.getBoolean("sandbox"),
        rs.getString("content"),
        PostStatus.fromWire(rs.getString("status")).orElseThrow(),
        queue == null ? null : Post.QueueStatus.valueOf(queue.toUpperCase(java.util.Locale.ROOT)),
        instant(rs.getTimestamp("queued_at")),
        instant(rs.getTimestamp("scheduled_for")),
        rs.getString("preset_id"),
        Arrays.stream((String[]) rs.getArray("requested_platforms").getArray()).map(s -> Platform.fromId(s).orElseThrow()).toList(),
        List.of((String[]) rs.getArray("requested_account_ids").getArray()),
        json.readValue(rs.getString("media"), Post.Media.class),
        json.readValue(rs.getString("segments"), new TypeReference<List<Post.Segment>>() {}),
        Map.copyOf(byPlatform),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant(),
        instant(rs.getTimestamp("published_at")),
        List.of());
  }

  private static final TypeReference<List<Post.Attempt>> ATTEMPTS = new TypeReference<>() {};

  Post.Target target(ResultSet rs, int n) throws SQLException {
    return new Post.Target(
        rs.getString("id"),
        rs.getString("post_id"),
        rs.getString("account_id"),
        Platform.fromId(rs.getString("platform")).orElseThrow(),
        rs.getInt("position"),
        TargetStatus.fromWire(rs.getString("status")),
        rs.getInt("attempts"),
        rs.getString("network_post_id"),
        rs.getString("network_post_url"),
        rs.getString("error"),
        rs.getString("error_code"),
        instant(rs.getTimestamp("published_at")),
        rs.getString("note"),
        instant(rs.getTimestamp("due_at")),
        json.readValue(rs.getString("attempt_log"), ATTEMPTS));
  }

  private static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}

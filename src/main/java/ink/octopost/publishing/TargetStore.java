package ink.octopost.publishing;

import ink.octopost.networks.Platform;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The engine's SQL on the execution columns of post targets (the posts feature defines targets;
 * the engine runs them). Every result is fenced: it only lands on a target this node still holds,
 * or on one a takeover already gave up on (the real answer then replaces "unconfirmed").
 */
@Repository
class TargetStore {

  /** Serializes claims across nodes, so per-account limits hold exactly. Held for milliseconds. */
  private static final long CLAIM_LOCK = 0x6f63746f_636c6169L; // "octoclai"

  private final JdbcClient jdbc;

  TargetStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * A target this node now holds, with what it needs to run. {@code attempts} is the number of the
   * attempt this run is (the stored count plus one); {@code claimedAt} starts its log entry.
   */
  record Claimed(
      String id, String postId, String accountId, Platform platform, int attempts, int segmentsDone,
      String threadRefs, Instant dueAt, Instant startedAt, Instant claimedAt, Waiting waiting) {

    /** A target with nothing in progress. */
    Claimed(String id, String postId, String accountId, Platform platform, int attempts, int segmentsDone,
        String threadRefs, Instant dueAt, Instant startedAt, Instant claimedAt) {
      this(id, postId, accountId, platform, attempts, segmentsDone, threadRefs, dueAt, startedAt, claimedAt, null);
    }

    /** The connector's progress, if it belongs to the part this run starts with; else null. */
    String progressFor(int segment) {
      return waiting != null && waiting.segment() == segment && segment == segmentsDone ? waiting.progressJson() : null;
    }
  }

  /**
   * What the connector said when it last answered {@code InProgress} for this target: its map (as
   * JSON), the part it belongs to, and when the wait for that part began.
   */
  record Waiting(int segment, String progressJson, Instant since) {}

  /**
   * Claims up to {@code limit} due targets, post by post: marks them publishing with a lease.
   * Per-network caps bound what is taken of each network; per-account limits count what every
   * node already has in flight. Call inside a transaction.
   *
   * <p>With {@code markSending} false (the normal case) a claim is not an attempt: the attempt
   * starts with its durable sending marker ({@link #markSending}), so a claim lost with its node
   * costs nothing, and the claim may commit without waiting for its WAL flush (lost, the marker
   * finds the target no longer held and makes no call). With it true the claim is the marker.
   */
  List<Claimed> claim(
      Instant now, int limit, String owner, Duration lease, Map<String, Integer> networkRoom,
      Map<String, Integer> accountLimits, int defaultAccountLimit, boolean markSending) {
    jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(CLAIM_LOCK).query().singleValue();
    if (!markSending) {
      relaxCommit();
    }
    var nets = new ArrayList<String>();
    var rooms = new ArrayList<Integer>();
    networkRoom.forEach((k, v) -> {
      nets.add(k);
      rooms.add(v);
    });
    var accNets = new ArrayList<String>();
    var accLimits = new ArrayList<Integer>();
    accountLimits.forEach((k, v) -> {
      accNets.add(k);
      accLimits.add(v);
    });
    boolean accountLimited = defaultAccountLimit > 0 || accLimits.stream().anyMatch(l -> l > 0);
    String busy = accountLimited
        ? "(SELECT count(*) FROM post_targets b WHERE b.account_id = c.account_id AND b.status = 'publishing')"
        : "0";
    List<String> ids = jdbc.sql(
            """
            WITH candidates AS (
              SELECT t.id, t.post_id, t.account_id, t.platform, t.due_at, t.position
              FROM post_targets t
              WHERE t.status = 'pending' AND t.due_at IS NOT NULL AND t.due_at <= :now
              ORDER BY t.due_at, t.post_id, t.position
              LIMIT :scan
            ), ranked AS (
              SELECT c.*,
                row_number() OVER (PARTITION BY c.account_id ORDER BY c.due_at, c.post_id, c.position) AS per_account,
                row_number() OVER (PARTITION BY c.platform ORDER BY c.due_at, c.post_id, c.position) AS per_network,
                """ + busy + """
             AS in_flight
              FROM candidates c
            )
            SELECT r.id FROM ranked r
              LEFT JOIN unnest(CAST(:nets AS text[]), CAST(:rooms AS int[])) AS n(platform, room) ON n.platform = r.platform
              LEFT JOIN unnest(CAST(:accNets AS text[]), CAST(:accLimits AS int[])) AS a(platform, lim) ON a.platform = r.platform
            WHERE (n.room IS NULL OR r.per_network <= n.room)
              AND (coalesce(a.lim, :defaultAccount) = 0 OR r.in_flight + r.per_account <= coalesce(a.lim, :defaultAccount))
            ORDER BY r.due_at, r.post_id, r.position
            LIMIT :limit""")
        .param("now", ts(now))
        .param("scan", Math.max(limit * 2, 256))
        .param("nets", nets.toArray(String[]::new))
        .param("rooms", rooms.toArray(Integer[]::new))
        .param("accNets", accNets.toArray(String[]::new))
        .param("accLimits", accLimits.toArray(Integer[]::new))
        .param("defaultAccount", defaultAccountLimit)
        .param("limit", limit)
        .query(String.class)
        .list();
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            """
            UPDATE post_targets SET status = 'publishing', lease_until = :lease, lease_owner = :owner,
              started_at = coalesce(started_at, :now), updated_at = :now,
              sending_at = CASE WHEN :send THEN CAST(:now AS timestamptz) END,
              attempts = attempts + CASE WHEN :send THEN 1 ELSE 0 END,
              attempt_log = CASE WHEN :send THEN octopost_attempt_begin(attempt_log, attempts + 1, :owner, :nowText) ELSE attempt_log END
            WHERE id = ANY(:ids) AND status = 'pending'
            RETURNING id, post_id, account_id, platform, attempts + CASE WHEN :send THEN 0 ELSE 1 END AS attempt, segments_done,
              thread_refs::text AS refs, due_at, started_at, progress::text AS progress, progress_segment, progress_since""")
        .param("lease", ts(now.plus(lease)))
        .param("owner", owner)
        .param("now", ts(now))
        .param("nowText", now.toString())
        .param("send", markSending)
        .param("ids", ids.toArray(String[]::new))
        .query((rs, n) -> new Claimed(
            rs.getString("id"), rs.getString("post_id"), rs.getString("account_id"),
            Platform.fromId(rs.getString("platform")).orElseThrow(), rs.getInt("attempt"), rs.getInt("segments_done"),
            rs.getString("refs"), rs.getTimestamp("due_at").toInstant(), rs.getTimestamp("started_at").toInstant(), now,
            rs.getString("progress") == null ? null : new Waiting(rs.getInt("progress_segment"), rs.getString("progress"),
                rs.getTimestamp("progress_since") == null ? now : rs.getTimestamp("progress_since").toInstant())))
        .list();
  }

  /** A claimed target whose network call is about to start, and the node that holds it. */
  record Sending(Claimed target, String owner) {}

  /**
   * Records that these targets' calls are about to start (their attempt begins), committed
   * synchronously by the caller's transaction before any request is written; returns the ids still
   * held here (a target taken over meanwhile must not be called).
   */
  List<String> markSending(List<Sending> group, Instant now) {
    return jdbc.sql(
            """
            UPDATE post_targets t SET sending_at = :now, attempts = r.n, updated_at = :now,
              attempt_log = octopost_attempt_begin(t.attempt_log, r.n, r.owner, :nowText)
            FROM unnest(CAST(:ids AS text[]), CAST(:owners AS text[]), CAST(:ns AS int[])) AS r(id, owner, n)
            WHERE t.id = r.id AND t.status = 'publishing' AND t.lease_owner = r.owner
            RETURNING t.id""")
        .param("now", ts(now))
        .param("nowText", now.toString())
        .param("ids", group.stream().map(s -> s.target().id()).toArray(String[]::new))
        .param("owners", group.stream().map(Sending::owner).toArray(String[]::new))
        .param("ns", group.stream().map(s -> s.target().attempts()).toArray(Integer[]::new))
        .query(String.class)
        .list();
  }

  /**
   * Lets the current transaction commit without waiting for its WAL flush. For a target's final
   * result: if a database crash loses it, the target is still "publishing" and marked as sending,
   * and the takeover turns it into "unconfirmed" (or reruns it with the same idempotency key), so
   * it can never cause a second post. For a claim: lost, the sending marker finds the target not
   * held and no call is made (the marker's own synchronous commit flushes the claim before it).
   * Sending markers and thread progress stay synchronous: losing those could repeat a network call.
   */
  void relaxCommit() {
    jdbc.sql("SET LOCAL synchronous_commit TO OFF").update();
  }

  /** Forgets the connector's progress: its part published, or the target finished. */
  static final String NO_PROGRESS = "progress = NULL, progress_segment = NULL, progress_since = NULL";

  private static final String HELD = " AND ((status = 'publishing' AND lease_owner = :owner) OR status = 'unconfirmed')";

  /**
   * Records one published part of a thread, so a retry continues after it. The connector's
   * progress belonged to that part, so it goes.
   */
  boolean progress(String id, String owner, int segmentsDone, String threadRefsJson, Instant now) {
    return jdbc.sql("UPDATE post_targets SET segments_done = :done, thread_refs = CAST(:refs AS jsonb), updated_at = :now,"
                + " " + NO_PROGRESS + " WHERE id = :id" + HELD)
            .param("done", segmentsDone).param("refs", threadRefsJson).param("now", ts(now)).param("id", id).param("owner", owner)
            .update() == 1;
  }

  /** Records published targets; returns the ids that landed (still held here, or given up on). */
  List<String> publishedAll(List<Outcomes.Outcome> results, Instant now) {
    if (results.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            """
            UPDATE post_targets t SET status = 'published', network_post_id = r.post_id, network_post_url = r.url,
              published_at = :now, error = NULL, error_code = NULL, note = coalesce(r.note, t.note), lease_until = NULL,
              lease_owner = NULL, due_at = NULL, sending_at = NULL, updated_at = :now, attempts = greatest(t.attempts, r.n),
              progress = NULL, progress_segment = NULL, progress_since = NULL,
              attempt_log = octopost_attempt_end(t.attempt_log, r.n, r.owner, r.started, :nowText, 'published', NULL,
                CASE WHEN t.status = 'unconfirmed' THEN 'The answer came after all' ELSE r.note END)
            FROM unnest(:ids, :owners, :postIds, :urls, :notes, CAST(:ns AS int[]), :starts)
              AS r(id, owner, post_id, url, note, n, started)
            WHERE t.id = r.id AND ((t.status = 'publishing' AND t.lease_owner = r.owner) OR t.status = 'unconfirmed')
            RETURNING t.id""")
        .param("now", ts(now))
        .param("nowText", now.toString())
        .param("ns", results.stream().map(o -> o.target().attempts()).toArray(Integer[]::new))
        .param("starts", column(results, o -> o.target().claimedAt().toString()))
        .param("ids", column(results, o -> o.target().id()))
        .param("owners", column(results, Outcomes.Outcome::owner))
        .param("postIds", column(results, Outcomes.Outcome::networkPostId))
        .param("urls", column(results, Outcomes.Outcome::networkPostUrl))
        .param("notes", column(results, Outcomes.Outcome::note))
        .query(String.class)
        .list();
  }

  /**
   * Records final outcomes other than published ({@code failed}, {@code unconfirmed}), with the
   * first part of a thread that failed part-way; returns the ids still held here.
   */
  List<String> finishAll(List<Outcomes.Outcome> results, Instant now) {
    if (results.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            """
            UPDATE post_targets t SET status = r.status, error_code = r.code, error = r.error, note = coalesce(r.note, t.note),
              network_post_id = coalesce(r.post_id, t.network_post_id), network_post_url = coalesce(r.url, t.network_post_url),
              lease_until = NULL, lease_owner = NULL, due_at = NULL, sending_at = NULL, updated_at = :now,
              attempts = greatest(t.attempts, r.n), progress = NULL, progress_segment = NULL, progress_since = NULL,
              attempt_log = octopost_attempt_end(t.attempt_log, r.n, r.owner, r.started, :nowText, r.status, r.code,
                coalesce(r.note, left(r.error, 300)))
            FROM unnest(:ids, :owners, :statuses, :codes, :errors, :notes, :postIds, :urls, CAST(:ns AS int[]), :starts)
              AS r(id, owner, status, code, error, note, post_id, url, n, started)
            WHERE t.id = r.id AND t.status = 'publishing' AND t.lease_owner = r.owner
            RETURNING t.id""")
        .param("now", ts(now))
        .param("nowText", now.toString())
        .param("ns", results.stream().map(o -> o.target().attempts()).toArray(Integer[]::new))
        .param("starts", column(results, o -> o.target().claimedAt().toString()))
        .param("ids", column(results, o -> o.target().id()))
        .param("owners", column(results, Outcomes.Outcome::owner))
        .param("statuses", column(results, Outcomes.Outcome::status))
        .param("codes", column(results, Outcomes.Outcome::code))
        .param("errors", column(results, o -> truncate(o.error())))
        .param("notes", column(results, Outcomes.Outcome::note))
        .param("postIds", column(results, Outcomes.Outcome::networkPostId))
        .param("urls", column(results, Outcomes.Outcome::networkPostUrl))
        .query(String.class)
        .list();
  }

  private static String[] column(List<Outcomes.Outcome> results, java.util.function.Function<Outcomes.Outcome, String> f) {
    return results.stream().map(f).toArray(String[]::new);
  }

  /** Gives claimed targets back untouched (nothing was sent): pending and due now. */
  void release(List<String> ids, String owner, Instant now) {
    jdbc.sql("UPDATE post_targets SET status = 'pending', due_at = ?, lease_until = NULL, lease_owner = NULL, sending_at = NULL"
            + " WHERE id = ANY(?) AND status = 'publishing' AND lease_owner = ?")
        .params(ts(now), ids.toArray(String[]::new), owner)
        .update();
  }

  /**
   * Back to pending, due at {@code at}, without spending an attempt: the target waits for
   * something it needs (its media being imported), and says so meanwhile.
   */
  boolean waitFor(Claimed c, String owner, Instant at, String code, String note, Instant now) {
    return jdbc.sql(
                """
                UPDATE post_targets SET status = 'pending', due_at = :at, error_code = :code, error = :error,
                  lease_until = NULL, lease_owner = NULL, sending_at = NULL, updated_at = :now
                WHERE id = :id AND status = 'publishing' AND lease_owner = :owner""")
            .param("at", ts(at)).param("code", code).param("error", truncate(note)).param("now", ts(now))
            .param("id", c.id()).param("owner", owner)
            .update() == 1;
  }

  /** Back to pending, due at {@code at}, with the reason visible on the target meanwhile. */
  boolean retryAt(Claimed c, String owner, Instant at, String code, String error, Instant now) {
    return jdbc.sql(
                """
                UPDATE post_targets SET status = 'pending', due_at = :at, error_code = :code, error = :error,
                  lease_until = NULL, lease_owner = NULL, sending_at = NULL, updated_at = :now,
                  attempts = greatest(attempts, :n),
                  attempt_log = octopost_attempt_end(attempt_log, :n, :owner, :started, :nowText, 'retrying', :code, left(:error, 300))
                WHERE id = :id AND status = 'publishing' AND lease_owner = :owner""")
            .param("at", ts(at)).param("code", code).param("error", truncate(error)).param("now", ts(now))
            .param("nowText", now.toString()).param("n", c.attempts()).param("started", c.claimedAt().toString())
            .param("id", c.id()).param("owner", owner)
            .update() == 1;
  }

  /** Makes the post's pending targets due now, except those waiting for a cross-link primary. */
  void makeDue(String postId, List<String> waiting, Instant now) {
    jdbc.sql("UPDATE post_targets SET due_at = :now WHERE post_id = :post AND status = 'pending' AND NOT (id = ANY(:waiting))")
        .param("now", ts(now)).param("post", postId).param("waiting", waiting.toArray(String[]::new))
        .update();
    if (!waiting.isEmpty()) {
      jdbc.sql("UPDATE post_targets SET due_at = NULL WHERE id = ANY(?) AND status = 'pending'")
          .param(waiting.toArray(String[]::new)).update();
    }
  }

  /** Releases the targets that waited for the cross-link primary. */
  void releaseWaiting(String postId, String note, Instant now) {
    jdbc.sql("UPDATE post_targets SET due_at = ?, note = ?, updated_at = ? WHERE post_id = ? AND status = 'pending' AND due_at IS NULL")
        .params(ts(now), note, ts(now), postId).update();
  }

  void noteAll(String postId, String note) {
    jdbc.sql("UPDATE post_targets SET note = ? WHERE post_id = ? AND status = 'pending'").params(note, postId).update();
  }

  /** Scheduled posts whose time has come: moved to publishing here and now. */
  record DuePost(String id, Instant scheduledFor, String presetId) {}

  /**
   * Moves up to {@code limit} due scheduled posts to publishing and makes their targets due, in
   * two statements. Posts with a preset are returned for the cross-link check.
   */
  List<DuePost> startDuePosts(Instant now, int limit) {
    var due = jdbc.sql(
            """
            UPDATE posts SET status = 'publishing', publish_started_at = :now, updated_at = :now
            WHERE id IN (SELECT id FROM posts WHERE status = 'scheduled' AND scheduled_for <= :now
                         ORDER BY scheduled_for LIMIT :limit FOR UPDATE SKIP LOCKED)
            RETURNING id, scheduled_for, preset_id""")
        .param("now", ts(now)).param("limit", limit)
        .query((rs, n) -> new DuePost(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3)))
        .list();
    if (!due.isEmpty()) {
      jdbc.sql("UPDATE post_targets SET due_at = ? WHERE post_id = ANY(?) AND status = 'pending'")
          .params(ts(now), due.stream().map(DuePost::id).toArray(String[]::new))
          .update();
    }
    return due;
  }

  void markStarted(String postId, Instant now) {
    jdbc.sql("UPDATE posts SET publish_started_at = ? WHERE id = ?").params(ts(now), postId).update();
  }

  /** The earliest instant at which something becomes due, or null. */
  Instant nextDue() {
    return jdbc.sql(
            """
            SELECT min(t) FROM (
              (SELECT min(due_at) AS t FROM post_targets WHERE status = 'pending' AND due_at IS NOT NULL)
              UNION ALL (SELECT min(scheduled_for) FROM posts WHERE status = 'scheduled')) AS x""")
        .query(Timestamp.class)
        .optional()
        .map(Timestamp::toInstant)
        .orElse(null);
  }

  /** The primary target's published URL (cross-linking), or null. */
  record PrimaryState(String status, String url) {}

  java.util.Optional<PrimaryState> target(String postId, Platform platform) {
    return jdbc.sql("SELECT status, network_post_url FROM post_targets WHERE post_id = ? AND platform = ? ORDER BY position LIMIT 1")
        .params(postId, platform.id())
        .query((rs, n) -> new PrimaryState(rs.getString(1), rs.getString(2)))
        .optional();
  }

  private static String truncate(String s) {
    return s == null || s.length() <= 2000 ? s : s.substring(0, 2000) + "…";
  }

  private static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }
}

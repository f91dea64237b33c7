package ink.octopost.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ink.octopost.networks.Platform;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A takeover of a dead node's targets and a group commit of a live node's results settle the same
 * posts at the same moment. Both must lock posts in one global order: PostgreSQL must never find a
 * deadlock between them (before, the reaper settled posts one at a time in lease order while the
 * group commit locked them in id order, and deadlocked under load).
 */
class EngineLockOrderTest extends EngineTestBase {

  private static final int POSTS = 80;
  private static final int ROUNDS = 3;

  @Autowired EngineNodes nodes;
  @Autowired Outcomes outcomes;

  private record Target(String id, String postId, String accountId, Platform platform) {}

  @Test
  void takeoverAndGroupCommitOnTheSamePosts_neverDeadlock_andSettleEachPostOnce() throws Exception {
    var logs = new ListAppender<ILoggingEvent>();
    logs.start();
    var root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(logs);
    try {
      String x = tenants.account(tenant, Platform.TWITTER, "lx");
      String m = tenants.account(tenant, Platform.MASTODON, "lm");
      var all = new ArrayList<String>();
      for (int round = 0; round < ROUNDS; round++) {
        var ids = new ArrayList<String>();
        for (int i = 0; i < POSTS; i++) {
          ids.add(create("{\"content\": \"locks " + round + "/" + i + "\", \"account_ids\": [\"" + x + "\", \"" + m + "\"]}"));
        }
        all.addAll(ids);
        var live = inFlight(ids, x);
        // The dead node's leases are in random order, unlike the posts' ids: a reaper settling
        // posts in lease order meets the group commit (id order) head on.
        jdbc.sql("""
                UPDATE post_targets SET lease_until = now() - random() * interval '1 minute' WHERE post_id = ANY(?) AND lease_owner = 'ghost-node'""")
            .param(ids.toArray(String[]::new)).update();

        var results = new ConcurrentLinkedQueue<Boolean>();
        var failures = new ConcurrentLinkedQueue<Throwable>();
        try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
          var takeover = CompletableFuture.runAsync(() -> {
            while (nodes.takeOver() > 0) {
              // until the ghost node holds nothing
            }
          }, exec);
          Collections.shuffle(live);
          for (var t : live) {
            exec.submit(() -> {
              try {
                results.add(outcomes.commit(new Outcomes.Outcome(claimed(t), engineOwner(), "published", "n-" + t.id(),
                    "https://example.test/" + t.id(), null, null, null, null, null)));
              } catch (Throwable e) {
                failures.add(e);
              }
            });
          }
          takeover.join();
        }
        assertThat(failures).isEmpty();
        assertThat(results).hasSize(POSTS).containsOnly(true);
      }

      var statuses = jdbc.sql("SELECT status, count(*) FROM posts WHERE id = ANY(?) GROUP BY status")
          .param(all.toArray(String[]::new)).query((rs, n) -> Map.entry(rs.getString(1), rs.getInt(2))).list();
      assertThat(statuses).containsExactly(Map.entry("published", POSTS * ROUNDS));
      Map<String, Long> settled = jdbc.sql(
              "SELECT payload->'data'->'post'->>'id' FROM events WHERE workspace_id = ? AND type = 'post.published'")
          .param(tenant.workspaceId()).query(String.class).list().stream()
          .collect(Collectors.groupingBy(s -> s, Collectors.counting()));
      assertThat(settled).hasSize(POSTS * ROUNDS).allSatisfy((post, n) -> assertThat(n).as(post).isEqualTo(1L));
      assertThat(jdbc.sql("SELECT count(*) FROM post_targets WHERE post_id = ANY(?) AND platform = 'twitter' AND status = 'unconfirmed'")
          .param(all.toArray(String[]::new)).query(Integer.class).single()).isEqualTo(POSTS * ROUNDS);
      assertThat(logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
          .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()))
          .filter(s -> s.toLowerCase().contains("deadlock") || s.contains("together failed")).toList()).isEmpty();
    } finally {
      root.detachAppender(logs);
    }
  }

  /**
   * Puts the posts in flight: each post's X target held (and sent) by a node that has stopped
   * beating, its Mastodon target held by this node; returns the latter.
   */
  private List<Target> inFlight(List<String> ids, String x) {
    jdbc.sql("""
            INSERT INTO engine_nodes (node_id, started_at, last_beat) VALUES ('ghost-node', now() - interval '1 hour', now() - interval '1 hour')
            ON CONFLICT (node_id) DO UPDATE SET last_beat = excluded.last_beat""").update();
    jdbc.sql("UPDATE posts SET status = 'publishing', publish_started_at = now() WHERE id = ANY(?)")
        .param(ids.toArray(String[]::new)).update();
    return jdbc.sql("""
            UPDATE post_targets SET status = 'publishing', sending_at = now(), started_at = now(), lease_until = now() + interval '1 hour',
              lease_owner = CASE WHEN account_id = ? THEN 'ghost-node' ELSE ? END
            WHERE post_id = ANY(?) RETURNING id, post_id, account_id, platform, lease_owner""")
        .params(x, engineOwner(), ids.toArray(String[]::new))
        .query((rs, n) -> rs.getString(5).equals("ghost-node") ? null
            : new Target(rs.getString(1), rs.getString(2), rs.getString(3), Platform.fromId(rs.getString(4)).orElseThrow()))
        .list().stream().filter(java.util.Objects::nonNull).collect(Collectors.toCollection(ArrayList::new));
  }

  private String engineOwner() {
    return nodes.id();
  }

  private static TargetStore.Claimed claimed(Target t) {
    Instant now = Instant.now();
    return new TargetStore.Claimed(t.id(), t.postId(), t.accountId(), t.platform(), 1, 0, null, now, now, now);
  }
}

package ink.octopost.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ink.octopost.fakes.FakeMastodon;
import ink.octopost.fakes.FakeTelegram;
import ink.octopost.testing.Nodes;
import ink.octopost.testing.TestDatabase;
import ink.octopost.testing.TestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two Octopost nodes on one PostgreSQL: this JVM's and a second JVM process, killed
 * ({@code destroyForcibly}, no shutdown hook) in the middle of a burst to an idempotent network
 * (Mastodon) and a non-idempotent one (Telegram), both fakes on loopback that know what they
 * received. A crash must cost only the calls in flight, and be recovered within 30 s on default
 * settings.
 */
class NodeKillTest {

  private static final int POSTS = 300;
  private static final Duration RECOVERY_TARGET = Duration.ofSeconds(30);
  private static final String BOT = "424242:AAKillTestTokenKillTestTokenKillTe";

  private record Row(String id, String postId, String platform, String status, String content, int attempts, String history) {}

  @Test
  void aNodeKilledMidBurst_losesNothing_doublesNothing_andOnlyItsSentCallsEndUnconfirmed() throws Exception {
    var logs = new ListAppender<ILoggingEvent>();
    var root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Path dir = Files.createTempDirectory("octopost-kill");
    Path bLog = dir.resolve("node-b.log");
    Process b = null;
    try (var mastodon = new FakeMastodon().latency(300);
        var telegram = new FakeTelegram().latency(300)) {
      mastodon.token("kill-token", "killer");
      telegram.bot(BOT, "kill_bot").chat(-1002222333444L, "channel", "Kill", "killchannel")
          .member(-1002222333444L, BOT, "administrator");
      String db = TestDatabase.newDatabase("kill");
      Map<String, Object> settings = Map.of("octopost.outbound.allow-private-networks", "true",
          "octopost.networks.telegram.base-url", telegram.url());
      // Both nodes start at once (the slower, separate JVM first); migrations take a lock of their own.
      b = startSecondNode(db, settings, dir, bLog);
      try (var a = Nodes.start(db, settings)) {
        // Attached once the node has started: starting a node reconfigures the logging.
        logs.start();
        root.addAppender(logs);
        var jdbc = a.bean(JdbcClient.class);
        String aId = a.bean(EngineNodes.class).id();
        String bId = awaitSecondNode(jdbc, aId, b, bLog);

        String key = a.tenantKey("kill");
        String masto = connect(a, key, "{\"platform\": \"mastodon\", \"instance_url\": \"" + mastodon.url()
            + "\", \"access_token\": \"kill-token\"}");
        String tg = connect(a, key, "{\"platform\": \"telegram\", \"bot_token\": \"" + BOT + "\", \"chat_id\": \"@killchannel\"}");
        var ids = createPosts(a, key, masto, tg);
        // Everything due at one instant, so both nodes claim a share of the burst at once.
        jdbc.sql("UPDATE posts SET status = 'scheduled', scheduled_for = ? WHERE id = ANY(?)")
            .params(Timestamp.from(Instant.now().plusMillis(1500)), ids.toArray(String[]::new)).update();

        // Kill the second node while it holds targets, at a moment when every Telegram call it has
        // marked as sending has reached Telegram (the fake holds its answer back): then any
        // unconfirmed target that Telegram never received would be the engine's fault. (A call is
        // marked before its request is written, so a kill in the few milliseconds between the two
        // may leave a marked call unsent: "may have left". The targets marked between this last
        // look and the kill are counted apart below.) Ideally it also holds targets it has claimed
        // but not yet marked.
        long firstHeld = 0;
        long firstSent = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Set<String> markedSeen = Set.of(); // at the last look when all its Telegram calls were out
        int outLooks = 0;
        int lastHeld = 0;
        int lastMarked = 0;
        while (true) {
          var marked = jdbc.sql("""
                  SELECT t.id, t.platform, p.content, t.sending_at IS NOT NULL FROM post_targets t JOIN posts p ON p.id = t.post_id
                  WHERE t.status = 'publishing' AND t.lease_owner = ?""")
              .param(bId).query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)}).list();
          var received = telegram.sent().stream().map(FakeTelegram.Sent::text).collect(Collectors.toSet());
          long now = System.nanoTime();
          var markedNow = marked.stream().filter(m -> m[3].equals("t")).map(m -> m[0]).collect(Collectors.toSet());
          int unsent = marked.size() - markedNow.size();
          boolean allOut = marked.stream().filter(m -> m[3].equals("t") && m[1].equals("telegram")).allMatch(m -> received.contains(m[2]));
          if (allOut) {
            markedSeen = markedNow;
            outLooks++;
          }
          lastHeld = Math.max(lastHeld, marked.size());
          lastMarked = Math.max(lastMarked, markedNow.size());
          firstHeld = firstHeld == 0 && marked.size() >= 40 ? now : firstHeld;
          firstSent = firstSent == 0 && markedNow.size() >= 10 ? now : firstSent;
          // On a lightly loaded machine the node drains its share in a few batches, each one's
          // calls out for only the fake's 300 ms: after a second, any moment it holds marked calls
          // that are all out will do.
          if ((marked.size() >= 40 && allOut && ((markedNow.size() >= 10 && unsent > 0)
                  || (firstSent != 0 && now - firstSent > Duration.ofSeconds(2).toNanos())))
              || (allOut && markedNow.size() >= 5 && firstHeld != 0 && now - firstHeld > Duration.ofSeconds(1).toNanos())
              // kill only while it holds something: a quick machine can drain its share between looks
              || (marked.size() >= 5 && firstHeld != 0 && now - firstHeld > Duration.ofSeconds(10).toNanos())) {
            break;
          }
          assertThat(now).as("the second node never held 40 targets with its calls out").isLessThan(deadline);
          Thread.sleep(1);
        }
        System.out.printf("kill test: the second node held at most %d targets, %d marked as sending; all marked Telegram calls out at %d looks%n",
            lastHeld, lastMarked, outLooks);
        Instant killAt = Instant.now();
        b.destroyForcibly().waitFor();
        long killed = System.nanoTime();
        var markedAt = new java.util.HashMap<String, Instant>();
        var atKill = jdbc.sql("SELECT id, sending_at FROM post_targets WHERE status = 'publishing' AND lease_owner = ?")
            .param(bId).query((rs, n) -> {
              var at = rs.getTimestamp(2);
              if (at != null) {
                markedAt.put(rs.getString(1), at.toInstant());
              }
              return Map.entry(rs.getString(1), at != null);
            }).list();
        var sentAtKill = atKill.stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).collect(Collectors.toSet());
        Set<String> markedBefore = markedSeen;

        // Recovered: nothing is held by the dead node any more (settled, or pending and run again).
        Duration recovery;
        while (true) {
          int still = jdbc.sql("SELECT count(*) FROM post_targets WHERE status = 'publishing' AND lease_owner = ?")
              .param(bId).query(Integer.class).single();
          recovery = Duration.ofNanos(System.nanoTime() - killed);
          if (still == 0) {
            break;
          }
          assertThat(recovery).as("%d targets still held by the killed node", still).isLessThan(RECOVERY_TARGET);
          Thread.sleep(50);
        }
        awaitSettled(jdbc, ids, Duration.ofSeconds(30));
        Duration drained = Duration.ofNanos(System.nanoTime() - killed);

        var rows = jdbc.sql("""
                SELECT t.id, t.post_id, t.platform, t.status, p.content, t.attempts, t.attempt_log::text
                FROM post_targets t JOIN posts p ON p.id = t.post_id WHERE t.post_id = ANY(?)""")
            .param(ids.toArray(String[]::new))
            .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getInt(6), rs.getString(7)))
            .list();
        var mastodonTexts = mastodon.created().stream().map(FakeMastodon.Status::text)
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        var telegramTexts = telegram.sent().stream().map(FakeTelegram.Sent::text)
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        var gaps = markerToRequestGaps(rows, telegram.sent());
        System.out.printf("kill test: marker to Telegram request, %d calls: p50 %d ms, p99 %d ms, max %d ms%n",
            gaps.size(), percentile(gaps, 50), percentile(gaps, 99), percentile(gaps, 100));
        var unconfirmed = rows.stream().filter(r -> r.status().equals("unconfirmed")).toList();
        System.out.printf("kill test: the killed node held %d targets (%d marked as sending); recovered in %d ms,"
                + " all settled %d ms after the kill; %d Telegram targets unconfirmed%n",
            atKill.size(), atKill.stream().filter(Map.Entry::getValue).count(), recovery.toMillis(), drained.toMillis(),
            unconfirmed.size());

        assertThat(atKill).as("the second node held targets when it was killed").isNotEmpty();
        assertThat(recovery).isLessThan(RECOVERY_TARGET);
        assertThat(rows).hasSize(2 * POSTS);
        // No loss: every post published; Mastodon (idempotent) published every target exactly once.
        assertThat(jdbc.sql("SELECT count(*) FROM posts WHERE id = ANY(?) AND status = 'published'")
            .param(ids.toArray(String[]::new)).query(Integer.class).single()).isEqualTo(POSTS);
        assertThat(rows.stream().filter(r -> r.platform().equals("mastodon"))).allMatch(r -> r.status().equals("published"));
        assertThat(mastodonTexts).hasSize(POSTS).allSatisfy((text, n) -> assertThat(n).as(text).isEqualTo(1L));
        // Telegram (not idempotent): each message at most once. Only a target marked as sending may
        // be unconfirmed, and one Telegram never received only if it was marked after the last look.
        var markedLate = sentAtKill.stream().filter(id -> !markedBefore.contains(id)).collect(Collectors.toSet());
        assertThat(telegramTexts.values()).allMatch(n -> n == 1L);
        int unsentUnconfirmed = 0;
        for (var r : rows.stream().filter(r -> r.platform().equals("telegram")).toList()) {
          assertThat(r.status()).isIn("published", "unconfirmed");
          if (r.status().equals("unconfirmed")) {
            assertThat(sentAtKill).as("%s is unconfirmed but was never marked as sending", r.content()).contains(r.id());
          }
          if (!telegramTexts.containsKey(r.content())) {
            // The window left: the marker is committed and the kill lands before Telegram has the
            // request. The send gate opens right before the request (a text message has no media
            // to fetch), yet under this burst the request takes 0.4-2.5 s more to reach the fake:
            // hundreds of calls start at once and queue in the HTTP client and the fake's server
            // (measured above, all of it after the gate). So a tolerance stays, bounded two ways: such a
            // target was marked after the last look at which every marked call had reached
            // Telegram, and its marker is younger than the longest crossing seen in this run plus
            // a second (an older one would have arrived).
            assertThat(markedLate).as("%s is %s but Telegram never received it", r.content(), r.status()).contains(r.id());
            assertThat(markedAt.get(r.id())).as("%s is unconfirmed without reaching Telegram, though marked long before"
                + " the kill (%s)", r.content(), killAt).isAfter(killAt.minusMillis(percentile(gaps, 100) + 1000));
            unsentUnconfirmed++;
          }
        }
        System.out.printf("kill test: %d targets marked as sending in the last milliseconds before the kill;"
            + " %d of them unconfirmed without reaching Telegram%n", markedLate.size(), unsentUnconfirmed);
        // Whatever the dead node had claimed but never marked as sending ran again; none is unconfirmed.
        var neverSent = atKill.stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).collect(Collectors.toSet());
        assertThat(jdbc.sql("SELECT count(*) FROM post_targets WHERE id = ANY(?) AND status <> 'published'")
            .param(neverSent.toArray(String[]::new)).query(Integer.class).single()).isZero();
        // The takeover is logged with its counts, and each interrupted attempt is in its target's history.
        assertThat(logs.list.stream().map(ILoggingEvent::getFormattedMessage))
            .anyMatch(m -> m.startsWith("Took over ") && m.contains(bId));
        assertThat(rows.stream().filter(r -> sentAtKill.contains(r.id())))
            .allMatch(r -> r.history().contains("\"node\": \"" + bId + "\""));
        for (var r : unconfirmed) {
          assertThat(r.history()).contains("\"node\": \"" + bId + "\"").contains("\"outcome\": \"unconfirmed\"");
        }
        assertThat(a.api().get("/v1/posts/" + unconfirmedOrAny(unconfirmed, rows), key).json().path("targets").get(0)
            .path("attempt_history").isArray()).isTrue();
      }
      // No deadlock on either node.
      assertThat(logs.list.stream().map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
          : " " + e.getThrowableProxy().getMessage())).filter(m -> m.toLowerCase().contains("deadlock")).toList()).isEmpty();
      assertThat(Files.readString(bLog).toLowerCase()).doesNotContain("deadlock");
    } finally {
      root.detachAppender(logs);
      if (b != null && b.isAlive()) {
        b.destroyForcibly();
      }
    }
  }

  /**
   * For each Telegram message, how long after its attempt's marker (the attempt's {@code
   * started_at}: the marker's timestamp) the fake received the request, in milliseconds.
   */
  private static List<Long> markerToRequestGaps(List<Row> rows, List<FakeTelegram.Sent> sent) {
    var json = tools.jackson.databind.json.JsonMapper.builder().build();
    var received = sent.stream().collect(Collectors.toMap(FakeTelegram.Sent::text, FakeTelegram.Sent::receivedAt, (x, y) -> x));
    var gaps = new ArrayList<Long>();
    for (var r : rows) {
      Instant at = received.get(r.content());
      if (!r.platform().equals("telegram") || at == null || r.history() == null) {
        continue;
      }
      Instant marker = null;
      for (var attempt : json.readTree(r.history())) {
        Instant started = Instant.parse(attempt.path("started_at").asString());
        if (!started.isAfter(at) && (marker == null || started.isAfter(marker))) {
          marker = started;
        }
      }
      if (marker != null) {
        gaps.add(Duration.between(marker, at).toMillis());
      }
    }
    assertThat(gaps).as("Telegram messages matched to their attempts").isNotEmpty();
    return gaps;
  }

  private static long percentile(List<Long> values, int p) {
    var sorted = values.stream().sorted().toList();
    int rank = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank)));
  }

  private static String unconfirmedOrAny(List<Row> unconfirmed, List<Row> rows) {
    return (unconfirmed.isEmpty() ? rows : unconfirmed).getFirst().postId();
  }

  /** The second node: a separate JVM on this test's classpath, with the default engine settings. */
  private static Process startSecondNode(String db, Map<String, Object> settings, Path dir, Path log) throws Exception {
    var cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-Xmx512m", "-cp", System.getProperty("java.class.path"), "ink.octopost.OctopostApplication",
        "--server.port=0", "--octopost.data-dir=" + dir, "--octopost.database.url=" + db,
        "--octopost.secret-key=" + TestSupport.SECRET_KEY, "--spring.jmx.enabled=false"));
    settings.forEach((k, v) -> cmd.add("--" + k + "=" + v));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static String awaitSecondNode(JdbcClient jdbc, String aId, Process b, Path log) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(b.isAlive()).as("second node exited: %s", Files.readString(log)).isTrue();
      var other = jdbc.sql("SELECT node_id FROM engine_nodes WHERE node_id <> ? AND last_beat > clock_timestamp() - interval '5 seconds'")
          .param(aId).query(String.class).optional();
      if (other.isPresent()) {
        return other.get();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the second node did not start: " + Files.readString(log));
  }

  private static String connect(Nodes.Node a, String key, String json) {
    var r = a.api().post("/v1/accounts", key, json);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().path("id").asString();
  }

  private static List<String> createPosts(Nodes.Node a, String key, String masto, String tg) {
    var ids = new ConcurrentLinkedQueue<String>();
    try (var exec = Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < POSTS; i++) {
        String body = "{\"content\": \"kill " + i + "\", \"account_ids\": [\"" + masto + "\", \"" + tg + "\"]}";
        exec.submit(() -> {
          var r = a.api().post("/v1/posts", key, body);
          assertThat(r.status()).as(r.toString()).isEqualTo(201);
          ids.add(r.json().path("id").asString());
        });
      }
    }
    assertThat(ids).hasSize(POSTS);
    return List.copyOf(ids);
  }

  private static void awaitSettled(JdbcClient jdbc, List<String> posts, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (jdbc.sql("SELECT count(*) FROM posts WHERE id = ANY(?) AND status NOT IN ('published', 'failed')")
        .param(posts.toArray(String[]::new)).query(Integer.class).single() > 0) {
      assertThat(System.nanoTime()).as("posts still publishing").isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}

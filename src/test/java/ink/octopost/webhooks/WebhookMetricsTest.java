package ink.octopost.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;

/** Delivery metrics at /actuator/prometheus, and pruning of the delivery log after its retention. */
class WebhookMetricsTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  /** The sum of a metric's samples whose labels contain {@code labels} (all of them when empty). */
  private static double metric(String scrape, String name, String labels) {
    var m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})?\\s+(\\S+)$").matcher(scrape);
    double sum = 0;
    boolean found = false;
    while (m.find()) {
      if (m.group(1) != null && !m.group(1).contains(labels)) {
        continue;
      }
      found = true;
      sum += Double.parseDouble(m.group(2));
    }
    assertThat(found).as("%s{%s} in the scrape", name, labels).isTrue();
    return sum;
  }

  private static String scrape(ink.octopost.testing.Nodes.Node node) {
    var r = node.api().request("GET", "/actuator/prometheus").header("Accept", "text/plain").send();
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.text();
  }

  @Test
  void deliveriesAndEndpointStates_showInPrometheus() {
    var node = WebhookNode.shared();
    var t = WebhookNode.tenant(node);
    String before = scrape(node);
    try (var receiver = new Receiver()) {
      receiver.otherwise("/ok", new Receiver.Answer(204, 0));
      receiver.otherwise("/gone", new Receiver.Answer(410, 0));
      receiver.otherwise("/error", new Receiver.Answer(500, 0));
      String ok = WebhookNode.register(node.api(), t.key(), receiver.url("/ok"), "post.published").path("id").asString();
      String gone = WebhookNode.register(node.api(), t.key(), receiver.url("/gone"), "post.published").path("id").asString();
      String error = WebhookNode.register(node.api(), t.key(), receiver.url("/error"), "post.published").path("id").asString();
      try {
        for (String id : new String[] {ok, gone, error}) {
          var test = node.api().post("/v1/webhooks/" + id + "/test", t.key(), "{}");
          assertThat(test.status()).as(test.toString()).isEqualTo(202);
          assertThat(test.json().path("id").asString()).matches("msg_[0-9A-Za-z]{22}");
        }
        receiver.await("/ok", 1, WAIT);
        receiver.await("/gone", 1, WAIT);
        receiver.await("/error", 2, WAIT);
        WebhookNode.until("the 410 endpoint disabled", () -> !node.api().get("/v1/webhooks/" + gone, t.key()).json()
            .path("is_active").asBoolean(), WAIT);

        String[] after = new String[1];
        WebhookNode.until("the attempts counted", () -> {
          after[0] = scrape(node);
          return metric(after[0], "octopost_webhook_deliveries_total", "outcome=\"delivered\"")
                  > metric(before, "octopost_webhook_deliveries_total", "outcome=\"delivered\"")
              && metric(after[0], "octopost_webhook_deliveries_total", "outcome=\"failed\"")
                  > metric(before, "octopost_webhook_deliveries_total", "outcome=\"failed\"")
              && metric(after[0], "octopost_webhook_deliveries_total", "outcome=\"retrying\"")
                  >= metric(before, "octopost_webhook_deliveries_total", "outcome=\"retrying\"") + 1;
        }, WAIT);
        String s = after[0];
        assertThat(metric(s, "octopost_webhook_delivery_latency_seconds_count", "outcome=\"delivered\""))
            .isGreaterThan(metric(before, "octopost_webhook_delivery_latency_seconds_count", "outcome=\"delivered\""));
        assertThat(metric(s, "octopost_webhook_delivery_latency_seconds_bucket", "le=\"0.5\""))
            .as("a histogram with fixed buckets").isGreaterThan(0);
        WebhookNode.until("the endpoint states counted", () -> {
          String now = scrape(node);
          return metric(now, "octopost_webhook_endpoints", "state=\"active\"") >= 1
              && metric(now, "octopost_webhook_endpoints", "state=\"failing\"") >= 1
              && metric(now, "octopost_webhook_endpoints", "state=\"disabled\"") >= 1;
        }, WAIT);
        assertThat(metric(s, "octopost_webhook_deliveries_pending", "")).isGreaterThanOrEqualTo(0);
        assertThat(s).as("no series per endpoint").doesNotContain(ok).doesNotContain(error);
      } finally {
        for (String id : new String[] {ok, gone, error}) {
          node.api().delete("/v1/webhooks/" + id, t.key());
        }
      }
    }
  }

  @Test
  void finishedDeliveriesPastTheRetention_arePruned_byEveryNodeAtOnce_andTheRestKept() throws Exception {
    var node = WebhookNode.shared();
    var t = WebhookNode.tenant(node);
    var jdbc = WebhookNode.jdbc(node);
    // An endpoint nothing is sent to: it subscribes to an event this test never causes.
    String wh = WebhookNode.register(node.api(), t.key(), "http://127.0.0.1:9/none", "account.disconnected")
        .path("id").asString();
    Instant now = Instant.now();
    Instant old = now.minus(Duration.ofHours(2));
    Instant recent = now.minus(Duration.ofMinutes(30));
    insert(jdbc, wh, 1500, "delivered", old, old);
    insert(jdbc, wh, 300, "failed", old, old);
    insert(jdbc, wh, 1, "pending", old, old);
    insert(jdbc, wh, 1, "delivered", recent, recent);
    insert(jdbc, wh, 1, "failed", old, recent); // redelivered lately: still being looked at

    var ids = jdbc.sql("SELECT id FROM webhook_deliveries WHERE webhook_id = ?").param(wh).query(String.class).list();
    assertThat(ids).hasSize(1803).allMatch(id -> id.matches("msg_[0-9A-Za-z]{22}")).doesNotHaveDuplicates();

    // Thirty days on, less an hour: everything finished two hours ago is past the retention.
    var clock = Clock.fixed(now.plus(Duration.ofDays(30)).minus(Duration.ofHours(1)), ZoneOffset.UTC);
    var props = node.bean(WebhookProperties.class);
    assertThat(props.deliveryRetention()).isEqualTo(Duration.ofDays(30));
    var tasks = new ArrayList<Callable<Integer>>();
    for (int i = 0; i < 3; i++) { // three nodes pruning the same database at once
      var pruner = new DeliveryPruner(node.bean(DeliveryStore.class), node.bean(TransactionTemplate.class), clock,
          props, node.bean(DeliveryMetrics.class));
      tasks.add(pruner::pruneAll);
    }
    int deleted = 0;
    try (var pool = Executors.newFixedThreadPool(3)) {
      for (var f : pool.invokeAll(tasks)) {
        deleted += f.get();
      }
    }
    assertThat(deleted).isGreaterThanOrEqualTo(1800);
    var left = jdbc.sql("SELECT status || ' ' || (created_at > ?) FROM webhook_deliveries WHERE webhook_id = ? ORDER BY 1")
        .params(Timestamp.from(recent.minusSeconds(1)), wh).query(String.class).list();
    assertThat(left).containsExactly("delivered true", "failed false", "pending false");
    assertThat(metric(scrape(node), "octopost_webhook_deliveries_pruned_total", "")).isGreaterThanOrEqualTo(1800);

    var real = new DeliveryPruner(node.bean(DeliveryStore.class), node.bean(TransactionTemplate.class),
        Clock.systemUTC(), props, node.bean(DeliveryMetrics.class));
    assertThat(real.pruneAll()).as("nothing of this test is thirty days old today").isZero();
    node.api().delete("/v1/webhooks/" + wh, t.key());
  }

  private static void insert(org.springframework.jdbc.core.simple.JdbcClient jdbc, String wh, int n, String status,
      Instant created, Instant updated) {
    jdbc.sql("INSERT INTO webhook_deliveries (id, webhook_id, event_type, status, next_attempt_at, created_at, updated_at)"
            + " SELECT octopost_id('msg'), ?, 'webhook.test', ?, CASE WHEN ? = 'pending' THEN CAST(? AS timestamptz) END, ?, ?"
            + " FROM generate_series(1, ?)")
        .params(wh, status, status, Timestamp.from(created.plus(Duration.ofDays(365))), Timestamp.from(created),
            Timestamp.from(updated), n)
        .update();
  }
}

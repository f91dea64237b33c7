package ink.octopost.webhooks;

import static ink.octopost.webhooks.WebhookNode.register;
import static ink.octopost.webhooks.WebhookNode.until;
import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.accounts.AccountService;
import ink.octopost.accounts.Connection;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.Platform;
import ink.octopost.testing.Api;
import ink.octopost.testing.Nodes;
import ink.octopost.testing.ScriptedNetwork;
import ink.octopost.testing.ScriptedNetwork.Fail;
import ink.octopost.testing.ScriptedNetwork.Succeed;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Deliveries end to end: a node that may call loopback, a local receiver, an independent verifier. */
class WebhookDeliveryTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration WAIT = Duration.ofSeconds(20);
  static final List<String> ALL_EVENTS = List.of("post.created", "post.updated", "post.deleted", "post.scheduled",
      "post.published", "post.failed", "post.partially_failed", "account.connected", "account.disconnected",
      "account.needs_reconnect");

  private Nodes.Node node;
  private Api api;
  private JdbcClient jdbc;
  private WebhookNode.Tenant tenant;
  private Receiver receiver;

  @BeforeEach
  void setUp() {
    node = WebhookNode.shared();
    api = node.api();
    jdbc = WebhookNode.jdbc(node);
    tenant = WebhookNode.tenant(node);
    receiver = new Receiver();
  }

  @AfterEach
  void tearDown() {
    receiver.close();
  }

  private String connect(Platform p, String name) {
    return node.bean(AccountService.class).connect(new Connection(tenant.workspaceId(), false, p, "uid-" + name, name,
        name, null, null, Map.of("access_token", "t-" + name), null)).id();
  }

  private String post(String json) {
    var r = api.post("/v1/posts", tenant.key(), json);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().path("id").asString();
  }

  private void publish(String id) {
    assertThat(api.post("/v1/posts/" + id + "/publish", tenant.key(), "{}").status()).isEqualTo(202);
  }

  private JsonNode deliveries(String webhookId) {
    return api.get("/v1/webhooks/" + webhookId + "/deliveries?limit=100", tenant.key()).json().path("deliveries");
  }

  @Test
  void everyEventType_arrivesSigned_withTheOutboxPayloadAsIs() {
    var wh = register(api, tenant.key(), receiver.url("/all"), ALL_EVENTS.toArray(String[]::new));
    String secret = wh.path("secret").asString();

    String x = connect(Platform.TWITTER, "wx");                          // account.connected
    String b = connect(Platform.BLUESKY, "wb");                          // account.connected
    String draft = post("{\"content\": \"draft\", \"platforms\": [\"twitter\"]}");  // post.created
    var patch = api.request("PATCH", "/v1/posts/" + draft).key(tenant.key()).json("{\"content\": \"draft 2\"}").send();
    assertThat(patch.status()).as(patch.toString()).isEqualTo(200);         // post.updated
    String later = post("{\"content\": \"later\", \"platforms\": [\"twitter\"], \"scheduled_for\": \""
        + java.time.Instant.ofEpochSecond(System.currentTimeMillis() / 1000 + 86_400) + "\"}"); // post.scheduled
    assertThat(api.delete("/v1/posts/" + later, tenant.key()).status()).isEqualTo(204);      // post.deleted

    ScriptedNetwork.script(x, new Succeed());
    String ok = post("{\"content\": \"ok\", \"platforms\": [\"twitter\"]}");
    publish(ok);                                                                              // post.published
    until("published", () -> receiver.hits("/all").stream().anyMatch(h -> h.body().contains("post.published")), WAIT);
    ScriptedNetwork.script(x, new Fail(new NetworkFailure.Rejected("rejected", "no")));
    String bad = post("{\"content\": \"bad\", \"platforms\": [\"twitter\"]}");
    publish(bad);                                                                             // post.failed
    until("failed", () -> receiver.hits("/all").stream().anyMatch(h -> h.body().contains("post.failed")), WAIT);
    ScriptedNetwork.script(x, new Succeed());
    ScriptedNetwork.script(b, new Fail(new NetworkFailure.Rejected("rejected", "no")));
    String half = post("{\"content\": \"half\", \"platforms\": [\"twitter\", \"bluesky\"]}");
    publish(half);                                                                            // post.partially_failed
    until("partial", () -> receiver.hits("/all").stream().anyMatch(h -> h.body().contains("post.partially_failed")), WAIT);
    node.bean(AccountService.class).markNeedsReconnect(x, "token revoked");                  // account.needs_reconnect
    node.bean(AccountService.class).disconnect(tenant.workspaceId(), false, b);              // account.disconnected

    int expected = jdbc.sql("SELECT count(*) FROM events WHERE workspace_id = ?").param(tenant.workspaceId())
        .query(Integer.class).single();
    var hits = receiver.await("/all", expected, WAIT);
    assertThat(hits).hasSize(expected);
    var types = hits.stream().map(h -> JSON.readTree(h.body()).path("type").asString()).collect(Collectors.toSet());
    assertThat(types).containsExactlyInAnyOrderElementsOf(ALL_EVENTS);
    var webhookIds = new java.util.HashSet<String>();
    for (var h : hits) {
      assertThat(StandardWebhooks.verifies(secret, h)).as("signature of %s", h.body()).isTrue();
      assertThat(h.header("content-type")).startsWith("application/json");
      var body = JSON.readTree(h.body());
      String type = body.path("type").asString();
      String key = type.startsWith("post.") ? "post" : "account";
      assertThat(body.path("id").asString()).startsWith("evt_");
      assertThat(body.path("created_at").asString()).isNotBlank();
      assertThat(body.path("data").path(key).path("id").asString()).startsWith(key.equals("post") ? "post_" : "acc_");
      String stored = jdbc.sql("SELECT payload::text FROM events WHERE id = ?").param(body.path("id").asString())
          .query(String.class).single();
      assertThat(h.body()).isEqualTo(stored);
      webhookIds.add(h.header("webhook-id"));
    }
    assertThat(webhookIds).hasSize(expected);
    var post = hits.stream().map(h -> JSON.readTree(h.body())).filter(j -> j.path("type").asString().equals("post.published"))
        .findFirst().orElseThrow();
    assertThat(post.path("data").path("post").path("status").asString()).isEqualTo("published");
    assertThat(post.path("data").path("post").path("content").asString()).isEqualTo("ok");
  }

  @Test
  void onlySubscribedEvents_ofTheKeysMode_areDelivered() {
    connect(Platform.TWITTER, "before");
    node.bean(AccountService.class).connect(new Connection(tenant.workspaceId(), true, Platform.TWITTER, "uid-sb", "sb",
        "sb", null, null, Map.of("access_token", "t-sb"), null));
    register(api, tenant.key(), receiver.url("/accounts-only"), "account.connected");
    String testKey = node.bean(ink.octopost.auth.ApiKeyService.class).create(tenant.workspaceId(), tenant.userId(), "t",
        ink.octopost.auth.KeyMode.TEST, Set.of()).secret();
    register(api, testKey, receiver.url("/sandbox"), ALL_EVENTS.toArray(String[]::new));
    post("{\"content\": \"live\", \"platforms\": [\"twitter\"]}");
    connect(Platform.MASTODON, "live-acc");
    var sandboxPost = api.post("/v1/posts", testKey, "{\"content\": \"sandbox\", \"platforms\": [\"twitter\"]}");
    assertThat(sandboxPost.status()).isEqualTo(201);
    receiver.await("/accounts-only", 1, WAIT);
    receiver.await("/sandbox", 1, WAIT);
    sleep(500);
    assertThat(receiver.hits("/accounts-only")).hasSize(1).allMatch(h -> h.body().contains("account.connected"));
    assertThat(receiver.hits("/sandbox")).hasSize(1).allMatch(h -> h.body().contains("\"sandbox\""));
  }

  @Test
  void retriesAfter500AndTimeout_keepTheSameWebhookId_andTheLogSaysWhy() {
    receiver.script("/flaky", new Receiver.Answer(500, 0), new Receiver.Answer(200, 1500), new Receiver.Answer(204, 0));
    var wh = register(api, tenant.key(), receiver.url("/flaky"), "account.connected");
    connect(Platform.TWITTER, "flaky");
    var hits = receiver.await("/flaky", 3, WAIT);
    assertThat(hits.stream().map(h -> h.header("webhook-id")).distinct()).hasSize(1);
    assertThat(hits).allMatch(h -> StandardWebhooks.verifies(wh.path("secret").asString(), h));
    until("delivered", () -> deliveries(wh.path("id").asString()).get(0).path("status").asString().equals("delivered"), WAIT);
    var d = deliveries(wh.path("id").asString()).get(0);
    assertThat(d.path("id").asString()).isEqualTo(hits.get(0).header("webhook-id"));
    assertThat(d.path("attempts").asInt()).isEqualTo(3);
    assertThat(d.path("response_status_code").asInt()).isEqualTo(204);
    assertThat(d.path("event_type").asString()).isEqualTo("account.connected");
    assertThat(d.path("event_id").asString()).startsWith("evt_");
    assertThat(d.path("latency_ms").isIntegralNumber()).isTrue();
    assertThat(d.path("delivered_at").asString()).isNotBlank();
    assertThat(d.path("error").isNull()).isTrue();
  }

  @Test
  void refusedConnection_isRetried_untilTheEndpointComesUp() throws Exception {
    int port;
    try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    var wh = register(api, tenant.key(), "http://127.0.0.1:" + port + "/late", "account.connected");
    String id = wh.path("id").asString();
    connect(Platform.TWITTER, "late");
    // between two refused attempts the delivery is pending (during one it is delivering): look at it then
    var seen = new java.util.concurrent.atomic.AtomicReference<tools.jackson.databind.JsonNode>();
    until("a refused attempt, waiting for the next", () -> {
      var now = deliveries(id).path(0);
      seen.set(now);
      return now.path("attempts").asInt() >= 2 && now.path("status").asString().equals("pending");
    }, WAIT);
    var d = seen.get();
    assertThat(d.path("status").asString()).isEqualTo("pending");
    assertThat(d.path("error").asString()).contains("cannot connect");
    assertThat(d.path("response_status_code").isNull()).isTrue();
    assertThat(d.path("next_attempt_at").asString()).isNotBlank();
    try (var late = new Receiver(port)) {
      var hits = late.await("/late", 1, WAIT);
      assertThat(hits.getFirst().header("webhook-id")).isEqualTo(d.path("id").asString());
      assertThat(StandardWebhooks.verifies(wh.path("secret").asString(), hits.getFirst())).isTrue();
      until("delivered", () -> deliveries(id).get(0).path("status").asString().equals("delivered"), WAIT);
    }
  }

  @Test
  void afterRotation_bothSecretsVerify_untilTheOverlapEnds() {
    var wh = register(api, tenant.key(), receiver.url("/rotate"), "account.connected");
    String id = wh.path("id").asString();
    String old = wh.path("secret").asString();
    String fresh = api.post("/v1/webhooks/" + id + "/rotate-secret", tenant.key(), "{}").json().path("secret").asString();
    connect(Platform.TWITTER, "rot1");
    var hit = receiver.await("/rotate", 1, WAIT).getFirst();
    assertThat(hit.header("webhook-signature").split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
    long now = System.currentTimeMillis() / 1000;
    assertThat(StandardWebhooks.matching(fresh, hit, now)).containsExactly(0);
    assertThat(StandardWebhooks.matching(old, hit, now)).containsExactly(1);

    jdbc.sql("UPDATE webhooks SET previous_expires_at = now() - interval '1 second' WHERE id = ?").param(id).update();
    connect(Platform.BLUESKY, "rot2");
    var second = receiver.await("/rotate", 2, WAIT).get(1);
    assertThat(second.header("webhook-signature").split(" ")).hasSize(1);
    assertThat(StandardWebhooks.verifies(fresh, second)).isTrue();
    assertThat(StandardWebhooks.verifies(old, second)).isFalse();
  }

  @Test
  void slowEndpoint_doesNotDelayAFastOne() {
    connect(Platform.TWITTER, "slowfast");
    receiver.otherwise("/slow", new Receiver.Answer(200, 900));
    register(api, tenant.key(), receiver.url("/slow"), "post.created");
    register(api, tenant.key(), receiver.url("/fast"), "post.created");
    for (int i = 0; i < 20; i++) {
      post("{\"content\": \"n" + i + "\", \"platforms\": [\"twitter\"]}");
    }
    long started = System.nanoTime();
    receiver.await("/fast", 20, WAIT);
    long fastMillis = (System.nanoTime() - started) / 1_000_000;
    // The slow endpoint takes 900 ms per delivery with at most 4 in flight: 20 take about 5 s.
    assertThat(fastMillis).as("fast endpoint took %d ms", fastMillis).isLessThan(3000);
    assertThat(receiver.hits("/slow").size()).isLessThan(20);
    receiver.await("/slow", 20, WAIT);
  }

  @Test
  void gone410_disablesTheEndpointAtOnce() {
    receiver.otherwise("/gone", new Receiver.Answer(410, 0));
    var wh = register(api, tenant.key(), receiver.url("/gone"), "account.connected");
    String id = wh.path("id").asString();
    connect(Platform.TWITTER, "gone1");
    until("disabled", () -> !api.get("/v1/webhooks/" + id, tenant.key()).json().path("is_active").asBoolean(), WAIT);
    var d = deliveries(id).get(0);
    assertThat(d.path("status").asString()).isEqualTo("failed");
    assertThat(d.path("response_status_code").asInt()).isEqualTo(410);
    assertThat(d.path("attempts").asInt()).isEqualTo(1);
    connect(Platform.BLUESKY, "gone2");
    sleep(500);
    assertThat(receiver.hits("/gone")).hasSize(1);
    assertThat(deliveries(id).size()).isEqualTo(1);
  }

  @Test
  void fiveDaysOfFailures_disableTheEndpoint() {
    receiver.otherwise("/down", new Receiver.Answer(503, 0));
    var wh = register(api, tenant.key(), receiver.url("/down"), "account.connected");
    String id = wh.path("id").asString();
    connect(Platform.TWITTER, "down1");
    until("a failure streak", () -> jdbc.sql("SELECT failing_since IS NOT NULL FROM webhooks WHERE id = ?").param(id)
        .query(Boolean.class).single(), WAIT);
    assertThat(api.get("/v1/webhooks/" + id, tenant.key()).json().path("is_active").asBoolean()).isTrue();
    jdbc.sql("UPDATE webhooks SET failing_since = now() - interval '5 days 1 minute' WHERE id = ?").param(id).update();
    until("disabled", () -> !api.get("/v1/webhooks/" + id, tenant.key()).json().path("is_active").asBoolean(), WAIT);

    receiver.otherwise("/down", new Receiver.Answer(200, 0));
    var put = api.request("PUT", "/v1/webhooks/" + id).key(tenant.key()).json("{\"is_active\": true}").send();
    assertThat(put.json().path("is_active").asBoolean()).isTrue();
    until("delivered after re-enabling", () -> deliveries(id).get(0).path("status").asString().equals("delivered"), WAIT);
  }

  @Test
  void testMessage_andRedeliver_reuseTheLog() {
    var wh = register(api, tenant.key(), receiver.url("/manual"), "post.created");
    String id = wh.path("id").asString();
    var test = api.post("/v1/webhooks/" + id + "/test", tenant.key(), "{}");
    assertThat(test.status()).as(test.toString()).isEqualTo(202);
    var hit = receiver.await("/manual", 1, WAIT).getFirst();
    assertThat(JSON.readTree(hit.body()).path("type").asString()).isEqualTo("webhook.test");
    assertThat(StandardWebhooks.verifies(wh.path("secret").asString(), hit)).isTrue();
    String deliveryId = test.json().path("id").asString();
    assertThat(hit.header("webhook-id")).isEqualTo(deliveryId);
    until("delivered", () -> deliveries(id).get(0).path("status").asString().equals("delivered"), WAIT);
    var d = deliveries(id).get(0);
    assertThat(d.path("response_body").asString()).startsWith("{\"ok\": true").hasSizeLessThanOrEqualTo(1001);

    var again = api.post("/v1/webhooks/" + id + "/deliveries/" + deliveryId + "/redeliver", tenant.key(), "{}");
    assertThat(again.status()).as(again.toString()).isEqualTo(202);
    var hits = receiver.await("/manual", 2, WAIT);
    assertThat(hits.get(1).header("webhook-id")).isEqualTo(deliveryId);
    assertThat(hits.get(1).body()).isEqualTo(hit.body());
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

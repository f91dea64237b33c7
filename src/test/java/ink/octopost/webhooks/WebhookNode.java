package ink.octopost.webhooks;

import ink.octopost.auth.ApiKeyService;
import ink.octopost.auth.KeyMode;
import ink.octopost.testing.Api;
import ink.octopost.testing.Nodes;
import ink.octopost.testing.TestDatabase;
import ink.octopost.workspaces.WorkspaceService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A server node that may call loopback (so a local receiver can be an endpoint), with short
 * timeouts and retries, on its own database. One is shared by the delivery tests of this JVM.
 */
final class WebhookNode {

  private static Nodes.Node shared;

  private WebhookNode() {}

  static Map<String, Object> settings() {
    var p = new LinkedHashMap<String, Object>();
    p.put("octopost.outbound.allow-private-networks", "true");
    p.put("octopost.webhooks.timeout", "PT1S");
    p.put("octopost.webhooks.backoff-base", "PT0.2S");
    p.put("octopost.webhooks.backoff-max", "PT0.5S");
    p.put("octopost.webhooks.max-idle", "PT0.05S");
    p.put("octopost.webhooks.endpoint-concurrency", "4");
    return p;
  }

  static synchronized Nodes.Node shared() {
    if (shared == null) {
      shared = Nodes.start(TestDatabase.newDatabase("webhooks"), settings());
      var node = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(node::close));
    }
    return shared;
  }

  /** A workspace on the node, its owner and key. */
  record Tenant(String workspaceId, String userId, String key) {}

  static Tenant tenant(Nodes.Node node) {
    var workspaces = node.bean(WorkspaceService.class);
    var ws = workspaces.create("Webhooks", "pro");
    var owner = workspaces.createOwner(ws.id(), "owner+" + ws.id() + "@example.test", "Owner", "pw-" + ws.id());
    String key = node.bean(ApiKeyService.class).create(ws.id(), owner.id(), "k", KeyMode.LIVE, Set.of()).secret();
    return new Tenant(ws.id(), owner.id(), key);
  }

  /** Registers an endpoint for these events; returns the response (with the secret). */
  static JsonNode register(Api api, String key, String url, String... events) {
    String list = String.join("\", \"", events);
    var r = api.post("/v1/webhooks", key, "{\"url\": \"" + url + "\", \"events\": [\"" + list + "\"]}");
    if (r.status() != 201) {
      throw new AssertionError(r.toString());
    }
    return r.json();
  }

  static JdbcClient jdbc(Nodes.Node node) {
    return node.bean(JdbcClient.class);
  }

  /** Waits until a condition on the database holds. */
  static void until(String what, java.util.function.BooleanSupplier ok, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ok.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}

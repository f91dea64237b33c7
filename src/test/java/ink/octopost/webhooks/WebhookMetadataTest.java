package ink.octopost.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import ink.octopost.shared.HostResolver;
import ink.octopost.shared.OutboundHttp;
import ink.octopost.shared.OutboundProperties;
import ink.octopost.shared.SecretBox;
import ink.octopost.testing.ApiTestBase;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Webhook endpoints never reach cloud metadata: refused at creation in both modes (the shared
 * server forbids private networks, the webhook node allows them), and refused at every attempt
 * when the endpoint's name resolves there later (DNS rebinding), before anything is sent.
 */
class WebhookMetadataTest extends ApiTestBase {

  private static final List<String> METADATA_URLS = List.of(
      "http://169.254.169.254/latest/meta-data/", "http://169.254.170.2/v2/credentials",
      "http://[fd00:ec2::254]/latest/meta-data/", "http://0xa9fea9fe/", "http://2852039166/",
      "http://[::ffff:169.254.169.254]/", "http://metadata.google.internal/computeMetadata/v1/",
      "http://100.100.100.200/latest/meta-data/", "https://[fe80::1]/hook");

  private static String body(String url) {
    return "{\"url\": \"" + url + "\", \"events\": [\"post.published\"]}";
  }

  @Test
  void metadataUrls_areRefusedAtCreation_whenPrivateNetworksAreForbidden() {
    for (String url : METADATA_URLS) {
      var r = assertError(api.post("/v1/webhooks", tenant.key(), body(url)), 422, "validation_error");
      assertThat(r.json().path("details").path("fields").get(0).path("field").asString()).as(url + ": " + r).isEqualTo("url");
    }
  }

  @Test
  void metadataUrls_areRefusedAtCreation_evenWhenPrivateNetworksAreAllowed() {
    var node = WebhookNode.shared();
    var t = WebhookNode.tenant(node);
    for (String url : METADATA_URLS) {
      var r = node.api().post("/v1/webhooks", t.key(), body(url));
      assertThat(r.status()).as(url + ": " + r).isEqualTo(422);
      assertThat(r.text()).as(url).containsAnyOf("metadata", "must have a host");
    }
    var loopback = node.api().post("/v1/webhooks", t.key(), body("http://127.0.0.1:9/hook"));
    assertThat(loopback.status()).as("private networks themselves stay allowed: %s", loopback).isEqualTo(201);
  }

  @Test
  void anEndpointWhoseNameLaterResolvesToMetadata_isRefusedAtTheAttempt_andNothingIsSent() throws Exception {
    var received = new AtomicInteger();
    var receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/", exchange -> {
      received.incrementAndGet();
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.start();
    try {
      var answer = new AtomicReference<>(InetAddress.getByName("127.0.0.1"));
      HostResolver resolver = host -> {
        if (!host.equals("localhost")) {
          throw new java.net.UnknownHostException(host);
        }
        return new InetAddress[] {answer.get()};
      };
      var box = new SecretBox(new byte[32]);
      var props = new WebhookProperties(true, 4, 4, Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofSeconds(1),
          Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofDays(5), Duration.ofHours(1), Duration.ofSeconds(1),
          16, 16, Duration.ofDays(30));
      var sender = new DeliverySender(new OutboundHttp(new OutboundProperties(true), resolver), box, props);
      byte[] secret = box.seal("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".getBytes(StandardCharsets.UTF_8),
          WebhookService.sealContext("wh_1"));
      var claimed = new DeliveryStore.Claimed("msg_1", "wh_1",
          "http://localhost:" + receiver.getAddress().getPort() + "/hook", "{}", 1, Instant.now(), secret, null, null);

      var first = sender.send(claimed, Instant.now());
      assertThat(first.status()).as("while the name resolves to loopback: %s", first).isEqualTo(204);
      assertThat(received).hasValue(1);

      answer.set(InetAddress.getByName("169.254.169.254"));
      var rebound = sender.send(claimed, Instant.now());
      assertThat(rebound.status()).isNull();
      assertThat(rebound.error()).startsWith("refused:").contains("link-local or cloud metadata");
      assertThat(received).as("nothing reached the receiver after the name moved").hasValue(1);
    } finally {
      receiver.stop(0);
    }
  }
}

package ink.octopost.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import ink.octopost.fakes.MediaServer;
import ink.octopost.testing.Nodes;
import ink.octopost.testing.TestDatabase;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** URL imports from a loopback origin (private networks allowed on this node, as a self-hoster's LAN would be). */
class MediaImportTest {

  static Nodes.Node node;
  static MediaServer origin;
  static HttpServer tricky;
  String key;

  @BeforeAll
  static void start() throws Exception {
    origin = new MediaServer();
    tricky = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    tricky.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    tricky.createContext("/to-metadata", ex -> {
      ex.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/iam");
      ex.sendResponseHeaders(302, -1);
      ex.close();
    });
    tricky.createContext("/to-origin", ex -> {
      ex.getResponseHeaders().add("Location", origin.serve("redirected.png", MediaServer.png(9, 9)));
      ex.sendResponseHeaders(301, -1);
      ex.close();
    });
    tricky.createContext("/slow", ex -> {
      ex.getResponseHeaders().add("Content-Type", "image/png");
      ex.sendResponseHeaders(200, 0);
      var out = ex.getResponseBody();
      byte[] png = MediaServer.png(50, 50);
      try {
        for (byte b : png) { // a byte every half second, forever as far as an import is concerned
          out.write(b);
          out.flush();
          Thread.sleep(500);
        }
      } catch (Exception ignored) {
        // the importer hung up
      }
      ex.close();
    });
    tricky.start();
    node = Nodes.start(TestDatabase.newDatabase("media_import"), Map.of(
        "octopost.outbound.allow-private-networks", "true",
        "octopost.media.import-timeout", "PT2S"));
  }

  @AfterAll
  static void stop() {
    node.close();
    origin.close();
    tricky.stop(0);
  }

  @BeforeEach
  void tenant() {
    key = node.tenantKey("imp" + System.nanoTime());
  }

  @Test
  void urlImport_fetchesOnce_andTheSameBytesAgainAreTheSameObject() {
    byte[] png = MediaServer.png(20, 20);
    String url = origin.serve("imported-" + System.nanoTime() + ".png", png, "text/plain");
    var r = node.api().post("/v1/media", key, "{\"url\": \"" + url + "\", \"alt_text\": \"from afar\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.json().path("mime_type").asString()).as("sniffed, whatever the server says").isEqualTo("image/png");
    assertThat(r.json().path("source_url").asString()).isEqualTo(url);
    assertThat(r.json().path("alt_text").asString()).isEqualTo("from afar");
    var again = node.api().post("/v1/media", key, "{\"url\": \"" + url + "\"}");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("id").asString()).isEqualTo(r.json().path("id").asString());
  }

  @Test
  void aNewFile_sendsMediaReady_andAFailedImport_sendsMediaFailed() throws Exception {
    var received = new java.util.concurrent.LinkedBlockingQueue<String>();
    var receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    receiver.createContext("/hook", ex -> {
      received.add(new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    receiver.start();
    try {
      var hook = node.api().post("/v1/webhooks", key, """
          {"url": "http://127.0.0.1:%d/hook", "events": ["media.ready", "media.failed"]}"""
          .formatted(receiver.getAddress().getPort()));
      assertThat(hook.status()).as(hook.toString()).isEqualTo(201);

      String url = origin.serve("event-" + System.nanoTime() + ".png", MediaServer.png(8, 8));
      String id = node.api().post("/v1/media", key, "{\"url\": \"" + url + "\"}").json().path("id").asString();
      String ready = received.poll(20, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(ready).as("media.ready delivered").isNotNull().contains("\"media.ready\"").contains(id);

      // a post naming a URL that cannot be imported: the background import fails and says so
      var accounts = node.bean(ink.octopost.accounts.AccountService.class);
      String ws = node.api().get("/v1/me", key).json().path("workspace").path("id").asString();
      accounts.connect(new ink.octopost.accounts.Connection(ws, false, ink.octopost.networks.Platform.MASTODON, "uid-ev",
          "ev", "EV", null, null, Map.of("access_token", "tok-ev-secret"), null));
      var created = node.api().post("/v1/posts", key, """
          {"content": "broken media", "platforms": ["mastodon"], "scheduled_for": "2099-01-01T00:00:00Z",
           "media": {"images": [{"url": "%s"}]}}""".formatted(origin.serve("not-an-image.png",
          "just text".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      String failed = received.poll(20, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(failed).as("media.failed delivered").isNotNull().contains("\"media.failed\"").contains("\"failed\"");
    } finally {
      receiver.stop(0);
    }
  }

  @Test
  void redirects_areFollowed_andEachHopIsChecked() {
    String base = "http://127.0.0.1:" + tricky.getAddress().getPort();
    var ok = node.api().post("/v1/media", key, "{\"url\": \"" + base + "/to-origin\"}");
    assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
    var refused = node.api().post("/v1/media", key, "{\"url\": \"" + base + "/to-metadata\"}");
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.json().path("error").asString()).contains("169.254.169.254");
  }

  @Test
  void aServerThatAnswersSlowlyForever_isCutOff() {
    long started = System.nanoTime();
    var r = node.api().post("/v1/media", key, "{\"url\": \"http://127.0.0.1:" + tricky.getAddress().getPort() + "/slow\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(422);
    assertThat(r.json().path("error").asString()).contains("OCTOPOST_MEDIA_IMPORT_TIMEOUT");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void badUrls_areRefusedNamingTheField() {
    for (String body : new String[] {"{\"url\": \"http://169.254.169.254/latest/meta-data\"}", "{\"url\": \"not a url\"}",
        "{\"url\": \"" + origin.serve("x", new byte[0]) + "-missing\"}", "{}", "{\"url\": 5}", "[1]"}) {
      var r = node.api().post("/v1/media", key, body);
      assertThat(r.status()).as(body + " -> " + r).isEqualTo(422);
      assertThat(r.json().path("code").asString()).isEqualTo("validation_error");
    }
  }

  @Test
  void aUrlOnAScheduledPost_isImportedOnce_inTheBackground_andThePostKeepsTheId() throws Exception {
    var accounts = node.bean(ink.octopost.accounts.AccountService.class);
    String ws = node.api().get("/v1/me", key).json().path("workspace").path("id").asString();
    accounts.connect(new ink.octopost.accounts.Connection(ws, false, ink.octopost.networks.Platform.MASTODON, "uid-imp",
        "imp", "IMP", null, null, Map.of("access_token", "tok-imp-secret"), null));
    byte[] png = MediaServer.png(33, 22);
    String url = origin.serve("post-" + System.nanoTime() + ".png", png);
    int before = origin.fetches();
    var created = node.api().post("/v1/posts", key, """
        {"content": "url media", "platforms": ["mastodon"], "scheduled_for": "2099-01-01T00:00:00Z",
         "media": {"images": [{"url": "%s"}, {"url": "%s"}]}}""".formatted(url, url));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    var images = created.json().path("media").path("images");
    String id = images.get(0).path("media_id").asString();
    assertThat(id).startsWith("med_");
    assertThat(images.get(1).path("media_id").asString()).as("the same URL twice is one import").isEqualTo(id);
    assertThat(images.get(0).path("url").asString()).isEqualTo(url);

    JsonNode media = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      media = node.api().get("/v1/media/" + id, key).json();
      if (!media.path("status").asString().equals("processing")) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(media.path("status").asString()).as(String.valueOf(media)).isEqualTo("ready");
    assertThat(media.path("source_url").asString()).isEqualTo(url);
    assertThat(origin.fetches() - before).as("fetched once").isEqualTo(1);
  }
}

package ink.octopost.bench;

import com.sun.net.httpserver.HttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Webhook delivery under load (a benchmark that prints figures, not a test): N events written to
 * the outbox the way features write them (one transaction per batch), each delivered to every one
 * of E endpoints on a loopback receiver that answers 200 after a fixed latency, by one Octopost
 * server process. Prints deliveries per second and the delay from each event's commit to its
 * arrival at the endpoint.
 *
 * <p>Run: {@code ./octopost bench-webhooks [--events 10000] [--endpoints 10] [--latency-ms 20]
 * [--rate 0] [--octopost.webhooks.x=y ...]} ({@code --rate}: events per second written; 0 writes them
 * all at once; {@code --octopost.*} arguments go to the server)
 */
public final class WebhookBenchmark {

  private static final String KEY = "oct_live_WebhkWebhkWebhkWebhkWebhkWebhkWe";
  private static final String SECRET = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(5)).build();
  private static final Pattern EVENT_ID = Pattern.compile("\"id\": ?\"(evt_[A-Za-z0-9]+)\"");

  public static void main(String[] args) throws Exception {
    int events = Bench.intArg(args, "--events", 10_000);
    int endpoints = Bench.intArg(args, "--endpoints", 10);
    int latency = Bench.intArg(args, "--latency-ms", 20);
    int rate = Bench.intArg(args, "--rate", 0);
    String jar = Bench.strArg(args, "--jar", "target/octopost.jar");
    int deliveries = events * endpoints;
    System.out.printf("Webhooks: %d events x %d endpoints = %d deliveries, endpoint latency %d ms, %s%n",
        events, endpoints, deliveries, latency, rate == 0 ? "all written at once" : rate + " events/s");

    var committed = new ConcurrentHashMap<String, Long>();
    var delays = new ConcurrentLinkedQueue<Long>();
    var received = new AtomicInteger();
    var arrivals = new ConcurrentLinkedQueue<Long>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
    receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    receiver.createContext("/", exchange -> {
      long at = System.nanoTime();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      var m = EVENT_ID.matcher(body);
      Long sent = m.find() ? committed.get(m.group(1)) : null;
      if (sent != null) {
        delays.add((at - sent) / 1_000_000);
      }
      arrivals.add(at);
      received.incrementAndGet();
      try {
        Thread.sleep(latency);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    receiver.start();

    EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
    Process server = null;
    try {
      try (var c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
        s.execute("CREATE DATABASE webhooks");
      }
      String dbUrl = pg.getJdbcUrl("postgres", "webhooks");
      int port = Bench.freePort();
      Path dir = Files.createTempDirectory("octopost-webhooks");
      var cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar,
          "--server.port=" + port, "--octopost.data-dir=" + dir, "--octopost.database.url=" + dbUrl,
          "--octopost.bootstrap-api-key=" + KEY, "--octopost.secret-key=" + SECRET,
          "--octopost.outbound.allow-private-networks=true", "--logging.level.root=warn"));
      for (String a : args) {
        if (a.startsWith("--octopost.") || a.startsWith("--spring.")) {
          cmd.add(a); // server settings, e.g. --octopost.webhooks.endpoint-concurrency=16
        }
      }
      server = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
      String base = "http://127.0.0.1:" + port;
      Bench.awaitHealthy(HTTP, base, server, dir.resolve("server.log"));

      for (int i = 0; i < endpoints; i++) {
        send(base + "/v1/webhooks", "{\"url\": \"http://127.0.0.1:" + receiver.getAddress().getPort() + "/e" + i
            + "\", \"events\": [\"post.created\"]}");
      }
      try (var db = pg.getDatabase("postgres", "webhooks").getConnection()) {
        String ws;
        try (var s = db.createStatement(); var rs = s.executeQuery("SELECT workspace_id FROM webhooks LIMIT 1")) {
          rs.next();
          ws = rs.getString(1);
        }
        long t0 = System.nanoTime();
        int batch = rate > 0 ? Math.max(1, rate / 20) : 100; // at a steady rate, a commit every 50 ms
        try (var insert = db.prepareStatement("INSERT INTO events (id, workspace_id, sandbox, type, payload, created_at)"
            + " VALUES (?, ?, false, 'post.created', ?::jsonb, ?)")) {
          for (int done = 0; done < events; done += batch) {
            db.setAutoCommit(false);
            var ids = new ArrayList<String>();
            for (int i = done; i < Math.min(events, done + batch); i++) {
              String id = "evt_bench" + i;
              Instant now = Instant.now();
              insert.setString(1, id);
              insert.setString(2, ws);
              insert.setString(3, "{\"id\": \"" + id + "\", \"type\": \"post.created\", \"created_at\": \"" + now
                  + "\", \"data\": {\"post\": {\"id\": \"post_bench" + i + "\", \"content\": \"benchmark " + i + "\"}}}");
              insert.setTimestamp(4, Timestamp.from(now));
              insert.addBatch();
              ids.add(id);
            }
            insert.executeBatch();
            db.commit();
            long at = System.nanoTime();
            ids.forEach(id -> committed.put(id, at));
            if (rate > 0) {
              long due = t0 + (long) ((done + batch) * 1e9 / rate);
              long wait = due - System.nanoTime();
              if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
              }
            }
          }
        }
        System.out.printf("wrote %d events in %.2f s%n", events, (System.nanoTime() - t0) / 1e9);
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while (received.get() < deliveries && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        long last = arrivals.stream().mapToLong(Long::longValue).max().orElse(t0);
        double seconds = (last - t0) / 1e9;
        long[] sorted = delays.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.println();
        System.out.printf("deliveries received: %d of %d%n", received.get(), deliveries);
        System.out.printf("drain time:          %.2f s (first event written to the last delivery)%n", seconds);
        System.out.printf("throughput:          %.0f deliveries/s%n", received.get() / seconds);
        System.out.printf("delay (event committed -> delivered): p50 %d ms, p99 %d ms, max %d ms%n",
            Bench.pct(sorted, 0.50), Bench.pct(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
      }
    } finally {
      if (server != null) {
        server.destroy();
        server.waitFor();
      }
      receiver.stop(0);
      pg.close();
    }
  }

  private static void send(String url, String json) throws IOException, InterruptedException {
    var r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IOException("POST " + url + " -> " + r.statusCode() + " " + r.body());
    }
  }

}

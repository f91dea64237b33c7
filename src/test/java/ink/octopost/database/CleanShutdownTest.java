package ink.octopost.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import ink.octopost.testing.Api;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server stopped the way an operator stops it (SIGTERM, as {@code docker stop} or systemd send)
 * shuts down without a warning: the work loops stop before the connection pool closes, and the
 * embedded PostgreSQL stops after the pool, not at the first signal. It runs as its own process,
 * since a signal and the JVM's shutdown hooks are what is tested.
 */
class CleanShutdownTest {

  @TempDir Path dataDir;

  @Test
  void sigterm_stopsTheWorkLoopsBeforeTheDatabase_andLogsNoWarning() throws Exception {
    Path log = dataDir.resolve("server.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var command = List.of(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        "ink.octopost.OctopostApplication", "--server.port=0", "--spring.jmx.enabled=false",
        "--octopost.data-dir=" + dataDir.resolve("data"), "--octopost.database.url=", "--octopost.secret-key=",
        // Both loops look for work every 50 ms, so a pass is likely under way when the signal comes.
        "--octopost.webhooks.max-idle=PT0.05S", "--octopost.engine.max-idle=PT0.05S",
        "--octopost.outbound.allow-private-networks=true");
    int signalledAt = 0;
    // A delivery in flight when the signal comes: its answer arrives, and is recorded, two seconds later.
    var arrived = new CountDownLatch(1);
    HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/hook", exchange -> {
      arrived.countDown();
      try {
        Thread.sleep(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.setExecutor(Executors.newCachedThreadPool());
    receiver.start();
    Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
      while (!read(log).contains("Started OctopostApplication")) {
        assertThat(server.isAlive()).as("the server is running:%n%s", read(log)).isTrue();
        assertThat(System.nanoTime()).as("the server started in time:%n%s", read(log)).isLessThan(deadline);
        Thread.sleep(200);
      }
      String started = read(log);
      var port = Pattern.compile("Tomcat started on port (\\d+)").matcher(started);
      var key = Pattern.compile("API key \\(full access\\):\\s+(oct_live_\\w{32})").matcher(started);
      assertThat(port.find() && key.find()).as("port and key in:%n%s", started).isTrue();
      var api = new Api(Integer.parseInt(port.group(1)));
      var hook = api.post("/v1/webhooks", key.group(1),
          "{\"url\": \"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\", \"events\": [\"post.published\"]}");
      assertThat(hook.status()).as(hook.toString()).isEqualTo(201);
      var test = api.post("/v1/webhooks/" + hook.json().path("id").asString() + "/test", key.group(1), "{}");
      assertThat(test.status()).as(test.toString()).isEqualTo(202);
      assertThat(arrived.await(60, TimeUnit.SECONDS)).as("the delivery reached the receiver").isTrue();

      signalledAt = read(log).length();
      server.destroy(); // SIGTERM
      assertThat(server.waitFor(90, TimeUnit.SECONDS)).as("the server stopped:%n%s", read(log)).isTrue();
    } finally {
      stop(server);
      receiver.stop(0);
    }
    String out = read(log);
    String shutdown = out.substring(signalledAt);
    var complaints = new ArrayList<String>();
    for (String line : shutdown.split("\n")) {
      // Hikari's housekeeper warns of a starved thread on any overloaded machine: not shutdown's doing.
      if (line.matches("^\\S+\\s+(WARN|ERROR) .*") && !line.contains("Thread starvation or clock leap")) {
        complaints.add(line);
      }
    }
    assertThat(complaints).as("warnings and errors after the signal:%n%s", shutdown).isEmpty();
    assertThat(shutdown).contains("Commencing graceful shutdown");
    assertThat(arrived.getCount()).isZero();
    assertThat(Files.exists(dataDir.resolve("data/postgres/postmaster.pid")))
        .as("the embedded PostgreSQL stopped with the server").isFalse();
  }

  private static String read(Path log) throws Exception {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  /** A server that did not stop is killed, with the PostgreSQL it started. */
  private void stop(Process server) throws Exception {
    if (server.isAlive()) {
      server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    Path pid = dataDir.resolve("data/postgres/postmaster.pid");
    if (Files.exists(pid)) {
      var lines = Files.readAllLines(pid);
      if (!lines.isEmpty()) {
        ProcessHandle.of(Long.parseLong(lines.getFirst().strip())).ifPresent(ProcessHandle::destroy);
      }
    }
  }
}

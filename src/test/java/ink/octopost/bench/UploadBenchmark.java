package ink.octopost.bench;

import ink.octopost.media.TestMp4;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Upload throughput and the server's heap growth for one large upload (default 1 GiB, a valid MP4
 * whose media data is generated while it is sent, never held in memory) to {@code POST /v1/media}
 * over loopback, against a server process with the filesystem store. The server's heap is read
 * over JMX every 10 ms. Targets: at least 200 MB/s, under 32 MiB of heap growth.
 *
 * <p>Run: {@code ./octopost bench-media --upload [--fit false] [--upload-bytes 1073741824] [--server-xmx 256m]
 * [--jar target/octopost.jar | --jar classes]} ({@code classes}: the server from this class path).
 */
final class UploadBenchmark {

  private static final String KEY = "oct_live_MediaMediaMediaMediaMediaMediaMe";
  private static final String SECRET = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  private static final String BOUNDARY = "octopost-bench-boundary-7f3a9c";

  private UploadBenchmark() {}

  static void run(String[] args) throws Exception {
    long bytes = Long.parseLong(Bench.strArg(args, "--upload-bytes", String.valueOf(1L << 30)));
    String jar = Bench.strArg(args, "--jar", "target/octopost.jar");
    String xmx = Bench.strArg(args, "--server-xmx", "256m");
    var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      try (var c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
        s.execute("CREATE DATABASE media");
      }
      int port = Bench.freePort();
      int jmx = Bench.freePort();
      Path dir = Files.createTempDirectory("octopost-upload");
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx" + xmx, "-Dcom.sun.management.jmxremote.port=" + jmx, "-Dcom.sun.management.jmxremote.rmi.port=" + jmx,
          "-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false",
          "-Djava.rmi.server.hostname=127.0.0.1"));
      if (jar.equals("classes")) { // the compiled classes and the test class path (no packaged jar needed)
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "ink.octopost.OctopostApplication"));
      } else {
        cmd.addAll(List.of("-jar", jar));
      }
      cmd.addAll(List.of("--server.port=" + port, "--octopost.data-dir=" + dir,
          "--octopost.database.url=" + pg.getJdbcUrl("postgres", "media"), "--octopost.bootstrap-api-key=" + KEY,
          "--octopost.secret-key=" + SECRET, "--logging.level.root=warn"));
      Process server = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
      try {
        String base = "http://127.0.0.1:" + port;
        Bench.awaitHealthy(http, base, server, dir.resolve("server.log"));
        try (var connector = JMXConnectorFactory.connect(
            new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmx + "/jmxrmi"))) {
          MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(connector.getMBeanServerConnection(),
              ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
          upload(http, base, bytes, memory, xmx);
        }
      } finally {
        server.destroy();
        server.waitFor();
      }
    }
  }

  private static void upload(HttpClient http, String base, long size, MemoryMXBean memory, String xmx) throws Exception {
    byte[] mp4 = TestMp4.header(0);
    long payload = size - mp4.length;
    byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bench.mp4\"\r\n"
        + "Content-Type: video/mp4\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] fileHead = TestMp4.header(payload);
    byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    long total = head.length + fileHead.length + payload + tail.length;

    memory.gc();
    long before = memory.getHeapMemoryUsage().getUsed();
    var peak = new AtomicLong(before);
    var sampler = Thread.ofPlatform().daemon().start(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          return; // the server went away
        }
      }
    });
    var body = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
        () -> new Generated(head, fileHead, payload, tail)), total);
    var request = HttpRequest.newBuilder(URI.create(base + "/v1/media")).header("Authorization", "Bearer " + KEY)
        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY).timeout(Duration.ofMinutes(10)).POST(body).build();
    long t0 = System.nanoTime();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    double seconds = (System.nanoTime() - t0) / 1e9;
    sampler.interrupt();
    memory.gc();
    long after = memory.getHeapMemoryUsage().getUsed();
    System.out.printf("%nUpload: %,d bytes (an MP4) to POST /v1/media over loopback, server -Xmx%s: HTTP %d in %.2f s = %.0f MB/s%n",
        total, xmx, response.statusCode(), seconds, total / seconds / 1e6);
    System.out.printf("        server heap: %d MiB before, peak %d MiB while uploading (+%d MiB, garbage included), "
        + "%d MiB after a GC (+%d MiB kept)%n", before >> 20, peak.get() >> 20, (peak.get() - before) >> 20, after >> 20,
        (after - before) >> 20);
    if (response.statusCode() >= 300) {
      String b = response.body();
      System.out.println("        answer: " + b.substring(0, Math.min(300, b.length())));
    }
  }

  /** The multipart body: part header, MP4 header, generated media data, closing boundary; nothing held but one block. */
  static final class Generated extends InputStream {
    private final byte[][] fixed;
    private final byte[] block = new byte[64 * 1024];
    private long payloadLeft;
    private int part; // 0, 1: head parts; 2: payload; 3: tail
    private int pos;

    Generated(byte[] head, byte[] fileHead, long payload, byte[] tail) {
      this.fixed = new byte[][] {head, fileHead, null, tail};
      this.payloadLeft = payload;
      long seed = 42;
      for (int i = 0; i < block.length; i++) {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        block[i] = (byte) (seed >>> 56);
      }
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      while (part < 4) {
        if (part == 2) {
          if (payloadLeft == 0) {
            part++;
            pos = 0;
            continue;
          }
          int n = (int) Math.min(Math.min(len, payloadLeft), block.length - pos);
          System.arraycopy(block, pos, b, off, n);
          pos = (pos + n) % block.length;
          payloadLeft -= n;
          return n;
        }
        byte[] f = fixed[part];
        if (pos < f.length) {
          int n = Math.min(len, f.length - pos);
          System.arraycopy(f, pos, b, off, n);
          pos += n;
          return n;
        }
        part++;
        pos = 0;
      }
      return -1;
    }
  }
}

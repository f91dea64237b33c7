package ink.octopost.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real S3-protocol server for tests: Adobe S3Mock's runnable jar, which Maven copies to
 * {@code target/s3mock/s3mock.jar} (it is a Spring Boot 3 application, so it runs in its own JVM,
 * never on our class path). Started once per test JVM on a free loopback port, plain HTTP, with
 * the bucket {@link #BUCKET}, and stopped when the JVM exits. Its objects and log live under
 * {@code target/s3mock/run-<pid>/}. It checks no signatures, so tests may
 * read objects with a plain GET of {@code <endpoint>/<bucket>/<key>}.
 */
public final class S3MockServer {

  public static final String BUCKET = "octopost-test";
  /** Any credentials do; S3Mock does not check them. */
  public static final String ACCESS_KEY = "test-access-key";
  public static final String SECRET_KEY = "test-secret-key";

  private static URI endpoint;

  private S3MockServer() {}

  /** The server's base URL, starting it if this JVM has not yet. */
  public static synchronized URI endpoint() {
    if (endpoint == null) {
      endpoint = start();
    }
    return endpoint;
  }

  private static URI start() {
    Path jar = Path.of("target", "s3mock", "s3mock.jar").toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run the build through Maven (its process-test-resources"
          + " phase copies com.adobe.testing:s3mock:exec there)");
    }
    try {
      Path run = Files.createDirectories(jar.getParent().resolve("run-" + ProcessHandle.current().pid()));
      Path root = Files.createDirectories(run.resolve("store"));
      Path log = run.resolve("s3mock.log");
      int httpPort = freePort();
      String javaBinary = ProcessHandle.current().info().command().orElse("java");
      List<String> command = new ArrayList<>(List.of(javaBinary, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
          "-jar", jar.toString(),
          "--server.port=0", // the HTTPS connector: unused, on any port
          "--com.adobe.testing.s3mock.httpPort=" + httpPort,
          "--com.adobe.testing.s3mock.store.root=" + root,
          "--com.adobe.testing.s3mock.store.initialBuckets=" + BUCKET,
          "--spring.main.banner-mode=off"));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        process.destroy();
        try {
          process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        deleteTree(root);
      }, "s3mock-stop"));
      URI uri = URI.create("http://127.0.0.1:" + httpPort);
      waitUntilUp(uri, process, log);
      return uri;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start S3Mock", e);
    }
  }

  private static void waitUntilUp(URI uri, Process process, Path log) throws IOException {
    var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("S3Mock exited with " + process.exitValue() + ":\n" + tail(log));
      }
      try {
        var response = client.send(HttpRequest.newBuilder(uri.resolve("/" + BUCKET)).method("HEAD", HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("S3Mock did not answer within 120 s:\n" + tail(log));
  }

  /** The objects the tests stored (the log stays beside them, in target/, for a failed run). */
  private static void deleteTree(Path root) {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // best effort at JVM exit
    }
  }

  private static String tail(Path log) throws IOException {
    var lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}

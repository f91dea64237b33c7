// Octopost HTTP benchmark (not a test): starts the server as a separate process on a fresh
// embedded database, drives it from this process over loopback, and prints requests per second
// and p50/p99 latency for an authenticated GET /v1/me and for the unauthenticated health check,
// plus the server's start-up time and memory. Run: ./octopost bench-http [--duration 15]
// [--concurrency 32] [--warmup 5] [--database-url jdbc:postgresql://127.0.0.1:5432/db?user=u]
// (an external database instead of the embedded one: use an empty, throwaway database)
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

public class HttpBench {

  record Result(String name, long requests, long errors, double seconds, long[] latenciesNanos) {
    double rps() { return requests / seconds; }
    double percentileMs(double p) {
      if (latenciesNanos.length == 0) return Double.NaN;
      int i = (int) Math.min(latenciesNanos.length - 1, Math.ceil(p * latenciesNanos.length) - 1);
      return latenciesNanos[Math.max(0, i)] / 1e6;
    }
  }

  public static void main(String[] args) throws Exception {
    int duration = intArg(args, "--duration", 15);
    int concurrency = intArg(args, "--concurrency", 32);
    int warmup = intArg(args, "--warmup", 5);
    String jar = strArg(args, "--jar", "target/octopost.jar");
    String key = "oct_live_BenchBenchBenchBenchBenchBenchBe";
    int port;
    try (var s = new ServerSocket(0)) { port = s.getLocalPort(); }
    Path dataDir = Files.createTempDirectory("octopost-bench");
    Path log = dataDir.resolve("server.log");

    String databaseUrl = strArg(args, "--database-url", "");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var cmd = new ArrayList<>(List.of(java, "-jar", jar,
        "--server.port=" + port,
        "--octopost.data-dir=" + dataDir,
        "--octopost.bootstrap-api-key=" + key,
        // A tier with room for the benchmark: the limiter still runs on every request.
        "--octopost.rate-limits.tiers.bench.requests-per-minute=10000000",
        "--octopost.rate-limits.tiers.bench.publishes-per-hour=10000000",
        "--octopost.workspaces.default-tier=bench",
        "--logging.level.root=warn"));
    if (!databaseUrl.isEmpty()) {
      cmd.add("--octopost.database.url=" + databaseUrl);
      // An external database needs the key that seals credentials; any key will do for a fresh one.
      byte[] secret = new byte[32];
      new SecureRandom().nextBytes(secret);
      cmd.add("--octopost.secret-key=" + Base64.getEncoder().encodeToString(secret));
    }
    long launched = System.nanoTime();
    Process server = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::destroy));
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
        .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    String base = "http://127.0.0.1:" + port;
    waitForHealth(client, base, server, log);
    double startupSeconds = (System.nanoTime() - launched) / 1e9;
    long rssAfterStart = rssKb(server.pid());

    HttpRequest me = HttpRequest.newBuilder(URI.create(base + "/v1/me"))
        .header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(10)).build();
    HttpRequest health = HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
        .timeout(Duration.ofSeconds(10)).build();

    System.out.printf("Octopost HTTP benchmark: %d concurrent clients, %d s warm-up, %d s per endpoint, server JVM %s, %s database%n",
        concurrency, warmup, duration, Runtime.version(), databaseUrl.isEmpty() ? "embedded" : "external");
    run(client, "warm-up", me, concurrency, warmup);
    run(client, "warm-up", health, concurrency, warmup);
    // CPU per request depends far less than requests per second on how busy the machine is.
    String pgMark = databaseUrl.isEmpty() ? dataDir.toString() : databaseName(databaseUrl);
    long[] cpu0 = {cpuTicks(server.pid()), postgresTicks(pgMark, !databaseUrl.isEmpty())};
    Result rMe = run(client, "GET /v1/me (authenticated)", me, concurrency, duration);
    long[] cpu1 = {cpuTicks(server.pid()), postgresTicks(pgMark, !databaseUrl.isEmpty())};
    Result rHealth = run(client, "GET /actuator/health", health, concurrency, duration);
    long[] cpu2 = {cpuTicks(server.pid()), postgresTicks(pgMark, !databaseUrl.isEmpty())};
    long rssAfterLoad = rssKb(server.pid());

    System.out.println();
    System.out.printf("%-30s %12s %10s %10s %8s%n", "endpoint", "requests/s", "p50 ms", "p99 ms", "errors");
    for (Result r : List.of(rMe, rHealth)) {
      System.out.printf("%-30s %12.0f %10.2f %10.2f %8d%n", r.name(), r.rps(), r.percentileMs(0.50), r.percentileMs(0.99), r.errors());
    }
    System.out.printf("ratio /v1/me : health = %.2f (throughput)%n", rMe.rps() / rHealth.rps());
    for (var r : List.of(new Object[] {rMe, cpu0, cpu1}, new Object[] {rHealth, cpu1, cpu2})) {
      Result res = (Result) r[0];
      long[] a = (long[]) r[1], b = (long[]) r[2];
      System.out.printf("CPU per request, %-30s server %.3f ms, PostgreSQL %.3f ms%n", res.name(),
          (b[0] - a[0]) * 10.0 / res.requests(), (b[1] - a[1]) * 10.0 / res.requests());
    }
    System.out.printf("server start-up (launch to healthy, fresh %s): %.1f s%n",
        databaseUrl.isEmpty() ? "data directory" : "database", startupSeconds);
    System.out.printf("server RSS after start-up: %d MiB, after the load: %d MiB%n", rssAfterStart / 1024, rssAfterLoad / 1024);

    server.destroy();
    server.waitFor();
  }

  static Result run(HttpClient client, String name, HttpRequest request, int concurrency, int seconds) throws Exception {
    AtomicLong errors = new AtomicLong();
    List<long[]> perWorker = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    int[] counts = new int[concurrency];
    for (int w = 0; w < concurrency; w++) {
      perWorker.add(new long[(int) Math.min(2_000_000, seconds * 50_000L)]);
    }
    // The clock starts once the buffers exist: on a busy machine allocating them can take seconds.
    long start = System.nanoTime();
    long deadline = start + seconds * 1_000_000_000L;
    for (int w = 0; w < concurrency; w++) {
      long[] lat = perWorker.get(w);
      final int id = w;
      workers.add(Thread.ofVirtual().start(() -> {
        int n = 0;
        while (System.nanoTime() < deadline && n < lat.length) {
          long t0 = System.nanoTime();
          try {
            var resp = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (resp.statusCode() != 200) errors.incrementAndGet();
          } catch (IOException | InterruptedException e) {
            errors.incrementAndGet();
          }
          lat[n++] = System.nanoTime() - t0;
        }
        counts[id] = n;
      }));
    }
    for (Thread t : workers) t.join();
    double elapsed = (System.nanoTime() - start) / 1e9;
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int pos = 0;
    for (int w = 0; w < concurrency; w++) {
      System.arraycopy(perWorker.get(w), 0, all, pos, counts[w]);
      pos += counts[w];
    }
    Arrays.sort(all);
    return new Result(name, total, errors.get(), elapsed, all);
  }

  static void waitForHealth(HttpClient client, String base, Process server, Path log) throws Exception {
    var req = HttpRequest.newBuilder(URI.create(base + "/actuator/health")).timeout(Duration.ofSeconds(2)).build();
    // Generous: on a 2-core machine shared with other work a start can take minutes.
    long deadline = System.nanoTime() + Duration.ofSeconds(600).toNanos();
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        System.err.println(Files.readString(log));
        throw new IllegalStateException("the server exited during start-up");
      }
      try {
        if (client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the server did not become healthy within 600 s; see " + log);
  }

  /** utime + stime of a process, in clock ticks (10 ms each on Linux). */
  static long cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * CPU ticks of the PostgreSQL processes serving the benchmark: the embedded server's postmaster
   * (found by its data directory) and its children; or, for an external server, the backends
   * connected to the benchmark's database.
   */
  static long postgresTicks(String mark, boolean external) {
    long total = 0;
    var postmasters = new java.util.HashSet<Long>();
    var all = new java.util.HashMap<Long, String>();
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.toList()) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) continue;
        try {
          String cmd = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
          all.put(Long.parseLong(name), cmd);
          if (!external && cmd.contains("postgres") && cmd.contains(mark)) postmasters.add(Long.parseLong(name));
        } catch (IOException e) {
          // gone
        }
      }
    } catch (IOException e) {
      return 0;
    }
    for (var e : all.entrySet()) {
      long pid = e.getKey();
      boolean ours = external
          ? e.getValue().startsWith("postgres: ") && e.getValue().contains(" " + mark + " ")
          : postmasters.contains(pid) || postmasters.contains(parent(pid));
      if (ours) total += cpuTicks(pid);
    }
    return total;
  }

  static long parent(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static String databaseName(String url) {
    String path = url.replaceFirst("^(jdbc:)?postgresql://[^/]*/", "");
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  static long rssKb(long pid) {
    try {
      long total = 0;
      for (long p : List.of(pid)) {
        for (String line : Files.readAllLines(Path.of("/proc/" + p + "/status"))) {
          if (line.startsWith("VmRSS:")) total += Long.parseLong(line.replaceAll("\\D+", ""));
        }
      }
      return total;
    } catch (IOException e) {
      return -1;
    }
  }

  static int intArg(String[] args, String name, int def) {
    return Integer.parseInt(strArg(args, name, String.valueOf(def)));
  }

  static String strArg(String[] args, String name, String def) {
    for (int i = 0; i < args.length - 1; i++) if (args[i].equals(name)) return args[i + 1];
    return def;
  }
}

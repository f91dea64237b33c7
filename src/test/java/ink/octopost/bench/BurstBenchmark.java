package ink.octopost.bench;

import ink.octopost.fakes.FakeMastodon;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The publishing engine under a burst (a benchmark that prints figures, not a test): N posts,
 * each to 3 Mastodon accounts, all scheduled for the same instant, published by one or more
 * Octopost server processes to a fake Mastodon on loopback that answers after a fixed latency.
 * Prints targets per second, drain time, the lateness of each network call (its arrival at the
 * network minus the scheduled instant) and each post's completion (its last target created at the
 * network minus the scheduled instant).
 *
 * <p>Run: {@code ./octopost bench-burst [--posts 10000] [--latency-ms 50] [--nodes 1] [--warmup-posts 0]
 * [--global-concurrency N] [--compare-marker]};
 * a warm-up round first measures a server whose hot paths are already compiled. With
 * {@code --compare-marker} the whole benchmark runs twice, first without the durable call marker
 * ({@code octopost.engine.call-marker=false}), then with it, and prints what the marker costs.
 */
public final class BurstBenchmark {

  private static final String KEY = "oct_live_BurstBurstBurstBurstBurstBurstBu";
  private static final String SECRET = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(5)).build();

  public static void main(String[] args) throws Exception {
    // The fake network is the JDK's HttpServer: by default it closes idle connections beyond 200
    // (the engine keeps up to 256 open) and delays small responses (Nagle). A real network keeps
    // its connections; so must the fake, or reconnects are measured instead of the engine.
    System.setProperty("sun.net.httpserver.maxIdleConnections", "2048");
    System.setProperty("sun.net.httpserver.nodelay", "true");
    int posts = Bench.intArg(args, "--posts", 10_000);
    int latency = Bench.intArg(args, "--latency-ms", 50);
    int nodes = Bench.intArg(args, "--nodes", 1);
    int warmup = Bench.intArg(args, "--warmup-posts", 0);
    int concurrency = Bench.intArg(args, "--global-concurrency", 0); // 0: the server's default
    String jar = Bench.strArg(args, "--jar", "target/octopost.jar");
    System.out.printf("Burst: %d posts x 3 accounts = %d targets, fake network latency %d ms, %d server process(es)%n",
        posts, posts * 3, latency, nodes);
    if (!java.util.Arrays.asList(args).contains("--compare-marker")) {
      run(posts, latency, nodes, warmup, concurrency, jar, true);
      return;
    }
    System.out.println("\n=== without the durable call marker (octopost.engine.call-marker=false) ===");
    var off = run(posts, latency, nodes, warmup, concurrency, jar, false);
    System.out.println("\n=== with the durable call marker (the default) ===");
    var on = run(posts, latency, nodes, warmup, concurrency, jar, true);
    System.out.printf("%ncall marker cost: throughput %.0f -> %.0f targets/s (%+.1f%%), drain %.2f -> %.2f s,"
            + " post completion p50 %d -> %d ms, p99 %d -> %d ms, server+PostgreSQL CPU per target %.3f -> %.3f ms%n",
        off.throughput(), on.throughput(), (on.throughput() / off.throughput() - 1) * 100, off.drainSeconds(), on.drainSeconds(),
        off.completionP50(), on.completionP50(), off.completionP99(), on.completionP99(), off.cpuPerTargetMs(), on.cpuPerTargetMs());
  }

  /** The figures of one measured round. */
  record Figures(double throughput, double drainSeconds, long completionP50, long completionP99, double cpuPerTargetMs) {}

  private static Figures run(int posts, int latency, int nodes, int warmup, int concurrency, String jar, boolean marker)
      throws Exception {
    try (var fake = new FakeMastodon().latency(latency)) {
      for (int i = 0; i < 3; i++) {
        fake.token("bench-" + i, "bench" + i);
      }
      EmbeddedPostgres pg = null;
      var servers = new ArrayList<Process>();
      var bases = new ArrayList<String>();
      try {
        String dbUrl = null;
        boolean statements = System.getenv("BENCH_PG_STATEMENTS") != null; // print the top statements afterwards
        if (nodes > 1 || statements) {
          Path pgDir = Files.createTempDirectory("octopost-burst-pg");
          Cpu.DATA_DIRS.add(pgDir.toString());
          var builder = EmbeddedPostgres.builder().setDataDirectory(pgDir).setCleanDataDirectory(true)
              .setServerConfig("max_connections", "300");
          if (statements) {
            builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
          }
          pg = builder.start();
          try (var c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("CREATE DATABASE burst");
          }
          dbUrl = pg.getJdbcUrl("postgres", "burst");
          if (statements) {
            try (var c = pg.getDatabase("postgres", "burst").getConnection(); var s = c.createStatement()) {
              s.execute("CREATE EXTENSION pg_stat_statements");
            }
          }
        }
        for (int n = 0; n < nodes; n++) {
          int port = Bench.freePort();
          Path dir = Files.createTempDirectory("octopost-burst");
          Cpu.DATA_DIRS.add(dir.toString());
          var cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
          if (System.getenv("BENCH_JFR") != null) { // a CPU profile of each server: BENCH_JFR=/tmp/burst
            cmd.add("-XX:StartFlightRecording=filename=" + System.getenv("BENCH_JFR") + "-" + n + ".jfr,settings=profile");
          }
          cmd.addAll(List.of("-jar", jar, "--server.port=" + port, "--octopost.data-dir=" + dir,
              "--octopost.bootstrap-api-key=" + KEY, "--octopost.secret-key=" + SECRET,
              "--octopost.rate-limits.tiers.bench.requests-per-minute=10000000",
              "--octopost.rate-limits.tiers.bench.publishes-per-hour=10000000",
              "--octopost.workspaces.default-tier=bench", "--octopost.outbound.allow-private-networks=true",
              "--logging.level.root=warn"));
          if (concurrency > 0) {
            cmd.add("--octopost.engine.global-concurrency=" + concurrency);
          }
          cmd.add("--octopost.engine.call-marker=" + marker);
          if (dbUrl != null) {
            cmd.add("--octopost.database.url=" + dbUrl);
          }
          servers.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start());
          bases.add("http://127.0.0.1:" + port);
          Bench.awaitHealthy(HTTP, bases.getLast(), servers.getLast(), dir.resolve("server.log"));
          // One by one: the first start migrates and bootstraps; the others find it done.
        }
        String base = bases.getFirst();

        var accounts = new ArrayList<String>();
        for (int i = 0; i < 3; i++) {
          var r = send("POST", base + "/v1/accounts", "{\"platform\": \"mastodon\", \"instance_url\": \"" + fake.url()
              + "\", \"access_token\": \"bench-" + i + "\"}");
          accounts.add(field(r.body(), "id"));
        }
        String body = "\"account_ids\": [\"" + String.join("\", \"", accounts) + "\"]";

        if (warmup > 0) {
          System.out.printf("warm-up round: %d posts%n", warmup);
          round(fake, bases, body, warmup, latency, "warm-up");
          System.out.println("measured round:");
        }
        var figures = round(fake, bases, body, posts, latency, "measured");
        if (pg != null && System.getenv("BENCH_PG_STATEMENTS") != null) {
          try (var c = pg.getDatabase("postgres", "burst").getConnection(); var st = c.createStatement();
              var rs = st.executeQuery("SELECT calls, round(total_exec_time) AS ms, round(mean_exec_time::numeric, 3) AS mean,"
                  + " left(regexp_replace(query, '\\s+', ' ', 'g'), 90) FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 12")) {
            System.out.println("\ntop statements (calls, total ms, mean ms):");
            while (rs.next()) {
              System.out.printf("%8d %8d %8s  %s%n", rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4));
            }
          }
        }
        return figures;
      } finally {
        servers.forEach(Process::destroy);
        for (var s : servers) {
          s.waitFor();
        }
        if (pg != null) {
          pg.close();
        }
      }
    }
  }

  /** One burst: create the posts, schedule them all for one instant, wait until they are out. */
  private static Figures round(FakeMastodon fake, List<String> bases, String body, int posts, int latency, String label)
      throws Exception {
    int before = fake.createdCount();
    int arrivedBefore = fake.arrivals().size();
    long t0 = System.nanoTime();
    var ids = new ConcurrentLinkedQueue<String>();
    parallel(posts, 32, i -> ids.add(field(
        send("POST", bases.get(i % bases.size()) + "/v1/posts", "{\"content\": \"burst " + label + " " + i + "\", " + body + "}").body(), "id")));
    double createSeconds = (System.nanoTime() - t0) / 1e9;
    double rate = posts / createSeconds;
    Instant at = Instant.now().plusMillis((long) (posts / rate * 1300) + 10_000).truncatedTo(ChronoUnit.SECONDS);
    System.out.printf("created %d posts in %.1f s (%.0f/s); scheduling them all for %s%n", posts, createSeconds, rate, at);
    var list = new ArrayList<>(ids);
    long t1 = System.nanoTime();
    parallel(list.size(), 32, i -> send("PATCH", bases.get(i % bases.size()) + "/v1/posts/" + list.get(i),
        "{\"scheduled_for\": \"" + at + "\"}"));
    System.out.printf("scheduled in %.1f s; waiting for %s%n", (System.nanoTime() - t1) / 1e9, at);

    int targets = posts * 3;
    Thread.sleep(Math.max(0, at.toEpochMilli() - System.currentTimeMillis()));
    var cpuBefore = Cpu.now();
    long deadline = System.currentTimeMillis() + Duration.ofMinutes(15).toMillis();
    while (fake.createdCount() - before < targets && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    var cpu = Cpu.now().minus(cpuBefore);
    List<Long> arrivals = new ArrayList<>(fake.arrivals().subList(arrivedBefore, fake.arrivals().size()));
    Collections.sort(arrivals);
    long scheduled = at.toEpochMilli();
    long[] lateness = arrivals.stream().mapToLong(a -> a - scheduled).toArray();
    long drain = arrivals.getLast() + latency - scheduled;
    System.out.println();
    System.out.printf("targets published:   %d of %d%n", fake.createdCount() - before, targets);
    System.out.printf("drain time:          %.2f s (scheduled instant to the last answer)%n", drain / 1000.0);
    System.out.printf("throughput:          %.0f targets/s%n", targets / (drain / 1000.0));
    System.out.printf("lateness (call start - scheduled): p50 %d ms, p99 %d ms, max %d ms%n",
        Bench.pct(lateness, 0.50), Bench.pct(lateness, 0.99), lateness[lateness.length - 1]);
    System.out.printf("first call at +%d ms%n", lateness[0]);
    // A post is complete when its last target is created at the network; claims go post by post,
    // so posts complete progressively through the drain rather than all at its end.
    long[] completion = java.util.stream.IntStream.range(0, posts)
        .mapToObj(i -> fake.lastCreatedAt("burst " + label + " " + i)).filter(java.util.Objects::nonNull)
        .mapToLong(t -> t - scheduled).sorted().toArray();
    System.out.printf("post completion (last target created - scheduled): p50 %d ms, p99 %d ms, max %d ms%n",
        Bench.pct(completion, 0.50), Bench.pct(completion, 0.99), completion.length == 0 ? 0 : completion[completion.length - 1]);
    double cpuPerTarget = (cpu.servers() + cpu.postgres()) * 1000 / targets;
    System.out.printf("CPU during the drain: server JVM %.1f s, PostgreSQL %.1f s, harness %.1f s;"
            + " %.3f ms of server+PostgreSQL CPU per target%n",
        cpu.servers(), cpu.postgres(), cpu.harness(), cpuPerTarget);
    return new Figures(targets / (drain / 1000.0), drain / 1000.0, Bench.pct(completion, 0.50), Bench.pct(completion, 0.99),
        cpuPerTarget);
  }

  /**
   * CPU seconds used so far by the server processes (this process's children), by PostgreSQL (the
   * postmasters whose data lives in this benchmark's directories, and their backends: pg_ctl
   * detaches them, so they are nobody's descendants) and by this harness. Backends that exit
   * during the drain are not counted, which a pooled server's long-lived ones rarely do.
   */
  record Cpu(double servers, double postgres, double harness) {
    static final List<String> DATA_DIRS = new java.util.concurrent.CopyOnWriteArrayList<>();

    static Cpu now() {
      var self = ProcessHandle.current();
      double servers = self.children().mapToDouble(Cpu::seconds).sum();
      double postgres = ProcessHandle.allProcesses()
          .filter(p -> java.util.Arrays.stream(p.info().arguments().orElse(new String[0]))
              .anyMatch(a -> DATA_DIRS.stream().anyMatch(a::startsWith)))
          .flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants()))
          .distinct()
          .mapToDouble(Cpu::seconds).sum();
      return new Cpu(servers, postgres, seconds(self));
    }

    private static double seconds(ProcessHandle p) {
      return p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
    }

    Cpu minus(Cpu o) {
      return new Cpu(servers - o.servers, postgres - o.postgres, harness - o.harness);
    }
  }

  interface Task {
    void run(int i) throws Exception;
  }

  private static void parallel(int n, int concurrency, Task task) throws InterruptedException {
    var permits = new Semaphore(concurrency);
    var failures = new AtomicInteger();
    try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < n; i++) {
        permits.acquire();
        final int index = i;
        exec.submit(() -> {
          try {
            task.run(index);
          } catch (Exception e) {
            if (failures.incrementAndGet() < 5) {
              System.err.println("request failed: " + e.getMessage());
            }
          } finally {
            permits.release();
          }
        });
      }
    }
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " requests failed");
    }
  }

  private static HttpResponse<String> send(String method, String url, String json) throws IOException, InterruptedException {
    var r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IOException(method + " " + url + " -> " + r.statusCode() + " " + r.body());
    }
    return r;
  }

  private static String field(String json, String name) {
    var m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return m.group(1);
  }

}

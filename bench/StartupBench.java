// Octopost start-up benchmark (not a test): starts the server as a separate process, times launch
// to a healthy /actuator/health on a fresh data directory and again on a restart of the same
// directory, and splits each start into phases from the server's log. Each round also times a
// plain JVM (`java -version`) as a baseline for how loaded the machine is at that moment.
// Run: ./octopost bench-startup [--runs 3] [--java-opts "-XX:AOTCache=..."] [--jar target/octopost.jar]
// (the launcher passes the options `./octopost run` would use unless --plain is given)
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

public class StartupBench {

  /** Log lines that end a phase, in order; a phase lasts from the previous mark to this one. */
  static final Map<String, Pattern> MARKS = new LinkedHashMap<>();

  static {
    MARKS.put("JVM + Spring Boot launch", Pattern.compile("Starting OctopostApplication"));
    MARKS.put("context up to the database", Pattern.compile("Embedded PostgreSQL ready|HikariPool-\\d+ - Start|octopost - Start"));
    MARKS.put("schema (Flyway)", Pattern.compile("Successfully applied|is up to date|Successfully validated"));
    MARKS.put("rest of the context", Pattern.compile("Tomcat started on port"));
    MARKS.put("ready", Pattern.compile("Started OctopostApplication"));
  }

  static final Pattern TIMESTAMP = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z)");
  static final Pattern PG_MS = Pattern.compile("Embedded PostgreSQL ready .*\\((\\d+) ms\\)");
  /** zonky's own timings (StopWatch: HH:mm:ss.SSS). */
  static final Pattern ZONKY = Pattern.compile("(initdb completed|postmaster startup finished) in (\\d\\d):(\\d\\d):(\\d\\d\\.\\d+)");

  public static void main(String[] args) throws Exception {
    int runs = Integer.parseInt(arg(args, "--runs", "3"));
    String jar = arg(args, "--jar", "target/octopost.jar");
    String opts = arg(args, "--java-opts", "").trim();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    System.out.printf("Octopost start-up benchmark: %d rounds, JVM %s, options [%s], %d CPUs%n",
        runs, Runtime.version(), opts, Runtime.getRuntime().availableProcessors());
    List<Double> fresh = new ArrayList<>(), restart = new ArrayList<>(), plain = new ArrayList<>();
    for (int r = 1; r <= runs; r++) {
      double jvm = plainJvm(java);
      Path dataDir = Files.createTempDirectory("octopost-startup");
      double f = start(java, opts, jar, dataDir, "round " + r + " fresh  ");
      double s = start(java, opts, jar, dataDir, "round " + r + " restart");
      System.out.printf("round %d: plain JVM %.2f s, load average %s%n", r, jvm, loadAverage());
      plain.add(jvm);
      fresh.add(f);
      restart.add(s);
      deleteTree(dataDir);
    }
    System.out.printf("%nmedian of %d: fresh data directory %.1f s, restart %.1f s, plain JVM %.2f s%n",
        runs, median(fresh), median(restart), median(plain));
  }

  /** Launch to healthy; prints the phases. */
  static double start(String java, String opts, String jar, Path dataDir, String label) throws Exception {
    int port;
    try (var s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = dataDir.resolve("server-" + System.nanoTime() + ".log");
    var cmd = new ArrayList<String>();
    cmd.add(java);
    if (!opts.isEmpty()) {
      cmd.addAll(List.of(opts.split("\\s+")));
    }
    cmd.addAll(List.of("-jar", jar, "--server.port=" + port, "--octopost.data-dir=" + dataDir,
        "--octopost.database.url=", "--logging.level.org.flywaydb=info", "--logging.level.com.zaxxer.hikari=info",
        "--logging.level.io.zonky.test.db.postgres=info"));
    Instant launched = Instant.now();
    long t0 = System.nanoTime();
    Process server = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    var health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
        .timeout(Duration.ofSeconds(2)).build();
    double took = -1;
    while (System.nanoTime() - t0 < Duration.ofMinutes(5).toNanos()) {
      if (!server.isAlive()) {
        System.err.println(Files.readString(log));
        throw new IllegalStateException("the server exited during start-up");
      }
      try {
        if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          took = (System.nanoTime() - t0) / 1e9;
          break;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(50);
    }
    server.destroy(); // SIGTERM: a clean shutdown, so the restart finds a clean data directory
    server.waitFor();
    if (took < 0) {
      throw new IllegalStateException("not healthy within 5 minutes; see " + log);
    }
    System.out.printf("%s %5.1f s to healthy:%s%n", label, took, phases(Files.readAllLines(log), launched));
    return took;
  }

  static String phases(List<String> lines, Instant launched) {
    var sb = new StringBuilder();
    Instant previous = launched;
    for (var mark : MARKS.entrySet()) {
      for (String line : lines) {
        if (mark.getValue().matcher(line).find()) {
          var ts = TIMESTAMP.matcher(line);
          if (ts.find()) {
            Instant at = Instant.parse(ts.group(1));
            sb.append(String.format(" %s %.1f s;", mark.getKey(), Duration.between(previous, at).toMillis() / 1000.0));
            previous = at;
          }
          var pg = PG_MS.matcher(line);
          if (pg.find()) {
            sb.append(String.format(" (of which PostgreSQL %.1f s", Integer.parseInt(pg.group(1)) / 1000.0));
            for (String l : lines) {
              var z = ZONKY.matcher(l);
              if (z.find()) {
                double secs = Integer.parseInt(z.group(2)) * 3600 + Integer.parseInt(z.group(3)) * 60
                    + Double.parseDouble(z.group(4));
                sb.append(String.format(", %s %.1f s", z.group(1).split(" ")[0], secs));
              }
            }
            sb.append(");");
          }
          break;
        }
      }
    }
    return sb.toString();
  }

  static double plainJvm(String java) throws Exception {
    long t0 = System.nanoTime();
    new ProcessBuilder(java, "-version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start().waitFor();
    return (System.nanoTime() - t0) / 1e9;
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  static double median(List<Double> xs) {
    var sorted = xs.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static void deleteTree(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  static String arg(String[] args, String name, String def) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return def;
  }
}

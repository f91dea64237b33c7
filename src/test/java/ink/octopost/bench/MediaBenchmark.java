package ink.octopost.bench;

import ink.octopost.media.MediaFitting;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The media library's costs (a benchmark that prints figures, not a test): the time, CPU and memory
 * to fit a 24-megapixel camera JPEG (EXIF orientation 6, GPS) for Bluesky (1,000,000 bytes) and
 * for X (5 MB), one at a time and 8 at once.
 *
 * <p>Run: {@code ./octopost bench-media [--iterations 10] [--warmup 3] [--parallel 8] [--rounds 3] [--source FILE]};
 * the generated source is kept in {@code target/bench-media/} so later runs (also with a small
 * {@code -Xmx} through {@code OCTOPOST_BENCH_JAVA_OPTS}) only fit.
 * Memory is shown three ways: bytes allocated per fit (what the garbage collector must reclaim),
 * and the largest heap in use while fitting, above the heap in use before (sampled every 2 ms).
 *
 * <p>With {@code --upload}, also the upload throughput and the server's heap growth for a 1 GiB upload
 * over HTTP to {@code POST /v1/media} ({@link UploadBenchmark}); {@code --fit false} leaves fitting out.
 */
public final class MediaBenchmark {

  static final Set<String> TYPES = Set.of("image/jpeg", "image/png", "image/webp", "image/gif");

  record Network(String name, long maxBytes) {}

  static final List<Network> NETWORKS = List.of(new Network("Bluesky", 1_000_000), new Network("X", 5_000_000));

  public static void main(String[] args) throws Exception {
    int iterations = Bench.intArg(args, "--iterations", 10);
    int warmup = Bench.intArg(args, "--warmup", 3);
    int parallel = Bench.intArg(args, "--parallel", 8);
    int rounds = Bench.intArg(args, "--rounds", 3);
    if (Bench.strArg(args, "--fit", "true").equals("false")) {
      uploadThroughput(args);
      return;
    }
    Path dir = Files.createTempDirectory("octopost-media-bench");
    // made once and kept (making it needs a full-size image in the heap; fitting it must not)
    Path camera = Path.of(Bench.strArg(args, "--source", "target/bench-media/camera-24mp.jpg"));
    if (!Files.exists(camera)) {
      Files.createDirectories(camera.toAbsolutePath().getParent());
      Files.write(camera, MediaFitting.cameraJpeg());
    }
    var os = ManagementFactory.getOperatingSystemMXBean();
    System.out.printf("Media fitting: %s (%,d bytes; generated: 6000 x 4000, EXIF orientation 6 and GPS)%n", camera,
        Files.size(camera));
    System.out.printf("JVM %s, %d processors, load average %.2f, max heap %d MiB%n%n", System.getProperty("java.version"),
        os.getAvailableProcessors(), os.getSystemLoadAverage(), Runtime.getRuntime().maxMemory() >> 20);
    var fitting = new MediaFitting();
    for (var n : NETWORKS) {
      for (int i = 0; i < warmup; i++) {
        fitting.fit(camera, n.maxBytes(), TYPES, dir.resolve("warm.jpg"));
      }
    }
    for (var n : NETWORKS) {
      oneAtATime(fitting, camera, n, iterations, dir);
    }
    for (var n : NETWORKS) {
      atOnce(fitting, camera, n, parallel, rounds, dir);
    }
    uploadThroughput(args);
  }

  static void oneAtATime(MediaFitting fitting, Path camera, Network n, int iterations, Path dir) throws Exception {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] wall = new long[iterations];
    long[] cpu = new long[iterations];
    long[] alloc = new long[iterations];
    MediaFitting.Result r = null;
    try (var peak = new HeapPeak()) {
      for (int i = 0; i < iterations; i++) {
        long c0 = threads.getCurrentThreadCpuTime();
        long a0 = threads.getCurrentThreadAllocatedBytes();
        long t0 = System.nanoTime();
        r = fitting.fit(camera, n.maxBytes(), TYPES, dir.resolve("one.jpg"));
        wall[i] = System.nanoTime() - t0;
        cpu[i] = threads.getCurrentThreadCpuTime() - c0;
        alloc[i] = threads.getCurrentThreadAllocatedBytes() - a0;
      }
      Arrays.sort(wall);
      Arrays.sort(cpu);
      Arrays.sort(alloc);
      System.out.printf("%-8s one at a time (%d fits): wall median %d ms (p90 %d, max %d); CPU median %d ms (p90 %d); "
              + "allocated %d MiB per fit; heap peak +%d MiB%n", n.name(), iterations, ms(Bench.pct(wall, 0.5)),
          ms(Bench.pct(wall, 0.9)), ms(wall[wall.length - 1]), ms(Bench.pct(cpu, 0.5)), ms(Bench.pct(cpu, 0.9)),
          Bench.pct(alloc, 0.5) >> 20, peak.above() >> 20);
    }
    System.out.printf("         result: %s %d x %d, %,d bytes%n", r.mimeType(), r.width(), r.height(), r.sizeBytes());
  }

  static void atOnce(MediaFitting fitting, Path camera, Network n, int parallel, int rounds, Path dir) throws Exception {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    List<Long> latencies = new ArrayList<>();
    var cpuTotal = new AtomicLong();
    long wallTotal = 0;
    try (var peak = new HeapPeak(); var pool = Executors.newFixedThreadPool(parallel)) {
      for (int round = 0; round < rounds; round++) {
        List<Future<Long>> futures = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < parallel; i++) {
          Path out = dir.resolve("par" + i + ".jpg");
          Callable<Long> job = () -> {
            long c0 = threads.getCurrentThreadCpuTime();
            long s = System.nanoTime();
            fitting.fit(camera, n.maxBytes(), TYPES, out);
            cpuTotal.addAndGet(threads.getCurrentThreadCpuTime() - c0);
            return System.nanoTime() - s;
          };
          futures.add(pool.submit(job));
        }
        for (var f : futures) {
          latencies.add(f.get());
        }
        wallTotal += System.nanoTime() - t0;
      }
      long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
      int fits = parallel * rounds;
      System.out.printf("%-8s %d at once (%d rounds): %d ms per round of %d, %.1f fits/s, %d ms of wall time per fit; "
              + "each fit's latency median %d ms (max %d); CPU %d ms per fit; heap peak +%d MiB%n", n.name(), parallel, rounds,
          ms(wallTotal / rounds), parallel, fits * 1e9 / wallTotal, ms(wallTotal / fits), ms(Bench.pct(l, 0.5)),
          ms(l[l.length - 1]), ms(cpuTotal.get() / fits), peak.above() >> 20);
    }
  }

  /**
   * Upload throughput and heap growth for a 1 GiB upload to the filesystem store over loopback
   * (target: at least 200 MB/s with under 32 MiB of heap growth), with {@code --upload}: see
   * {@link UploadBenchmark}. It needs {@code POST /v1/media} in the jar.
   */
  static void uploadThroughput(String[] args) throws Exception {
    if (!Arrays.asList(args).contains("--upload")) {
      System.out.println("\nUpload throughput (1 GiB over HTTP to POST /v1/media): add --upload to measure it.");
      return;
    }
    UploadBenchmark.run(args);
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  /** Samples the heap in use every 2 ms; {@link #above} is the largest seen above the level at the start. */
  static final class HeapPeak implements AutoCloseable {
    private final long base;
    private final AtomicLong max = new AtomicLong();
    private final Thread sampler;

    HeapPeak() {
      System.gc();
      var memory = ManagementFactory.getMemoryMXBean();
      base = memory.getHeapMemoryUsage().getUsed();
      sampler = Thread.ofPlatform().daemon().start(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          max.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
          try {
            Thread.sleep(2);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
    }

    long above() {
      return Math.max(0, max.get() - base);
    }

    @Override
    public void close() {
      sampler.interrupt();
    }
  }
}

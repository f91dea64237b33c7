package ink.octopost.webhooks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/** A webhook receiver on loopback: records every request and answers from a per-path script. */
final class Receiver implements AutoCloseable {

  /** One request as the receiver saw it (header names lower-cased). */
  record Hit(String path, Map<String, String> headers, String body, long receivedNanos) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** One scripted answer: a status after an optional delay. */
  record Answer(int status, long delayMillis) {}

  private final HttpServer server;
  private final List<Hit> hits = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();
  private final Map<String, Answer> defaults = new ConcurrentHashMap<>();

  Receiver() {
    this(0);
  }

  Receiver(int port) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      byte[] body = exchange.getRequestBody().readAllBytes();
      var headers = new TreeMap<String, String>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
      hits.add(new Hit(path, headers, new String(body, StandardCharsets.UTF_8), System.nanoTime()));
      var script = scripts.get(path);
      Answer a = script == null ? null : script.poll();
      if (a == null) {
        a = defaults.getOrDefault(path, new Answer(200, 0));
      }
      if (a.delayMillis() > 0) {
        try {
          Thread.sleep(a.delayMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      byte[] out = ("{\"ok\": " + (a.status() / 100 == 2) + ", \"pad\": \"" + "x".repeat(2000) + "\"}")
          .getBytes(StandardCharsets.UTF_8);
      try {
        exchange.sendResponseHeaders(a.status(), out.length);
        exchange.getResponseBody().write(out);
      } catch (IOException ignored) {
        // the sender gave up (timeout)
      }
      exchange.close();
    });
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** The path answers these first, then {@code otherwise}. */
  void script(String path, Answer... answers) {
    scripts.put(path, new ArrayDeque<>(List.of(answers)));
  }

  void otherwise(String path, Answer answer) {
    defaults.put(path, answer);
  }

  List<Hit> hits(String path) {
    return hits.stream().filter(h -> h.path().equals(path)).toList();
  }

  /** Waits until {@code path} has hits matching {@code done}; returns them. */
  List<Hit> await(String path, Predicate<List<Hit>> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      var h = hits(path);
      if (done.test(h)) {
        return h;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("receiver path " + path + " got only " + h.size() + " requests: "
            + h.stream().map(x -> x.header("webhook-id") + " " + x.body().substring(0, Math.min(80, x.body().length()))).toList());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  List<Hit> await(String path, int count, Duration timeout) {
    return await(path, h -> h.size() >= count, timeout);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

package ink.octopost.web;

import static ink.octopost.web.RawHttp.ascii;
import static ink.octopost.web.RawHttp.concat;
import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.auth.KeyMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import ink.octopost.testing.ApiTestBase;
import org.junit.jupiter.api.Test;

/**
 * A bounded, seeded fuzzer: requests generated from the served OpenAPI document (wrong types, NUL
 * and broken UTF-8, huge and deep bodies, bad headers) and broken HTTP framing on a raw socket.
 * No answer may be a 5xx, and every error must be the JSON envelope with its request id. Replay a
 * failure with {@code -Doctopost.fuzz.seed=<seed>}; widen a run with {@code -Doctopost.fuzz.requests}.
 */
class FuzzTest extends ApiTestBase {

  private static final long SEED = Long.getLong("octopost.fuzz.seed", 20_261_205L);
  private static final int REQUESTS = Integer.getInteger("octopost.fuzz.requests", 2_000);
  private static final int FRAMING = REQUESTS / 6;

  @Test
  void generatedRequests_neverGetA5xx_andEveryErrorIsTheEnvelope() {
    var document = api.get("/v1/openapi.json", null).json();
    var random = new Random(SEED);
    var inputs = new FuzzInputs(document, random);
    var operations = inputs.operations();
    assertThat(operations).as("operations in the served document").hasSizeGreaterThan(15);
    // Several keys of one workspace: the per-key rate limit is not what this test is about.
    String[] keys = {tenant.key(), tenants.key(tenant, KeyMode.LIVE), tenants.key(tenant, KeyMode.LIVE),
        tenants.key(tenant, KeyMode.LIVE), tenants.key(tenant, KeyMode.TEST)};

    var failures = new ArrayList<String>();
    long started = System.nanoTime();
    for (int i = 0; i < REQUESTS; i++) {
      var r = inputs.request(operations.get(random.nextInt(operations.size())), keys[i % keys.length]);
      send(r.mutation(), bytes(r), true, failures);
    }
    String auth = "Authorization: Bearer " + keys[0] + "\r\n";
    for (int i = 0; i < FRAMING; i++) {
      var op = operations.get(random.nextInt(operations.size()));
      String path = op.path().replaceAll("\\{[^}]+}", "x");
      int kind = random.nextInt(FRAMINGS);
      byte[] request = framing(kind, path, auth, random);
      send("framing#" + kind + " " + path, request, true, failures);
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    System.out.printf("fuzz: seed %d, %d generated and %d framing requests in %d s, %d failures%n",
        SEED, REQUESTS, FRAMING, seconds, failures.size());
    assertThat(failures).as("seed %d; first failures", SEED).isEmpty();
  }

  private void send(String what, byte[] request, boolean halfClose, List<String> failures) {
    long started = System.nanoTime();
    try {
      check(what, RawHttp.send(port, request, halfClose), failures);
    } catch (java.io.UncheckedIOException e) {
      failures.add(what + " -> " + FuzzInputs.abbreviate(String.valueOf(e.getCause().getMessage())));
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    if (millis > 2_000) {
      System.out.printf("fuzz: slow (%d ms): %s%n", millis, what);
    }
  }

  private static void check(String what, RawHttp.Reply reply, List<String> failures) {
    if (reply.status() >= 500 || (reply.status() >= 400 || reply.status() == 0) && !reply.isEnvelope()) {
      if (failures.size() < 30) {
        failures.add(what + " -> " + reply.status() + " " + reply.headers() + " " + FuzzInputs.abbreviate(reply.body()));
      } else if (failures.size() == 30) {
        failures.add("...");
      }
    }
  }

  private static byte[] bytes(FuzzInputs.Request r) {
    var head = new StringBuilder(r.method()).append(' ').append(r.target()).append(" HTTP/1.1\r\nHost: localhost\r\n");
    r.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    if (r.body() != null) {
      head.append("Content-Length: ").append(r.body().length).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    return concat(head.toString().getBytes(StandardCharsets.UTF_8), r.body() == null ? new byte[0] : r.body());
  }

  private static final int FRAMINGS = 14;

  /** Requests whose HTTP itself is broken: lengths, chunks, request lines, header bytes. */
  private static byte[] framing(int kind, String path, String auth, Random random) {
    String post = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\n" + auth + "Content-Type: application/json\r\n";
    String get = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + auth;
    return switch (kind) {
      case 0 -> ascii(post + "Content-Length: -" + (1 + random.nextInt(1000)) + "\r\n\r\n{}");
      case 1 -> ascii(post + "Content-Length: " + pick(random, "12abc", "1e3", "+5", "0x10", " ", "99999999999999999999999") + "\r\n\r\n{}");
      case 2 -> ascii(post + "Content-Length: 2\r\nContent-Length: 7\r\n\r\n{}");
      case 3 -> ascii(post + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
      case 4 -> ascii(post + "Transfer-Encoding: chunked\r\n\r\n"
          + pick(random, "zz", "-1", "ffffffffffffffffffff", "2;" + "x".repeat(9000), "", "5") + "\r\n{}\r\n0\r\n\r\n");
      case 5 -> ascii(post + "Content-Length: " + (20 + random.nextInt(500)) + "\r\n\r\n{\"content\": \"x");
      case 6 -> { // a request line of junk
        byte[] junk = new byte[1 + random.nextInt(60)];
        for (int i = 0; i < junk.length; i++) {
          junk[i] = (byte) (random.nextBoolean() ? 33 + random.nextInt(94) : random.nextInt(256));
        }
        yield concat(junk, ascii(" HTTP/1.1\r\nHost: localhost\r\n\r\n"));
      }
      case 7 -> ascii(pick(random, "GET", "get", "G{T", "X".repeat(300), "TRACE", "CONNECT", "OPTIONS") + " "
          + pick(random, path, "*", "http://localhost" + path, "//" + path, path + "/../me", "/;x" + path, "") + " "
          + pick(random, "HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/7.3", "HTTP/1.1 extra", "HTTX/1.1") + "\r\nHost: localhost\r\n\r\n");
      case 8 -> concat(ascii(get + "X-Fuzz: a"), new byte[] {(byte) (int) pick(random, 0, 1, 8, 0x1b, 0x7f, 0xff, 0x80)},
          ascii("b\r\n\r\n"));
      case 9 -> ascii(get + pick(random, "No colon here", ": empty name", "Bad Name: x", "X-A: a\r\n folded", "X-A:\u0000") + "\r\n\r\n");
      case 10 -> ascii(get + (random.nextBoolean() ? "X-Big: " + "b".repeat(20_000) + "\r\n" : "X-Many: x\r\n".repeat(400)) + "\r\n");
      case 11 -> concat(ascii("GET " + path + pick(random, "/", "?q=", "?", "/%") ), new byte[] {(byte) 0xC3, (byte) 0xA9, (byte) 0xFF},
          ascii(" HTTP/1.1\r\nHost: localhost\r\n" + auth + "\r\n"));
      case 12 -> ascii("GET " + path + pick(random, "/%00", "/a%2Fb", "/a%5Cb", "/%2e%2e/%2e%2e", "?cursor=%ff", "?x=%00", "/%C0%AF", "%")
          + " HTTP/1.1\r\nHost: localhost\r\n" + auth + "\r\n");
      default -> ascii(post + pick(random, "Transfer-Encoding: gzip", "Transfer-Encoding: chunked, identity", "Expect: garbage",
          "Host: second", "Content-Encoding: gzip") + "\r\nContent-Length: 2\r\n\r\n{}");
    };
  }

  @SafeVarargs
  private static <T> T pick(Random random, T... options) {
    return options[random.nextInt(options.length)];
  }
}

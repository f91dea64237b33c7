package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * XRPC as the reference server speaks it (https://atproto.com/specs/xrpc), for FakePds:
 * procedures are POSTs with JSON input, errors are {@code {"error", "message"}} with xrpc-server's
 * wording, rate limits come as {@code RateLimit-*} headers; plus the identifiers a PDS hands out.
 */
final class Xrpc {

  private Xrpc() {}

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final SecureRandom RANDOM = new SecureRandom();
  private static final AtomicLong SEQUENCE = new AtomicLong();

  /** The answer to a call that fails: an XRPC error; status 0 means the connection was dropped. */
  static final class Answer extends Exception {
    final int status;
    final String error;

    Answer(int status, String error, String message) {
      super(message, null, false, false);
      this.status = status;
      this.error = error;
    }

    static Answer dropped() {
      return new Answer(0, null, null);
    }
  }

  /** An XRPC procedure's JSON input: POST, application/json, an object. */
  static JsonNode procedure(HttpExchange ex) throws IOException, Answer {
    if (!ex.getRequestMethod().equals("POST")) {
      throw new Answer(400, "InvalidRequest", "Incorrect HTTP method (" + ex.getRequestMethod() + ") expected POST");
    }
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.startsWith("application/json")) {
      throw new Answer(400, "InvalidRequest", "Wrong request encoding (Content-Type): " + type);
    }
    try {
      JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
      if (!body.isObject()) {
        throw new Answer(400, "InvalidRequest", "Input must be an object");
      }
      return body;
    } catch (tools.jackson.core.JacksonException e) {
      throw new Answer(400, "InvalidRequest", "Request body is not valid JSON");
    }
  }

  static String required(JsonNode body, String field) throws Answer {
    JsonNode v = body.path(field);
    if (!v.isString()) {
      throw new Answer(400, "InvalidRequest", "Input must have the property \"" + field + "\"");
    }
    return v.asString();
  }

  static Map<String, String> query(HttpExchange ex) {
    var out = new HashMap<String, String>();
    String q = ex.getRequestURI().getRawQuery();
    if (q != null) {
      for (String pair : q.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  static String bearer(HttpExchange ex) {
    String h = ex.getRequestHeaders().getFirst("Authorization");
    return h != null && h.startsWith("Bearer ") ? h.substring(7) : null;
  }

  /** The headers of a limited route; {@code RateLimit-Reset} is epoch seconds. */
  static void rateLimitHeaders(HttpExchange ex, int limit, Instant reset, String policy) {
    ex.getResponseHeaders().add("RateLimit-Limit", String.valueOf(limit));
    ex.getResponseHeaders().add("RateLimit-Remaining", "0");
    ex.getResponseHeaders().add("RateLimit-Reset", String.valueOf(reset.getEpochSecond()));
    ex.getResponseHeaders().add("RateLimit-Policy", policy);
  }

  static void send(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  static void send(HttpExchange ex, Answer a) throws IOException {
    if (a.status != 0) {
      send(ex, a.status, Map.of("error", a.error, "message", a.getMessage()));
    }
  }

  /** A fresh TID (https://atproto.com/specs/tid): microseconds now, a random clock id. */
  static String tid() {
    long micros = Instant.now().toEpochMilli() * 1000 + (SEQUENCE.incrementAndGet() % 1000);
    long v = (micros << 10) | RANDOM.nextInt(1024);
    String alphabet = "234567abcdefghijklmnopqrstuvwxyz";
    char[] out = new char[13];
    for (int i = 12; i >= 0; i--) {
      out[i] = alphabet.charAt((int) (v & 31));
      v >>>= 5;
    }
    return new String(out);
  }

  /** A CIDv1 (sha2-256) in base32: codec 0x55 raw for blobs ("bafkrei..."), 0x71 dag-cbor for records. */
  static String cid(int codec, byte[] bytes) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] raw = new byte[4 + digest.length];
    raw[0] = 0x01;
    raw[1] = (byte) codec;
    raw[2] = 0x12;
    raw[3] = 0x20;
    System.arraycopy(digest, 0, raw, 4, digest.length);
    var sb = new StringBuilder("b");
    String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    int buffer = 0;
    int bits = 0;
    for (byte b : raw) {
      buffer = (buffer << 8) | (b & 0xFF);
      bits += 8;
      while (bits >= 5) {
        sb.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      sb.append(alphabet.charAt((buffer << (5 - bits)) & 31));
    }
    return sb.toString();
  }
}

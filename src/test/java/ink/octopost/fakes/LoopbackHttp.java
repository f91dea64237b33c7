package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The plumbing the Telegram, Discord and Slack fakes share: a loopback server, request arguments, answers. */
final class LoopbackHttp {

  static final JsonMapper JSON = JsonMapper.builder().build();

  private LoopbackHttp() {}

  /** A server on a free loopback port, not yet started (the fake adds its contexts first). */
  static HttpServer server() throws IOException {
    var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    return server;
  }

  static String origin(HttpServer server) {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Text arguments and uploaded files. JSON values that are not strings are kept as JSON text. */
  record Params(Map<String, String> values, Map<String, Multiparts.Part> files) {}

  /** Arguments from the query string and the body: JSON, a form, or multipart (fields and files). */
  static Params params(HttpExchange ex) throws IOException {
    var values = new LinkedHashMap<String, String>();
    var files = new LinkedHashMap<String, Multiparts.Part>();
    form(ex.getRequestURI().getRawQuery(), values);
    byte[] body = ex.getRequestBody().readAllBytes();
    String type = header(ex, "Content-Type");
    if (type.startsWith("application/json") && body.length > 0) {
      JsonNode node = JSON.readTree(body);
      for (var e : node.properties()) {
        values.put(e.getKey(), e.getValue().isString() ? e.getValue().asString() : e.getValue().toString());
      }
    } else if (type.startsWith("multipart/form-data; boundary=")) {
      Multiparts.parse(body, type.substring(type.indexOf('=') + 1)).forEach((name, part) -> {
        if (part.fileName() != null) {
          files.put(name, part);
        } else {
          values.put(name, new String(part.bytes(), StandardCharsets.UTF_8));
        }
      });
    } else if (type.startsWith("application/x-www-form-urlencoded")) {
      form(new String(body, StandardCharsets.UTF_8), values);
    }
    return new Params(values, files);
  }

  static void form(String raw, Map<String, String> into) {
    if (raw == null || raw.isEmpty()) {
      return;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      into.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
  }

  /** A request header, or "" when absent. */
  static String header(HttpExchange ex, String name) {
    String v = ex.getRequestHeaders().getFirst(name);
    return v == null ? "" : v;
  }

  static void json(HttpExchange ex, int status, Object body) throws IOException {
    write(ex, status, "application/json", JSON.writeValueAsBytes(body));
  }

  static void plain(HttpExchange ex, int status, String text) throws IOException {
    write(ex, status, "text/html", text.getBytes(StandardCharsets.UTF_8));
  }

  /** A bodiless answer (204). */
  static void empty(HttpExchange ex, int status) throws IOException {
    ex.sendResponseHeaders(status, -1);
    ex.close();
  }

  private static void write(HttpExchange ex, int status, String type, byte[] bytes) throws IOException {
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }
}

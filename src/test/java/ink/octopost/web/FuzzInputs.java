package ink.octopost.web;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Requests made from the served OpenAPI document: each operation's path, query parameters and body
 * schema, filled with plausible values and then broken in one way. Everything is drawn from one
 * seeded {@link Random}, so a failure replays with its seed. URLs only ever point at loopback.
 */
final class FuzzInputs {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  static final String LOOPBACK_URL = "http://127.0.0.1:9/fuzz.png";

  /** One operation of the document. */
  record Operation(String method, String path, List<String> queryNames, JsonNode bodySchema) {}

  /** A request to send: method, path with query, headers, body bytes (null: none), and what was broken. */
  record Request(String method, String target, Map<String, String> headers, byte[] body, String mutation) {}

  private final JsonNode document;
  private final Random random;

  FuzzInputs(JsonNode document, Random random) {
    this.document = document;
    this.random = random;
  }

  /**
   * Every operation the document lists, except those that reach out to a network by design
   * (connecting an account checks its credentials with the network; an OAuth start may register
   * an app on an instance): the fuzzer must not send a packet off this machine.
   */
  List<Operation> operations() {
    var out = new ArrayList<Operation>();
    for (var path : document.path("paths").properties()) {
      for (var op : path.getValue().properties()) {
        String method = op.getKey().toUpperCase(java.util.Locale.ROOT);
        if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
          continue;
        }
        if (path.getKey().equals("/v1/accounts") && method.equals("POST") || path.getKey().contains("connect")
            || path.getKey().contains("callback")) {
          continue;
        }
        var query = new ArrayList<String>();
        for (var p : op.getValue().path("parameters")) {
          var param = resolve(p, 0);
          if (param.path("in").asString().equals("query")) {
            query.add(param.path("name").asString());
          }
        }
        JsonNode schema = op.getValue().path("requestBody").path("content").path("application/json").path("schema");
        out.add(new Operation(method, path.getKey(), query, schema.isMissingNode() ? null : schema));
      }
    }
    return out;
  }

  private JsonNode resolve(JsonNode node, int depth) {
    String ref = node.path("$ref").asString("");
    if (ref.startsWith("#/") && depth < 20) {
      JsonNode target = document;
      for (String part : ref.substring(2).split("/")) {
        target = target.path(part);
      }
      return resolve(target, depth + 1);
    }
    return node;
  }

  /** A plausible value for a schema: the starting point each mutation breaks. */
  JsonNode sample(JsonNode schema, String name, int depth) {
    schema = resolve(schema, 0);
    if (schema.has("enum") && schema.path("enum").size() > 0) {
      return schema.path("enum").get(random.nextInt(schema.path("enum").size()));
    }
    String type = schema.path("type").isArray() ? schema.path("type").get(0).asString() : schema.path("type").asString("");
    if (schema.has("properties") || type.equals("object")) {
      ObjectNode o = NODES.objectNode();
      if (depth < 4) {
        for (var p : schema.path("properties").properties()) {
          if (random.nextInt(4) > 0) {
            o.set(p.getKey(), sample(p.getValue(), p.getKey(), depth + 1));
          }
        }
      }
      return o;
    }
    return switch (type) {
      case "array" -> {
        var a = NODES.arrayNode();
        int n = random.nextInt(3);
        for (int i = 0; i < n && depth < 4; i++) {
          a.add(sample(schema.path("items"), name, depth + 1));
        }
        yield a;
      }
      case "integer" -> NODES.numberNode(random.nextInt(100));
      case "number" -> NODES.numberNode(random.nextDouble() * 100);
      case "boolean" -> NODES.booleanNode(random.nextBoolean());
      default -> NODES.stringNode(
          name.endsWith("url") ? LOOPBACK_URL
              : "date-time".equals(schema.path("format").asString()) || name.endsWith("_at") || name.endsWith("_for")
                  ? "2031-01-0" + (1 + random.nextInt(9)) + "T10:00:00Z"
                  : name.equals("platforms") || name.equals("platform") ? "mastodon" : "fuzz " + random.nextInt(1000));
    };
  }

  private static final String[] PATH_VALUES = {
    "post_0000000000000000", "x", "%00", "%ff", "%C3%28", "..%2F..%2Fetc", "%2e%2e", "a%20b", "%E2%80%AE", "%F0%9F%90%99",
    "-1", "99999999999999999999", "null", "%22%3E%3Cscript%3E", "a;b=c", "%25", "x".repeat(3000), "%5C", "~", "%C0%AF",
  };

  private static final String[] QUERY_VALUES = {
    "%ff", "%00", "%C3%28", "-1", "0", "101", "99999999999999999999", "abc", "2030-13-45T99:00:00Z", "2030-01-01T00:00:00",
    "%E2%80%AE", "", "%25", "bm90LWEtY3Vyc29y", "x".repeat(2000), "%F0%9F%90%99", "true", "%5B%5D", "draft", "mastodon",
  };

  Request request(Operation op, String key) {
    var headers = new java.util.LinkedHashMap<String, String>();
    headers.put("Authorization", "Bearer " + key);
    String path = op.path();
    while (path.contains("{")) {
      int open = path.indexOf('{');
      int close = path.indexOf('}', open);
      path = path.substring(0, open) + PATH_VALUES[random.nextInt(PATH_VALUES.length)] + path.substring(close + 1);
    }
    var query = new StringBuilder();
    for (String name : op.queryNames()) {
      if (random.nextInt(3) == 0) {
        query.append(query.isEmpty() ? "?" : "&").append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
            .append(QUERY_VALUES[random.nextInt(QUERY_VALUES.length)]);
      }
    }
    if (random.nextInt(10) == 0) {
      query.append(query.isEmpty() ? "?" : "&").append("unknown%00=%ff");
    }
    byte[] body = null;
    String mutation = "none";
    if (op.bodySchema() != null || random.nextInt(8) == 0) {
      headers.put("Content-Type", "application/json");
      JsonNode sample = op.bodySchema() == null ? NODES.objectNode() : sample(op.bodySchema(), "", 0);
      int kind = random.nextInt(14);
      mutation = "body#" + kind;
      body = mutate(kind, sample);
    }
    if (random.nextInt(6) == 0) {
      String[] header = headerMutation();
      mutation += " header " + header[0] + "=" + abbreviate(header[1]);
      if (header[1] == null) {
        headers.remove(header[0]);
      } else {
        headers.put(header[0], header[1]);
      }
    }
    return new Request(op.method(), path + query, headers, body, op.method() + " " + op.path() + " " + mutation);
  }

  private byte[] mutate(int kind, JsonNode sample) {
    ObjectNode root = sample.isObject() ? (ObjectNode) sample : NODES.objectNode();
    String field = anyField(root);
    return switch (kind) {
      case 0 -> bytes(root);
      case 1 -> { // a wrong type in one field
        JsonNode[] wrong = {NODES.numberNode(12), NODES.booleanNode(true), NODES.arrayNode(), NODES.objectNode(),
            NODES.stringNode("str"), NODES.nullNode(), NODES.numberNode(1.5), NODES.numberNode(-1)};
        root.set(field, wrong[random.nextInt(wrong.length)]);
        yield bytes(root);
      }
      case 2 -> { // a NUL, in a value or a name
        root.put(field, "a\u0000b");
        if (random.nextBoolean()) {
          root.put("k\u0000", 1);
        }
        yield bytes(root);
      }
      case 3 -> { // bytes that are not UTF-8 inside a string
        var out = new ByteArrayOutputStream();
        out.writeBytes(("{\"" + field + "\": \"a").getBytes(StandardCharsets.UTF_8));
        byte[][] broken = {{(byte) 0xFF}, {(byte) 0xC3, (byte) 0x28}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}};
        out.writeBytes(broken[random.nextInt(broken.length)]);
        out.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
        yield out.toByteArray();
      }
      case 4 -> text("{\"" + field + "\": \"" + (random.nextBoolean() ? "\\ud800" : "x\\udc00y") + "\"}");
      case 5 -> { // a huge string, under or over the body limit
        root.put(field, "é".repeat(random.nextBoolean() ? 150_000 : 600_000));
        yield bytes(root);
      }
      case 6 -> { // deep nesting
        int depth = 100 + random.nextInt(3000);
        yield text("{\"" + field + "\": " + "[".repeat(depth) + "]".repeat(depth) + "}");
      }
      case 7 -> {
        root.put("fuzz_unknown_" + random.nextInt(100), 1);
        yield bytes(root);
      }
      case 8 -> text(new String[] {"[]", "\"x\"", "42", "null", "", " ", "true", "[{}]"}[random.nextInt(8)]);
      case 9 -> { // cut short
        byte[] whole = bytes(root);
        yield java.util.Arrays.copyOf(whole, Math.max(0, whole.length - 1 - random.nextInt(Math.max(1, whole.length))));
      }
      case 10 -> text("{\"" + field + "\": " + new String[] {"1e999999", "123456789012345678901234567890", "-0", "0x10",
          "NaN", "Infinity", "01", "1." + "0".repeat(2000)}[random.nextInt(8)] + "}");
      case 11 -> text("{\"" + field + "\": 1, \"" + field + "\": \"two\"}");
      case 12 -> { // a great many fields
        var many = NODES.objectNode();
        for (int i = 0; i < 5000; i++) {
          many.put("f" + i, i);
        }
        yield bytes(many);
      }
      default -> { // strange but valid text
        String[] odd = {"\u202Eevil", "🐙".repeat(3000), "\t\r\n\u0001\u001f\u007f", "\uFEFFbom", "x".repeat(100_000), "' OR 1=1 --"};
        root.put(field, odd[random.nextInt(odd.length)]);
        yield bytes(root);
      }
    };
  }

  private String[] headerMutation() {
    String[][] options = {
      {"Content-Type", "*/*"}, {"Content-Type", "application/*"}, {"Content-Type", "text/plain"},
      {"Content-Type", "application/json; charset=bogus"}, {"Content-Type", "application/json; charset=utf-16"},
      {"Content-Type", ";;;/"}, {"Content-Type", null}, {"Accept", "image/png"}, {"Accept", "application/xml"},
      {"Accept", "*/*;q=x"}, {"Accept", "text/plain"}, {"Authorization", null}, {"Authorization", "Bearer"},
      {"Authorization", "Basic Zm9vOmJhcg=="}, {"Authorization", "Bearer " + "k".repeat(6000)},
      {"Authorization", "Bearer oct_live_" + "A".repeat(32)}, {"Idempotency-Key", "k".repeat(300)},
      {"Idempotency-Key", "é"}, {"X-Request-Id", "<script>"}, {"Accept-Charset", "bogus"},
      {"Accept-Language", "xx-;;"}, {"If-None-Match", "\"\u00ff\""},
    };
    return options[random.nextInt(options.length)];
  }

  private String anyField(ObjectNode root) {
    var names = new ArrayList<String>();
    Iterator<String> it = root.propertyNames().iterator();
    it.forEachRemaining(names::add);
    return names.isEmpty() || random.nextInt(5) == 0 ? "content" : names.get(random.nextInt(names.size()));
  }

  private static byte[] bytes(JsonNode node) {
    return JSON.writeValueAsBytes(node);
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String abbreviate(String s) {
    return s == null ? "(removed)" : s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}

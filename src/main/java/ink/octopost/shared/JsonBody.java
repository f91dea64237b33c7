package ink.octopost.shared;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads a JSON request body field by field, telling an absent field from an explicit {@code
 * null} (which partial updates need) and collecting every type error with its exact path.
 */
public final class JsonBody {

  private final JsonNode node;
  private final String path;
  private final Violations violations;

  private JsonBody(JsonNode node, String path, Violations violations) {
    this.node = node;
    this.path = path;
    this.violations = violations;
  }

  /** The root of a body; a body that is not a JSON object is a violation. */
  public static JsonBody of(JsonNode root, Violations violations) {
    if (root == null || !root.isObject()) {
      violations.add("body", "must be a JSON object");
      return new JsonBody(tools.jackson.databind.node.JsonNodeFactory.instance.objectNode(), "", violations);
    }
    return new JsonBody(root, "", violations);
  }

  public Violations violations() {
    return violations;
  }

  public String field(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** Present in the body, even as null. */
  public boolean has(String name) {
    return node.has(name);
  }

  public boolean isNull(String name) {
    return node.has(name) && node.get(name).isNull();
  }

  public String string(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isString()) {
      violations.add(field(name), "must be a string");
      return null;
    }
    return v.asString();
  }

  /**
   * A string, or a number or boolean as its JSON text ({@code "expires_in": 43200}); null when
   * absent or null. For bodies whose fields are all text-like.
   */
  public String scalar(String name) {
    JsonNode v = node.get(name);
    if (v != null && (v.isNumber() || v.isBoolean())) {
      return v.asString();
    }
    return string(name);
  }

  /** The raw value of a field (absent: null), for callers that check it by rules of their own. */
  public JsonNode raw(String name) {
    return node.get(name);
  }

  public Boolean bool(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      violations.add(field(name), "must be true or false");
      return null;
    }
    return v.asBoolean();
  }

  public Integer integer(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      violations.add(field(name), "must be an integer");
      return null;
    }
    return v.asInt();
  }

  /** An ISO 8601 timestamp that carries an offset ({@code Z} or {@code +02:00}). */
  public Instant instant(String name) {
    String s = string(name);
    if (s == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      violations.add(field(name), "must be an ISO 8601 timestamp with an offset, e.g. 2026-04-03T12:00:00Z");
      return null;
    }
  }

  /** A list of strings; null when absent or null. */
  public List<String> strings(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      violations.add(field(name), "must be an array of strings");
      return null;
    }
    var out = new ArrayList<String>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      if (!item.isString()) {
        violations.add(field(name) + "[" + i + "]", "must be a string");
      } else {
        out.add(item.asString());
      }
    }
    return out;
  }

  /** A nested object; null when absent or null. */
  public JsonBody object(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      violations.add(field(name), "must be an object");
      return null;
    }
    return new JsonBody(v, field(name), violations);
  }

  /** The objects of an array; null when absent or null. */
  public List<JsonBody> objects(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      violations.add(field(name), "must be an array");
      return null;
    }
    var out = new ArrayList<JsonBody>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      if (!item.isObject()) {
        violations.add(field(name) + "[" + i + "]", "must be an object");
      } else {
        out.add(new JsonBody(item, field(name) + "[" + i + "]", violations));
      }
    }
    return out;
  }

  /** The names of this object's fields. */
  public List<String> names() {
    var out = new ArrayList<String>();
    node.propertyNames().forEach(out::add);
    return out;
  }
}

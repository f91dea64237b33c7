package ink.octopost.shared;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads a JSON request body field by field, telling an absent field from an explicit {@code
 * null} (which partial updates need) and collecting every type error with its exact path.
 *
 * <p>A field the reader never asks about is one the endpoint does not take: when the reader calls
 * {@link Violations#throwIfAny()}, each such field of this object and of the objects read from it
 * is a violation ("not a known field", with the likeliest intended name, or "read-only" for what
 * only the server sets). So every body rejects typos and output fields the same way, without a
 * list of accepted names to keep in step with the reader.
 */
public final class JsonBody {

  /** Names the API only ever writes: sending one back is a mistake worth its own message. */
  private static final Set<String> READ_ONLY = Set.of(
      "id", "object", "status", "created_at", "updated_at", "published_at", "targets", "platform_results",
      "is_default", "is_system", "secret", "hint", "last_used_at", "revoked_at", "connected_at",
      "queue_position", "expected_at", "workspace_id");

  private final JsonNode node;
  private final String path;
  private final Violations violations;
  /** The names the reader asked about, present or not: the fields this object takes. */
  private final Set<String> asked = new LinkedHashSet<>();
  private boolean askedAll;

  private JsonBody(JsonNode node, String path, Violations violations) {
    this.node = node;
    this.path = path;
    this.violations = violations;
    violations.track(this);
  }

  private JsonNode get(String name) {
    asked.add(name);
    return node.get(name);
  }

  /** Adds a violation for each field of this object that the reader never asked about. */
  void unknownFields(List<ApiException.FieldViolation> out) {
    if (askedAll) {
      return;
    }
    for (String name : node.propertyNames()) {
      if (!asked.contains(name)) {
        out.add(new ApiException.FieldViolation(field(name), unknown(name)));
      }
    }
  }

  private String unknown(String name) {
    if (READ_ONLY.contains(name)) {
      return "is read-only: the server sets it";
    }
    String guess = closest(name);
    if (guess != null) {
      return "is not a known field; did you mean '" + guess + "'?";
    }
    return asked.isEmpty()
        ? "is not a known field"
        : "is not a known field; this object takes '" + String.join("', '", asked) + "'";
  }

  /** The asked name a typo most likely meant: an edit or two away, or one containing the other. */
  private String closest(String name) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    int allowed = lower.length() <= 3 ? 1 : 2;
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String known : asked) {
      int d = distance(lower, known.toLowerCase(java.util.Locale.ROOT));
      if (d <= allowed && d < bestDistance) {
        best = known;
        bestDistance = d;
      }
    }
    if (best == null && lower.length() >= 3) {
      for (String known : asked) {
        if (known.contains(lower) || lower.contains(known)) {
          return known;
        }
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
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
    return get(name) != null;
  }

  public boolean isNull(String name) {
    JsonNode v = get(name);
    return v != null && v.isNull();
  }

  public String string(String name) {
    JsonNode v = get(name);
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
    JsonNode v = get(name);
    if (v != null && (v.isNumber() || v.isBoolean())) {
      return v.asString();
    }
    return string(name);
  }

  /** The raw value of a field (absent: null), for callers that check it by rules of their own. */
  public JsonNode raw(String name) {
    return get(name);
  }

  public Boolean bool(String name) {
    JsonNode v = get(name);
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
    JsonNode v = get(name);
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
    JsonNode v = get(name);
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
    JsonNode v = get(name);
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
    JsonNode v = get(name);
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

  /** The names of this object's fields; a reader that asks for them answers for every one. */
  public List<String> names() {
    askedAll = true;
    var out = new ArrayList<String>();
    node.propertyNames().forEach(out::add);
    return out;
  }
}

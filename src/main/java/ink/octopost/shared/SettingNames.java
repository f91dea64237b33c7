package ink.octopost.shared;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.MergedAnnotations;

/**
 * Every {@code octopost.*} setting, read from the typed {@code @ConfigurationProperties} classes,
 * so environment variables can be resolved by their documented names.
 *
 * <p>Spring maps an environment variable to a property by turning each {@code _} into a {@code .}:
 * {@code OCTOPOST_RATE_LIMITS_TIERS_PRO_REQUESTS_PER_MINUTE} becomes {@code
 * octopost.rate.limits.tiers.pro.requests.per.minute}, which matches no map entry, and is silently
 * dropped. Knowing the settings' shape removes the ambiguity: at each level the words either spell a
 * property name ({@code RATE_LIMITS} = {@code rate-limits}, or Spring's own {@code RATELIMITS}) or,
 * under a map, a key ({@code PRO}). A new property in any of those classes is resolved with no
 * change here.
 */
final class SettingNames {

  /** One level of the settings: named children, a map of values, a list, or a plain value. */
  static final class Node {
    final Map<String, Node> children = new TreeMap<>();
    Node mapValue;
    Node element;
    boolean leaf;

    boolean scalarOnly() {
      return leaf && children.isEmpty() && mapValue == null && element == null;
    }
  }

  /** A canonical property name an environment variable resolves to. */
  record Resolution(String property, int keyWords) {}

  /** A documented name close to a mistyped one. */
  record Suggestion(String name, int distance) {}

  static final String ROOT = "octopost";
  private static final int MAX_DEPTH = 12;

  private final Node root = new Node();
  private final String basePackage;

  private SettingNames(String basePackage) {
    this.basePackage = basePackage;
  }

  /** The settings of these {@code @ConfigurationProperties} types (prefixes outside octopost are ignored). */
  static SettingNames of(Collection<Class<?>> types, String basePackage) {
    var names = new SettingNames(basePackage);
    for (Class<?> type : types) {
      var annotation = MergedAnnotations.from(type).get(ConfigurationProperties.class);
      if (!annotation.isPresent()) {
        continue;
      }
      String prefix = annotation.getString("prefix");
      if (prefix.isEmpty()) {
        prefix = annotation.getString("value");
      }
      names.mount(prefix, type);
    }
    return names;
  }

  private void mount(String prefix, Class<?> type) {
    String[] parts = prefix.split("\\.");
    if (!parts[0].equals(ROOT)) {
      return;
    }
    Node node = root;
    for (int i = 1; i < parts.length; i++) {
      node = node.children.computeIfAbsent(parts[i], k -> new Node());
    }
    describe(node, ResolvableType.forClass(type), 0);
  }

  private void describe(Node node, ResolvableType type, int depth) {
    Class<?> raw = type.resolve(Object.class);
    if (depth > MAX_DEPTH) {
      node.leaf = true;
    } else if (Map.class.isAssignableFrom(raw)) {
      node.mapValue = node.mapValue == null ? new Node() : node.mapValue;
      describe(node.mapValue, type.asMap().getGeneric(1), depth + 1);
    } else if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
      // a list binds from one comma-separated value or from indexed entries
      node.leaf = true;
      node.element = node.element == null ? new Node() : node.element;
      describe(node.element, raw.isArray() ? type.getComponentType() : type.asCollection().getGeneric(0), depth + 1);
    } else if (isStructure(raw)) {
      properties(raw).forEach((name, t) -> describe(node.children.computeIfAbsent(name, k -> new Node()), t, depth + 1));
    } else {
      node.leaf = true;
    }
  }

  private boolean isStructure(Class<?> type) {
    return !type.isEnum() && !type.isPrimitive() && type.getName().startsWith(basePackage + ".")
        && !properties(type).isEmpty();
  }

  /** The bindable properties of a type, by their dashed names, as Spring's binders see them. */
  private Map<String, ResolvableType> properties(Class<?> type) {
    var out = new LinkedHashMap<String, ResolvableType>();
    if (type.isRecord()) {
      for (RecordComponent c : type.getRecordComponents()) {
        Name name = c.getAnnotation(Name.class);
        out.put(dashed(name != null ? name.value() : c.getName()), ResolvableType.forMethodReturnType(c.getAccessor()));
      }
      return out;
    }
    for (PropertyDescriptor d : BeanUtils.getPropertyDescriptors(type)) {
      if (d.getWriteMethod() != null) {
        out.put(dashed(d.getName()), ResolvableType.forMethodParameter(d.getWriteMethod(), 0));
      } else if (d.getReadMethod() != null && bindsInPlace(d.getReadMethod().getReturnType())) {
        // Spring binds into what a getter without setter returns only for maps, collections and nested beans
        out.put(dashed(d.getName()), ResolvableType.forMethodReturnType(d.getReadMethod()));
      }
    }
    Constructor<?>[] constructors = type.getDeclaredConstructors();
    if (out.isEmpty() && constructors.length == 1 && constructors[0].getParameterCount() > 0) {
      var parameters = constructors[0].getParameters();
      for (int i = 0; i < parameters.length; i++) {
        Name name = parameters[i].getAnnotation(Name.class);
        out.put(dashed(name != null ? name.value() : parameters[i].getName()),
            ResolvableType.forConstructorParameter(constructors[0], i));
      }
    }
    return out;
  }

  private boolean bindsInPlace(Class<?> type) {
    return Map.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type)
        || (!type.isEnum() && !type.isRecord() && type.getName().startsWith(basePackage + "."));
  }

  private static String dashed(String name) {
    return DataObjectPropertyName.toDashedForm(name);
  }

  /**
   * The property an environment variable binds to, or empty. Where a map key could end at more
   * than one word, the shortest key wins ({@code TIERS_PRO_REQUESTS_PER_MINUTE}: key {@code pro});
   * two different properties at the same key length are an error for the caller to report.
   */
  List<Resolution> resolveVariable(String variable) {
    String upper = variable.toUpperCase(Locale.ROOT);
    if (!upper.startsWith("OCTOPOST_") || upper.length() == "OCTOPOST_".length()) {
      return List.of();
    }
    String[] words = upper.substring("OCTOPOST_".length()).toLowerCase(Locale.ROOT).split("_", -1);
    var found = new ArrayList<Resolution>();
    resolve(root, words, 0, ROOT, 0, found);
    if (found.isEmpty()) {
      return List.of();
    }
    int fewest = found.stream().mapToInt(Resolution::keyWords).min().orElseThrow();
    return found.stream().filter(r -> r.keyWords() == fewest).distinct().toList();
  }

  private static void resolve(Node node, String[] w, int i, String path, int keyWords, List<Resolution> out) {
    if (i == w.length) {
      if (node.leaf) {
        out.add(new Resolution(path, keyWords));
      }
      return;
    }
    if (w[i].isEmpty()) {
      return;
    }
    node.children.forEach((name, child) -> {
      String[] parts = name.split("-");
      if (matches(w, i, parts)) {
        resolve(child, w, i + parts.length, path + "." + name, keyWords, out);
      }
      if (parts.length > 1 && w[i].equals(String.join("", parts))) {
        resolve(child, w, i + 1, path + "." + name, keyWords, out);
      }
    });
    if (node.mapValue != null) {
      for (int j = i + 1; j <= w.length; j++) {
        if (w[j - 1].isEmpty()) {
          break;
        }
        String key = String.join("_", Arrays.copyOfRange(w, i, j));
        resolve(node.mapValue, w, j, path + "[" + key + "]", keyWords + j - i, out);
      }
    }
    if (node.element != null && w[i].chars().allMatch(Character::isDigit)) {
      resolve(node.element, w, i + 1, path + "[" + w[i] + "]", keyWords, out);
    }
  }

  private static boolean matches(String[] words, int from, String[] parts) {
    if (from + parts.length > words.length) {
      return false;
    }
    for (int k = 0; k < parts.length; k++) {
      if (!words[from + k].equals(parts[k])) {
        return false;
      }
    }
    return true;
  }

  /** Whether a property name ({@code octopost.engine.account-concurrency.mastodon}) binds to a setting. */
  boolean bindsProperty(String property) {
    List<String> elements = elements(property);
    if (elements == null || elements.isEmpty() || !elements.getFirst().equals(ROOT)) {
      return false;
    }
    return binds(root, elements, 1);
  }

  private static boolean binds(Node node, List<String> e, int i) {
    if (i == e.size()) {
      return node.leaf;
    }
    String uniform = uniform(e.get(i));
    for (var child : node.children.entrySet()) {
      if (uniform(child.getKey()).equals(uniform) && binds(child.getValue(), e, i + 1)) {
        return true;
      }
    }
    if (node.mapValue != null) {
      // a map of plain values takes the rest of the name as its key, as Spring's map binder does
      if (node.mapValue.scalarOnly() || binds(node.mapValue, e, i + 1)) {
        return true;
      }
    }
    return node.element != null && e.get(i).chars().allMatch(Character::isDigit) && binds(node.element, e, i + 1);
  }

  /** A property name's elements: dot-separated, a bracketed key is one element; null when malformed. */
  private static List<String> elements(String name) {
    var out = new ArrayList<String>();
    var current = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '[') {
        int close = name.indexOf(']', i);
        if (close < 0) {
          return null;
        }
        if (!current.isEmpty()) {
          out.add(current.toString());
          current.setLength(0);
        }
        out.add(name.substring(i + 1, close));
        i = close;
        if (i + 1 < name.length() && name.charAt(i + 1) == '.') {
          i++;
        }
      } else if (c == '.') {
        if (current.isEmpty()) {
          return null;
        }
        out.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    if (!current.isEmpty()) {
      out.add(current.toString());
    }
    return out;
  }

  private static String uniform(String element) {
    var sb = new StringBuilder();
    element.chars().filter(Character::isLetterOrDigit).map(Character::toLowerCase).forEach(sb::appendCodePoint);
    return sb.toString();
  }

  /**
   * Every setting as a list of words per level, a {@code null} standing for a map key; lists are
   * listed once, as a whole.
   */
  List<List<String>> patterns() {
    var out = new ArrayList<List<String>>();
    collect(root, new ArrayList<>(), out);
    return out;
  }

  private static void collect(Node node, List<String> path, List<List<String>> out) {
    if (node.leaf) {
      out.add(Collections.unmodifiableList(new ArrayList<>(path)));
    }
    node.children.forEach((name, child) -> {
      path.add(name);
      collect(child, path, out);
      path.removeLast();
    });
    if (node.mapValue != null) {
      path.add(null);
      collect(node.mapValue, path, out);
      path.removeLast();
    }
  }

  /** The environment variable spelling of a pattern, with {@code <KEY>} for a map key. */
  static String variable(List<String> pattern) {
    var sb = new StringBuilder("OCTOPOST");
    for (String word : pattern) {
      sb.append('_').append(word == null ? "<KEY>" : word.replace('-', '_').toUpperCase(Locale.ROOT));
    }
    return sb.toString();
  }

  /** The property spelling of a pattern, with {@code <key>} for a map key. */
  static String property(List<String> pattern) {
    var sb = new StringBuilder(ROOT);
    for (String word : pattern) {
      sb.append('.').append(word == null ? "<key>" : word);
    }
    return sb.toString();
  }

  /**
   * The documented name closest to a mistyped one, if close enough to be the likely intent. A map
   * key in the pattern takes whatever the mistyped name has in its place, so {@code
   * OCTOPOST_RATE_LIMIT_TIERS_GOLD_REQUESTS_PER_MINUTE} suggests {@code
   * OCTOPOST_RATE_LIMITS_TIERS_GOLD_REQUESTS_PER_MINUTE}.
   *
   * @param spelling how a pattern is written ({@link #variable} or {@link #property})
   * @param keyMarker how that spelling writes a map key
   */
  Optional<Suggestion> closest(String given, Function<List<String>, String> spelling, String keyMarker) {
    String g = given.toUpperCase(Locale.ROOT);
    String marker = keyMarker.toUpperCase(Locale.ROOT);
    Suggestion best = null;
    for (List<String> pattern : patterns()) {
      String spelled = spelling.apply(pattern);
      String upper = spelled.toUpperCase(Locale.ROOT);
      int at = upper.indexOf(marker);
      Suggestion s;
      if (at < 0) {
        s = new Suggestion(spelled, NameDistance.between(upper, g));
      } else if (upper.indexOf(marker, at + 1) >= 0) {
        continue; // two keys in one name: none today, and no guess would be reliable
      } else {
        int[] key = NameDistance.keySpan(upper.substring(0, at), upper.substring(at + marker.length()), g);
        s = new Suggestion(spelled.replace(keyMarker, given.substring(key[1], key[2])), key[0]);
      }
      if (best == null || s.distance() < best.distance()) {
        best = s;
      }
    }
    int tolerance = Math.max(2, given.length() / 5);
    return Optional.ofNullable(best).filter(s -> s.distance() > 0 && s.distance() <= tolerance);
  }
}

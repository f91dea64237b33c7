package ink.octopost.web;

import ink.octopost.shared.ApiException;
import ink.octopost.shared.Violations;
import java.lang.reflect.Type;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every JSON request body, before any endpoint reads it: a string PostgreSQL cannot store (a NUL,
 * which text and jsonb refuse, or half of a surrogate pair, which is not Unicode) is a 422 naming
 * its field, wherever in the body it is. A body of just {@code null} is no body.
 */
@ControllerAdvice
class StoredTextAdvice extends RequestBodyAdviceAdapter {

  private final JsonMapper json;

  StoredTextAdvice(JsonMapper json) {
    this.json = json;
  }

  @Override
  public boolean supports(MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converter) {
    return true;
  }

  @Override
  public Object afterBodyRead(Object body, HttpInputMessage input, MethodParameter parameter, Type targetType,
      Class<? extends HttpMessageConverter<?>> converter) {
    JsonNode tree = body instanceof JsonNode node ? node : json.valueToTree(body);
    if (tree == null || tree.isNull() || tree.isMissingNode()) {
      throw ApiException.badRequest("A JSON request body is required");
    }
    var walk = new Walk(new Violations());
    walk.check(tree, "");
    walk.v.throwIfAny();
    return body;
  }

  /** Names at most {@link #MAX_REPORTED} fields: a body full of NULs gets a short answer. */
  private static final class Walk {
    private static final int MAX_REPORTED = 20;
    private final Violations v;
    private int reported;

    Walk(Violations v) {
      this.v = v;
    }

    private void add(String field, String message) {
      if (reported++ < MAX_REPORTED) {
        v.add(field, message);
      }
    }

    private void check(JsonNode node, String path) {
      if (node == null || reported >= MAX_REPORTED) {
        return;
      }
      if (node.isString()) {
        String problem = problem(node.asString());
        if (problem != null) {
          add(path.isEmpty() ? "body" : path, problem);
        }
      } else if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          check(node.get(i), path + "[" + i + "]");
        }
      } else if (node.isObject()) {
        for (var entry : node.properties()) {
          String name = entry.getKey();
          String field = path.isEmpty() ? printable(name) : path + "." + printable(name);
          String problem = problem(name);
          if (problem != null) {
            add(field, "field name " + problem);
          }
          check(entry.getValue(), field);
        }
      }
    }
  }

  private static String problem(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) {
        return "must not contain the NUL character (\\u0000)";
      }
      if (Character.isHighSurrogate(c) && (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1)))
          || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)))) {
        return "must be valid Unicode: it contains half of a surrogate pair (\\u" + Integer.toHexString(c) + ")";
      }
    }
    return null;
  }

  private static String printable(String name) {
    return name.replace("\u0000", "\\u0000");
  }
}

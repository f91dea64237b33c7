package ink.octopost.web;

import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Request bodies get their own schemas. What the server sends always has every field ({@code
 * required} lists them all), but a request needs only the fields its record marks {@code
 * requiredMode = REQUIRED} (an update changes just what it names). A schema reached only from
 * request bodies is changed in place; one also reached from responses (a post's media, the queue
 * settings) is copied as {@code <Name>Input}, and the request side points at the copy.
 */
final class InputSchemas {

  private static final String PREFIX = Components.COMPONENTS_SCHEMAS_REF;

  private InputSchemas() {}

  static void apply(OpenAPI api) {
    Map<String, Schema> schemas = api.getComponents().getSchemas();
    Set<String> fromRequests = new HashSet<>();
    Set<String> fromResponses = new HashSet<>();
    api.getPaths().values().forEach(item -> item.readOperations().forEach(op -> {
      if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
        op.getRequestBody().getContent().values().forEach(m -> reach(m.getSchema(), schemas, fromRequests));
      }
      if (op.getResponses() != null) {
        op.getResponses().values().forEach(r -> {
          if (r.getContent() != null) {
            r.getContent().values().forEach(m -> reach(m.getSchema(), schemas, fromResponses));
          }
        });
      }
    }));
    if (api.getWebhooks() != null) {
      api.getWebhooks().values().forEach(item -> item.readOperations().forEach(op -> {
        if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
          op.getRequestBody().getContent().values().forEach(m -> reach(m.getSchema(), schemas, fromResponses));
        }
      }));
    }

    Set<String> copied = needInput(schemas, fromRequests, fromResponses);
    for (String name : fromRequests) {
      Schema<?> original = schemas.get(name);
      Schema<?> input = copied.contains(name) ? Json31.mapper().convertValue(original, Schema.class) : original;
      if (fromResponses.contains(name) && !copied.contains(name)) {
        continue;
      }
      input.setRequired(inputRequired(original));
      if (input != original) {
        input.setDescription(original.getDescription() == null ? "As sent in a request" : original.getDescription());
        schemas.put(name + "Input", input);
      }
    }
    if (!copied.isEmpty()) {
      Consumer<Schema<?>> rewrite = s -> {
        if (s.get$ref() != null && copied.contains(name(s.get$ref()))) {
          s.set$ref(s.get$ref() + "Input");
        }
      };
      for (String name : fromRequests) {
        walk(schemas.get(copied.contains(name) ? name + "Input" : name), rewrite);
      }
      api.getPaths().values().forEach(item -> item.readOperations().forEach(op -> {
        if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
          op.getRequestBody().getContent().values().forEach(m -> walk(m.getSchema(), rewrite));
        }
      }));
    }
    schemas.values().forEach(s -> {
      if (s.getExtensions() != null) {
        s.getExtensions().remove(RecordSchemas.INPUT_REQUIRED);
        if (s.getExtensions().isEmpty()) {
          s.setExtensions(null);
        }
      }
    });
  }

  /**
   * The schemas both sides use whose request form differs: their required list does, or they
   * reach one whose form does.
   */
  private static Set<String> needInput(Map<String, Schema> schemas, Set<String> fromRequests, Set<String> fromResponses) {
    Set<String> shared = new HashSet<>(fromRequests);
    shared.retainAll(fromResponses);
    Set<String> out = new HashSet<>();
    for (String name : shared) {
      Schema<?> s = schemas.get(name);
      List<String> input = inputRequired(s);
      if (!Set.copyOf(s.getRequired() == null ? List.of() : s.getRequired())
          .equals(Set.copyOf(input == null ? List.of() : input))) {
        out.add(name);
      }
    }
    boolean grew = true;
    while (grew) {
      grew = false;
      for (String name : shared) {
        if (!out.contains(name)) {
          boolean[] reaches = {false};
          walk(schemas.get(name), s -> reaches[0] |= s.get$ref() != null && out.contains(name(s.get$ref())));
          if (reaches[0]) {
            out.add(name);
            grew = true;
          }
        }
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<String> inputRequired(Schema<?> s) {
    Object list = s.getExtensions() == null ? null : s.getExtensions().get(RecordSchemas.INPUT_REQUIRED);
    return list == null ? null : List.copyOf((List<String>) list);
  }

  private static String name(String ref) {
    return ref.startsWith(PREFIX) ? ref.substring(PREFIX.length()) : ref;
  }

  /** Adds every component schema that {@code root} reaches, itself included when it is a reference. */
  private static void reach(Schema<?> root, Map<String, Schema> schemas, Set<String> into) {
    var todo = new ArrayDeque<Schema<?>>();
    if (root != null) {
      todo.add(root);
    }
    while (!todo.isEmpty()) {
      walk(todo.poll(), s -> {
        if (s.get$ref() != null) {
          String name = name(s.get$ref());
          if (schemas.containsKey(name) && into.add(name)) {
            todo.add(schemas.get(name));
          }
        }
      });
    }
  }

  /** Visits a schema and every schema nested in it (not following references). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static void walk(Schema<?> s, Consumer<Schema<?>> visit) {
    if (s == null) {
      return;
    }
    visit.accept(s);
    if (s.getProperties() != null) {
      s.getProperties().values().forEach(p -> walk(p, visit));
    }
    if (s.getItems() != null) {
      walk(s.getItems(), visit);
    }
    if (s.getAdditionalProperties() instanceof Schema a) {
      walk(a, visit);
    }
    for (List<Schema> list : new List[] {s.getAnyOf(), s.getOneOf(), s.getAllOf()}) {
      if (list != null) {
        list.forEach(x -> walk(x, visit));
      }
    }
  }
}

package ink.octopost.web;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Teaches the schema generator what our records and enums mean on the wire, from the types
 * themselves:
 *
 * <ul>
 *   <li>an Octopost enum is a named string schema of its wire names ({@code wire()}, {@code id()}
 *       or {@code code()}: {@code twitter}, {@code posts:read}, {@code not_found}), not of its Java
 *       constant names;
 *   <li>a record sends every component (our JSON includes nulls), so every component is {@code
 *       required} in what the server sends, unless it says {@code @JsonInclude(NON_NULL)};
 *   <li>a component marked {@code @Nullable} may be null: {@code type: [string, "null"]}, or
 *       {@code anyOf: [$ref, null]} for a reference;
 *   <li>what a request must carry is what a component marks {@code @Schema(requiredMode =
 *       REQUIRED)}; {@link InputSchemas} uses that list for request bodies.
 * </ul>
 */
final class RecordSchemas implements ModelConverter {

  /** The extension that carries a record's input-required list from here to {@link InputSchemas}. */
  static final String INPUT_REQUIRED = "x-octopost-input-required";

  private static final String OURS = "ink.octopost.";
  private static final List<String> WIRE_METHODS = List.of("wire", "id", "code");
  private static final PropertyNamingStrategies.NamingBase SNAKE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

  /** Which class each schema name stands for: two types of one simple name would share a schema. */
  private static final Map<String, Class<?>> NAMES = new ConcurrentHashMap<>();

  @Override
  public Schema<?> resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
    Class<?> raw = Json31.mapper().constructType(type.getType()).getRawClass();
    if (raw.isEnum() && raw.getName().startsWith(OURS)) {
      return enumRef(raw, type, context);
    }
    Schema<?> resolved = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
    if (resolved != null && raw.isRecord() && raw.getName().startsWith(OURS)) {
      Schema<?> model = resolved;
      if (resolved.get$ref() != null) {
        String name = resolved.get$ref().substring(Components.COMPONENTS_SCHEMAS_REF.length());
        claim(name, raw);
        model = context.getDefinedModels().get(name);
      }
      if (model != null && model.getProperties() != null) {
        describe(raw, model);
      }
    }
    return resolved;
  }

  private static Schema<?> enumRef(Class<?> raw, AnnotatedType type, ModelConverterContext context) {
    String name = raw.getSimpleName();
    claim(name, raw);
    if (!context.getDefinedModels().containsKey(name)) {
      var schema = new Schema<String>().type("string");
      schema.setTypes(Set.of("string"));
      for (Object constant : raw.getEnumConstants()) {
        schema.addEnumItemObject(wire(constant));
      }
      context.defineModel(name, schema, type, null);
    }
    return new Schema<>().$ref(Components.COMPONENTS_SCHEMAS_REF + name);
  }

  /**
   * Fails when a second type takes a schema name already taken: the generator would silently
   * describe one with the other's schema. Name one of them with {@code @Schema(name = ...)}.
   */
  private static void claim(String name, Class<?> type) {
    Class<?> prior = NAMES.putIfAbsent(name, type);
    if (prior != null && prior != type) {
      throw new IllegalStateException("Two types share the OpenAPI schema name " + name + ": " + prior.getName()
          + " and " + type.getName() + "; give one of them @Schema(name = ...)");
    }
  }

  /** The enum constant as the API writes it. */
  static String wire(Object constant) {
    for (String method : WIRE_METHODS) {
      try {
        Method m = ((Enum<?>) constant).getDeclaringClass().getDeclaredMethod(method);
        if (m.getReturnType() == String.class && m.trySetAccessible()) {
          return (String) m.invoke(constant);
        }
      } catch (NoSuchMethodException e) {
        // try the next name
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read the wire name of " + constant, e);
      }
    }
    return ((Enum<?>) constant).name().toLowerCase(java.util.Locale.ROOT);
  }

  private static void describe(Class<?> record, Schema<?> model) {
    var required = new LinkedHashSet<String>();
    var inputRequired = new ArrayList<String>();
    boolean classOmitsNulls = omitsNulls(record.getAnnotation(JsonInclude.class));
    for (RecordComponent c : record.getRecordComponents()) {
      if (has(c, JsonIgnore.class)) {
        continue;
      }
      String name = jsonName(c);
      Schema<?> property = model.getProperties().get(name);
      if (property == null) {
        continue;
      }
      JsonInclude include = annotation(c, JsonInclude.class);
      boolean omitsNulls = include != null ? omitsNulls(include) : classOmitsNulls;
      if (!omitsNulls) {
        required.add(name);
      }
      if (nullable(c) && property.get$ref() != null) {
        var either = new Schema<>();
        either.addAnyOfItem(new Schema<>().$ref(property.get$ref()));
        var nothing = new Schema<>();
        nothing.setTypes(Set.of("null"));
        either.addAnyOfItem(nothing);
        either.setDescription(property.getDescription());
        model.getProperties().put(name, either);
      }
      var schema = annotation(c, io.swagger.v3.oas.annotations.media.Schema.class);
      if (schema != null && schema.requiredMode() == io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED) {
        inputRequired.add(name);
      }
    }
    model.setRequired(new ArrayList<>(required));
    if (!inputRequired.isEmpty()) {
      model.addExtension(INPUT_REQUIRED, inputRequired);
    }
  }

  private static boolean omitsNulls(JsonInclude include) {
    return include != null
        && include.value() != JsonInclude.Include.ALWAYS
        && include.value() != JsonInclude.Include.USE_DEFAULTS;
  }

  private static String jsonName(RecordComponent c) {
    JsonProperty p = annotation(c, JsonProperty.class);
    if (p != null && !p.value().isEmpty()) {
      return p.value();
    }
    return SNAKE.translate(c.getName());
  }

  private static boolean nullable(RecordComponent c) {
    for (AnnotatedElement e : elements(c)) {
      for (Annotation a : e.getAnnotations()) {
        if (a.annotationType().getSimpleName().equals("Nullable")) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean has(RecordComponent c, Class<? extends Annotation> type) {
    return annotation(c, type) != null;
  }

  private static <A extends Annotation> A annotation(RecordComponent c, Class<A> type) {
    for (AnnotatedElement e : elements(c)) {
      A a = e.getAnnotation(type);
      if (a != null) {
        return a;
      }
    }
    return null;
  }

  /** A record component's annotations land on the component, its accessor or its field, by their targets. */
  private static List<AnnotatedElement> elements(RecordComponent c) {
    var out = new ArrayList<AnnotatedElement>();
    out.add(c);
    out.add(c.getAccessor());
    try {
      out.add(c.getDeclaringRecord().getDeclaredField(c.getName()));
    } catch (NoSuchFieldException e) {
      // every component has its field; nothing to add
    }
    return out;
  }
}

package ink.octopost.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What {@link RecordSchemas} makes of a record and an enum, without starting the server. */
class RecordSchemasTest {

  enum Shade {
    LIGHT_BLUE;

    String wire() {
      return "light-blue";
    }
  }

  record Inner(String a) {}

  record Sample(
      String id,
      @Nullable String note,
      @Nullable Instant at,
      @Schema(implementation = Shade.class) String shade,
      @Nullable @Schema(implementation = Shade.class) String maybeShade,
      @Nullable Inner inner,
      int count,
      @JsonInclude(JsonInclude.Include.NON_NULL) String secret,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name) {}

  static final class First {
    record Same(String x) {}
  }

  static final class Second {
    record Same(int y) {}
  }

  record Both(First.Same first, Second.Same second) {}

  private static Map<String, JsonNode> resolve(Class<?> type) {
    var converters = new ModelConverters(true);
    converters.addConverter(new ModelResolver(
        Json31.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)).openapi31(true));
    converters.addConverter(new RecordSchemas());
    var schemas = converters.resolveAsResolvedSchema(new AnnotatedType(type).resolveAsRef(true)).referencedSchemas;
    var json = JsonMapper.builder().build();
    var out = new java.util.HashMap<String, JsonNode>();
    schemas.forEach((name, schema) -> out.put(name, json.readTree(Json31.pretty(schema))));
    return out;
  }

  @Test
  void aRecord_requiresWhatItAlwaysSends_andTypesItsNulls() {
    var sample = resolve(Sample.class).get("Sample");
    assertThat(sample.path("required").valueStream().map(JsonNode::asString))
        .containsExactlyInAnyOrder("id", "note", "at", "shade", "maybe_shade", "inner", "count", "name");
    var p = sample.path("properties");
    assertThat(p.path("id").path("type").toString()).isEqualTo("\"string\"");
    assertThat(p.path("note").path("type").toString()).isEqualTo("[\"string\",\"null\"]");
    assertThat(p.path("at").path("format").asString()).isEqualTo("date-time");
    assertThat(p.path("at").path("type").toString()).contains("null");
    assertThat(p.path("shade").path("$ref").asString()).isEqualTo("#/components/schemas/Shade");
    assertThat(p.path("maybe_shade").path("anyOf").toString()).contains("#/components/schemas/Shade").contains("\"null\"");
    assertThat(p.path("inner").path("anyOf").toString()).contains("#/components/schemas/Inner").contains("\"null\"");
    assertThat(sample.path(RecordSchemas.INPUT_REQUIRED).valueStream().map(JsonNode::asString)).containsExactly("name");
  }

  @Test
  void anEnum_isANamedSchemaOfItsWireNames() {
    var shade = resolve(Sample.class).get("Shade");
    assertThat(shade.path("enum").valueStream().map(JsonNode::asString)).containsExactly("light-blue");
  }

  @Test
  void twoTypesOfOneName_failLoudly() {
    assertThatThrownBy(() -> resolve(Both.class))
        .hasStackTraceContaining("Two types share the OpenAPI schema name Same");
  }

  @Test
  void lists_stayLists() {
    record Holder(List<Inner> items) {}
    assertThat(resolve(Holder.class).get("Holder").path("properties").path("items").path("type").asString()).isEqualTo("array");
  }
}

package ink.octopost.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * The wire format: snake_case names, UTC timestamps to the second with a {@code Z}, and strict
 * types: {@code "name": 5} or {@code "limit": "5"} is a validation error, not a silent coercion.
 */
@Configuration(proxyBeanMethods = false)
class JsonConfig {

  static final DateTimeFormatter UTC_SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  @Bean
  JsonMapperBuilderCustomizer octopostJson() {
    var instants = new SimpleModule("octopost-instants");
    instants.addSerializer(
        Instant.class,
        new ValueSerializer<>() {
          @Override
          public void serialize(Instant value, JsonGenerator gen, SerializationContext ctx) {
            gen.writeString(UTC_SECONDS.format(value));
          }
        });
    return builder -> {
      builder
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .addModule(instants);
      for (var shape :
          new CoercionInputShape[] {
            CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean
          }) {
        builder.withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(shape, CoercionAction.Fail));
      }
      for (var type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
        builder.withCoercionConfig(type, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail));
      }
      builder.withCoercionConfig(
          LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail));
      builder.withCoercionConfig(
          LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail));
    };
  }
}

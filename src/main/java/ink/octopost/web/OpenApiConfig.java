package ink.octopost.web;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The OpenAPI 3.1 document at {@code /v1/openapi.json}, generated from the controllers and the
 * records they answer with (so it cannot drift from them): {@link RecordSchemas} reads what the
 * records and enums send, the features add what only they know (per-network overrides, the event
 * payloads under {@code webhooks}, the scopes of each operation), and the last step adds both auth
 * styles, the error envelope on every operation ({@link ErrorResponses}), the request-body schemas
 * ({@link InputSchemas}) and the paging parameters. {@code OpenApiDocumentTest} and {@code
 * OpenApiLintTest} check the result with swagger-parser, Redocly and openapi-typescript.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

  static {
    // Our JSON is snake_case (Jackson 3); teach the schema generator the same names, and what our
    // records and enums send (RecordSchemas goes first: it post-processes what the resolver makes).
    var converters = ModelConverters.getInstance(true);
    converters.addConverter(
        new ModelResolver(
                Json31.mapper().copy().setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE))
            .openapi31(true));
    converters.addConverter(new RecordSchemas());
  }

  @Bean
  OpenAPI octopostOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Octopost API")
                .version("v1")
                .description(
                    "Write a post once and publish it to X, Bluesky, Mastodon, LinkedIn, Threads,"
                        + " Instagram, Facebook, TikTok, YouTube, Discord, Slack and Telegram."))
        .addServersItem(new Server().url("/").description("this server"))
        .components(
            new Components()
                .addSecuritySchemes(
                    "bearer",
                    new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("oct_live_... / oct_test_...")
                        .description("Authorization: Bearer <key>"))
                .addSecuritySchemes(
                    "apiKey",
                    new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name("X-API-Key")))
        .addSecurityItem(new SecurityRequirement().addList("bearer"))
        .addSecurityItem(new SecurityRequirement().addList("apiKey"));
  }

  /**
   * Runs after the features' own customizers (which add schemas and webhooks): the error envelope
   * and the request-body schemas need to see everything.
   */
  @Bean
  @Order(Ordered.LOWEST_PRECEDENCE)
  OpenApiCustomizer envelopeAndInputs() {
    return api -> {
      ErrorResponses.apply(api);
      InputSchemas.apply(api);
      api.getPaths().values().forEach(item -> item.readOperations().forEach(OpenApiConfig::pageParameters));
    };
  }

  /** Every list pages the same way (shared.Cursor): say so on its limit and cursor. */
  private static void pageParameters(io.swagger.v3.oas.models.Operation op) {
    if (op.getParameters() == null) {
      return;
    }
    for (var p : op.getParameters()) {
      if (!"query".equals(p.getIn()) || p.getSchema() == null) {
        continue;
      }
      switch (p.getName()) {
        case "limit" -> {
          p.setDescription("Items per page, 1 to 100");
          p.getSchema().setMinimum(java.math.BigDecimal.ONE);
          p.getSchema().setMaximum(java.math.BigDecimal.valueOf(100));
          p.getSchema().setDefault(20);
        }
        case "cursor" -> p.setDescription("The next_cursor of the previous page (opaque)");
        default -> { }
      }
    }
  }
}

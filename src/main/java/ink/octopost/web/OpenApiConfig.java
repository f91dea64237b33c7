package ink.octopost.web;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import ink.octopost.shared.ErrorCode;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3.1 document at {@code /v1/openapi.json}, generated from the controllers (so it
 * cannot drift from them), plus what annotations cannot say: both auth styles, the error
 * envelope on every operation, rate-limit headers and {@code Idempotency-Key} on every POST.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

  static {
    // Our JSON is snake_case (Jackson 3); teach the schema generator the same names.
    ModelConverters.getInstance(true)
        .addConverter(
            new ModelResolver(
                Json31.mapper().copy().setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)));
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
                    new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("oct_live_... / oct_test_..."))
                .addSecuritySchemes(
                    "apiKey",
                    new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name("X-API-Key"))
                .addSchemas("Error", errorSchema()))
        .addSecurityItem(new SecurityRequirement().addList("bearer"))
        .addSecurityItem(new SecurityRequirement().addList("apiKey"));
  }

  @Bean
  OpenApiCustomizer envelopeOnEveryOperation() {
    return api ->
        api.getPaths()
            .forEach(
                (path, item) ->
                    item.readOperationsMap()
                        .forEach(
                            (method, op) -> {
                              var responses = op.getResponses();
                              responses.addApiResponse("400", error("Malformed request"));
                              responses.addApiResponse("401", error("Missing, unknown or revoked API key"));
                              responses.addApiResponse("403", error("The key lacks a needed scope"));
                              responses.addApiResponse("429", error("Rate limit exceeded").addHeaderObject("Retry-After", intHeader("Seconds to wait")));
                              responses.addApiResponse("500", error("A bug"));
                              responses.addApiResponse("503", error("Temporarily unavailable").addHeaderObject("Retry-After", intHeader("Seconds to wait")));
                              if (method.name().equals("POST") || method.name().equals("PUT") || method.name().equals("PATCH")) {
                                responses.addApiResponse("413", error("Body too large"));
                                responses.addApiResponse("422", error("A rule of the body is broken"));
                              }
                              if (path.contains("{")) {
                                responses.addApiResponse("404", error("Unknown id, or another workspace's"));
                              }
                              if (method.name().equals("POST")) {
                                op.addParametersItem(
                                    new HeaderParameter()
                                        .name("Idempotency-Key")
                                        .description("1 to 255 printable characters; a repeat within 24 h replays the first response")
                                        .required(false)
                                        .schema(new Schema<String>().type("string").maxLength(255)));
                              }
                              responses.forEach(
                                  (status, response) -> {
                                    response.addHeaderObject("X-Request-Id", new Header().schema(new Schema<String>().type("string")));
                                    response.addHeaderObject("X-RateLimit-Limit", intHeader("Requests allowed per minute"));
                                    response.addHeaderObject("X-RateLimit-Remaining", intHeader("Requests left now"));
                                    response.addHeaderObject("X-RateLimit-Reset", intHeader("Unix time at which the bucket is full again"));
                                  });
                            }));
  }

  private static Header intHeader(String description) {
    return new Header().description(description).schema(new IntegerSchema());
  }

  private static ApiResponse error(String description) {
    return new ApiResponse()
        .description(description)
        .content(
            new Content()
                .addMediaType(
                    "application/json",
                    new MediaType().schema(new Schema<>().$ref("#/components/schemas/Error"))));
  }

  private static Schema<?> errorSchema() {
    var codes = java.util.Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList();
    var code = new Schema<String>().type("string");
    codes.forEach(code::addEnumItemObject);
    return new Schema<>()
        .type("object")
        .addRequiredItem("error")
        .addRequiredItem("code")
        .properties(
            Map.of(
                "error", new Schema<String>().type("string").description("A human-readable message"),
                "code", code,
                "details", new Schema<>().type("object"),
                "request_id", new Schema<String>().type("string")));
  }
}

package ink.octopost.web;

import ink.octopost.shared.ErrorCode;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The error envelope on every operation, with the statuses each one can answer: the schema
 * {@code Error} (its {@code code} an enum of {@link ErrorCode}), an example per status, and the
 * headers every response carries. What only an operation knows (a 409 on a published post) it
 * declares with {@code @ApiResponse}; this fills in the envelope.
 */
final class ErrorResponses {

  static final String ERROR = "Error";
  private static final String ERROR_REF = Components.COMPONENTS_SCHEMAS_REF + ERROR;

  private ErrorResponses() {}

  static void apply(OpenAPI api) {
    api.getComponents().addSchemas(ERROR, errorSchema());
    api.getComponents().addSchemas("FieldViolation", fieldViolation());
    api.getComponents().addSchemas("ErrorCode", Schemas.enumOf(Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList()));
    api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> apply(path, method, op)));
  }

  private static void apply(String path, PathItem.HttpMethod method, Operation op) {
    var responses = op.getResponses();
    boolean post = method == PathItem.HttpMethod.POST;
    boolean body = op.getRequestBody() != null;
    add(responses, "400", "Malformed request: bad JSON, a wrong Content-Type, an unknown query value");
    add(responses, "401", "Missing, malformed, unknown or revoked API key");
    add(responses, "403", "The key lacks a scope this operation needs, or a test key reaches for live data");
    if (path.contains("{")) {
      add(responses, "404", "Unknown id, deleted, or another workspace's (never said which)");
    }
    if (post) {
      add(responses, "409", "A request with the same Idempotency-Key is still in progress");
    }
    if (body) {
      add(responses, "413", "The body is over the size limit (1 MiB by default)");
    }
    if (body || post) {
      add(responses, "422", body
          ? "A rule of the body is broken (details.fields names each field), or an Idempotency-Key was reused"
          : "The Idempotency-Key was already used for a different request");
    }
    add(responses, "429", "Rate limit exceeded; Retry-After says when to try again");
    add(responses, "500", "A bug; the body carries no stack trace");
    add(responses, "503", "Temporarily unavailable (database down, shutting down); Retry-After says when to try again");

    responses.forEach((status, response) -> {
      if (status.startsWith("4") || status.startsWith("5")) {
        envelope(status, response);
      }
      response.addHeaderObject("X-Request-Id", new Header()
          .description("The request's id: the client's X-Request-Id if it is short and safe, else a new req_...")
          .schema(Schemas.string()));
      response.addHeaderObject("X-RateLimit-Limit", intHeader("Requests this key may make per minute"));
      response.addHeaderObject("X-RateLimit-Remaining", intHeader("Requests left in the current minute"));
      response.addHeaderObject("X-RateLimit-Reset", intHeader("Unix time (seconds) at which the bucket is full again"));
      if (status.equals("429") || status.equals("503")) {
        response.addHeaderObject("Retry-After", intHeader("Seconds to wait before trying again"));
      }
      if (post && status.startsWith("2")) {
        response.addHeaderObject("Idempotent-Replayed", new Header()
            .description("true when this is the stored response to an earlier request with the same Idempotency-Key")
            .schema(Schemas.enumOf(List.of("true"))));
      }
    });
    if (post && (op.getParameters() == null
        || op.getParameters().stream().noneMatch(p -> "Idempotency-Key".equals(p.getName())))) {
      op.addParametersItem(new HeaderParameter()
          .name("Idempotency-Key")
          .description("1 to 255 printable characters. For 24 hours a repeat of the same request gets the first"
              + " response again (Idempotent-Replayed: true); a different request with this key is a 422"
              + " idempotency_key_reused; a repeat while the first still runs is a 409.")
          .required(false)
          .schema(Schemas.string().minLength(1).maxLength(255))
          .example("7f6d1c2e-5b7a-4d8e-9a51-0c3f2b8e4d10"));
    }
  }

  private static void add(io.swagger.v3.oas.models.responses.ApiResponses responses, String status, String description) {
    if (!responses.containsKey(status)) {
      responses.addApiResponse(status, new ApiResponse().description(description));
    }
  }

  /** The Error body for one status, with an example per error code that travels with it. */
  private static void envelope(String status, ApiResponse response) {
    var media = new MediaType().schema(new Schema<>().$ref(ERROR_REF));
    var examples = new LinkedHashMap<String, Example>();
    for (ErrorCode code : ErrorCode.values()) {
      if (String.valueOf(code.status().value()).equals(status)) {
        examples.put(code.code(), new Example().summary(code.code()).value(example(code, response.getDescription())));
      }
    }
    if (!examples.isEmpty()) {
      media.setExamples(examples);
    }
    response.setContent(new Content().addMediaType("application/json", media));
  }

  private static Map<String, Object> example(ErrorCode code, String description) {
    var details = new LinkedHashMap<String, Object>();
    String message = description;
    switch (code) {
      case VALIDATION_ERROR -> {
        message = "Validation failed: content: must be at most 10000 characters";
        details.put("fields", List.of(Map.of("field", "content", "message", "must be at most 10000 characters")));
      }
      case RATE_LIMITED -> {
        message = "Rate limit exceeded. Try again in 45 seconds.";
        details.put("limit", 300);
        details.put("remaining", 0);
        details.put("reset_at", "2026-04-03T12:01:00Z");
        details.put("retry_after", 45);
      }
      case NOT_FOUND -> message = "Post not found";
      case IDEMPOTENCY_KEY_REUSED -> message = "This Idempotency-Key was used for a different request";
      default -> { }
    }
    var body = new LinkedHashMap<String, Object>();
    body.put("error", message);
    body.put("code", code.code());
    body.put("details", details);
    body.put("request_id", "req_4f8c2a9e1b7d4c3a");
    return body;
  }

  private static Schema<?> errorSchema() {
    var details = Schemas.object()
        .description("More about the error: fields (for validation_error), limit, remaining, reset_at and"
            + " retry_after (for rate_limited), or other keys an error names; {} when there is nothing more")
        .additionalProperties(true);
    details.addProperty("fields", Schemas.array(new Schema<>().$ref(Components.COMPONENTS_SCHEMAS_REF + "FieldViolation"))
        .description("validation_error: each broken field with what is wrong with it"));
    details.addProperty("limit", Schemas.integer().description("rate_limited: requests allowed per minute"));
    details.addProperty("remaining", Schemas.integer().description("rate_limited: requests left (0)"));
    details.addProperty("reset_at", Schemas.dateTime().description("rate_limited: when the bucket is full again"));
    details.addProperty("retry_after", Schemas.integer().description("rate_limited: seconds to wait"));
    var schema = Schemas.object()
        .description("The error envelope: every error the API answers has this body")
        .addProperty("error", Schemas.string().description("What went wrong, for humans").example("Post not found"))
        .addProperty("code", new Schema<>().$ref(Components.COMPONENTS_SCHEMAS_REF + "ErrorCode"))
        .addProperty("details", details)
        .addProperty("request_id", Schemas.string().description("The X-Request-Id of the request").example("req_4f8c2a9e1b7d4c3a"));
    schema.setRequired(List.of("error", "code", "details", "request_id"));
    schema.setAdditionalProperties(false);
    return schema;
  }

  private static Schema<?> fieldViolation() {
    var schema = Schemas.object()
        .addProperty("field", Schemas.string().description("The request field, as a path: content, media.images[2].url, overrides.mastodon.visibility").example("content"))
        .addProperty("message", Schemas.string().description("What is wrong with it").example("must be at most 10000 characters"));
    schema.setRequired(List.of("field", "message"));
    return schema;
  }

  private static Header intHeader(String description) {
    return new Header().description(description).schema(Schemas.integer());
  }

  /** Schemas typed the OpenAPI 3.1 way (a type set), which the 3.1 writer needs. */
  static final class Schemas {
    private Schemas() {}

    static Schema<Object> typed(String type) {
      var s = new Schema<Object>();
      s.setType(type);
      s.setTypes(Set.of(type));
      return s;
    }

    static Schema<Object> string() {
      return typed("string");
    }

    static Schema<Object> integer() {
      return typed("integer");
    }

    static Schema<Object> object() {
      return typed("object");
    }

    static Schema<Object> dateTime() {
      return string().format("date-time");
    }

    static Schema<Object> array(Schema<?> items) {
      return typed("array").items(items);
    }

    static Schema<Object> enumOf(List<String> values) {
      var s = string();
      values.forEach(s::addEnumItemObject);
      return s;
    }
  }
}

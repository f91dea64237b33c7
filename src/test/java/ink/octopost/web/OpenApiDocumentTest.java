package ink.octopost.web;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.auth.Scope;
import ink.octopost.events.EventType;
import ink.octopost.networks.Platform;
import ink.octopost.shared.ErrorCode;
import ink.octopost.testing.Api;
import ink.octopost.testing.ApiTestBase;
import ink.octopost.testing.ScriptedNetwork;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The served OpenAPI document is one a client generator can use: a standard validator accepts it,
 * every reference resolves, every operation has an id, a description and the error envelope, and
 * its schemas say what the server really sends (checked against real responses). Redocly's linter
 * and openapi-typescript run on it in {@link OpenApiLintTest}.
 */
class OpenApiDocumentTest extends ApiTestBase {

  static final Path OUT = Path.of("target", "openapi");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired JdbcClient jdbc;

  private JsonNode doc;

  /** Fetches the served document and keeps a copy in target/openapi/ for the lint and for people. */
  static String fetch(Api api) throws Exception {
    var r = api.request("GET", "/v1/openapi.json").send();
    assertThat(r.status()).isEqualTo(200);
    Files.createDirectories(OUT);
    Files.writeString(OUT.resolve("openapi.json"), r.text());
    return r.text();
  }

  private JsonNode doc() throws Exception {
    if (doc == null) {
      fetch(api);
      doc = api.request("GET", "/v1/openapi.json").send().json();
    }
    return doc;
  }

  private JsonNode schema(String name) throws Exception {
    var s = doc().path("components").path("schemas").path(name);
    assertThat(s.isObject()).as("schema %s", name).isTrue();
    return s;
  }

  @Test
  void swaggerParser_resolvesAndValidates_withoutAMessage() throws Exception {
    var options = new ParseOptions();
    options.setResolve(true);
    var result = new OpenAPIParser().readContents(fetch(api), null, options);
    assertThat(result.getMessages()).as("swagger-parser messages").isEmpty();
    assertThat(result.getOpenAPI().getSpecVersion()).isEqualTo(SpecVersion.V31);
    assertThat(result.getOpenAPI().getWebhooks()).isNotEmpty();
  }

  @Test
  void everyReference_resolvesInsideTheDocument() throws Exception {
    var refs = new ArrayList<String>();
    collectRefs(doc(), refs);
    assertThat(refs).hasSizeGreaterThan(100);
    for (String ref : new HashSet<>(refs)) {
      assertThat(ref).as("a local reference").startsWith("#/");
      assertThat(doc().at(ref.substring(1)).isMissingNode()).as("%s resolves", ref).isFalse();
    }
    assertThat(refs).contains("#/components/schemas/Error");
  }

  @Test
  void everyOperation_hasAnIdADescription_andTheErrorEnvelopeOnEveryError() throws Exception {
    var ids = new HashSet<String>();
    int operations = 0;
    for (String section : List.of("paths", "webhooks")) {
      for (var path : doc().path(section).properties()) {
        for (var method : path.getValue().properties()) {
          var op = method.getValue();
          String where = section + " " + method.getKey() + " " + path.getKey();
          operations++;
          assertThat(op.path("operationId").asString("")).as("operationId of %s", where).isNotBlank();
          assertThat(ids.add(op.path("operationId").asString())).as("unique operationId of %s", where).isTrue();
          assertThat(op.path("description").asString("")).as("description of %s", where).isNotBlank();
          if (section.equals("webhooks")) {
            continue;
          }
          assertThat(op.path("responses").propertyNames()).as("responses of %s", where)
              .contains("400", "401", "403", "429", "500", "503");
          for (var response : op.path("responses").properties()) {
            if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
              assertThat(response.getValue().path("content").path("application/json").path("schema").path("$ref").asString(""))
                  .as("%s %s", where, response.getKey()).isEqualTo("#/components/schemas/Error");
            }
          }
          if (method.getKey().equals("post")) {
            assertThat(op.path("responses").propertyNames()).as("a POST may meet an Idempotency-Key in flight: %s", where)
                .contains("409", "422");
          }
        }
      }
    }
    assertThat(operations).isGreaterThan(40);
  }

  @Test
  void conflicts_areDeclaredWhereTheyHappen() throws Exception {
    var paths = doc().path("paths");
    for (var op : List.of(paths.path("/v1/posts/{id}").path("put"), paths.path("/v1/posts/{id}").path("patch"),
        paths.path("/v1/posts/{id}").path("delete"), paths.path("/v1/posts/{id}/publish").path("post"))) {
      assertThat(op.path("responses").path("409").path("content").path("application/json").path("examples")
          .path("conflict").path("value").path("code").asString()).isEqualTo("conflict");
    }
    var limited = paths.path("/v1/posts").path("get").path("responses").path("429");
    assertThat(limited.path("headers").propertyNames()).contains("Retry-After", "X-Request-Id");
    assertThat(limited.path("content").path("application/json").path("examples").path("rate_limited").path("value")
        .path("details").path("retry_after").asInt()).isPositive();
  }

  @Test
  void enums_areTheWireNames_ofTheCode() throws Exception {
    assertThat(strings(schema("Platform").path("enum"))).containsExactlyElementsOf(Arrays.stream(Platform.values()).map(Platform::id).toList());
    assertThat(strings(schema("Scope").path("enum"))).containsExactlyElementsOf(Arrays.stream(Scope.values()).map(Scope::wire).toList());
    assertThat(strings(schema("EventType").path("enum"))).containsExactlyElementsOf(Arrays.stream(EventType.values()).map(EventType::wire).toList());
    assertThat(strings(schema("ErrorCode").path("enum"))).containsExactlyElementsOf(Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList());
    assertThat(strings(schema("PostStatus").path("enum"))).containsExactly("draft", "scheduled", "publishing", "published", "failed");
    assertThat(strings(schema("TargetStatus").path("enum"))).contains("unconfirmed");
    assertThat(schema("PostView").path("properties").path("status").path("$ref").asString()).isEqualTo("#/components/schemas/PostStatus");
    assertThat(schema("Error").path("properties").path("code").path("$ref").asString()).isEqualTo("#/components/schemas/ErrorCode");
    var list = doc().path("paths").path("/v1/posts").path("get").path("parameters");
    assertThat(list.valueStream().filter(p -> p.path("name").asString().equals("status")).findFirst().orElseThrow()
        .path("schema").path("$ref").asString()).isEqualTo("#/components/schemas/PostStatus");
  }

  @Test
  void responseSchemas_requireWhatIsAlwaysSent_andTypeNullsAndTimes() throws Exception {
    var post = schema("PostView");
    assertThat(strings(post.path("required"))).contains("id", "content", "status", "platforms", "targets", "created_at",
        "scheduled_for", "published_at", "preset_id");
    var scheduled = post.path("properties").path("scheduled_for");
    assertThat(strings(scheduled.path("type"))).containsExactlyInAnyOrder("string", "null");
    assertThat(scheduled.path("format").asString()).isEqualTo("date-time");
    assertThat(strings(post.path("properties").path("preset_id").path("type"))).containsExactlyInAnyOrder("string", "null");
    assertThat(post.path("properties").path("id").path("type").toString()).doesNotContain("null");
    assertThat(post.path("properties").path("queue_status").path("anyOf").toString())
        .contains("#/components/schemas/QueueStatus").contains("null");
    assertThat(strings(schema("KeyView").path("required"))).contains("id", "revoked_at").doesNotContain("secret");
    assertThat(strings(schema("Error").path("required"))).containsExactlyInAnyOrder("error", "code", "details", "request_id");
  }

  @Test
  void requestBodies_requireOnlyWhatARequestMust() throws Exception {
    var create = doc().path("paths").path("/v1/posts").path("post").path("requestBody").path("content")
        .path("application/json").path("schema").path("$ref").asString();
    assertThat(create).isEqualTo("#/components/schemas/PostRequest");
    var request = schema("PostRequest");
    assertThat(request.path("required").isMissingNode() || request.path("required").isEmpty()).isTrue();
    assertThat(request.path("properties").path("media").path("$ref").asString()).isEqualTo("#/components/schemas/MediaInput");
    // an image is a URL or a library media id: neither alone is required
    assertThat(strings(schema("ImageInput").path("required"))).isEmpty();
    assertThat(schema("ImageInput").path("properties").propertyNames()).contains("url", "media_id", "alt_text");
    assertThat(strings(schema("Image").path("required"))).containsExactlyInAnyOrder("url", "alt_text", "media_id");
    assertThat(strings(schema("CreateKeyRequest").path("required"))).containsExactly("name");
    assertThat(strings(request.path("properties").path("scheduled_for").path("type"))).contains("null");
    assertThat(doc().path("paths").path("/v1/queue").path("put").path("requestBody").toString()).contains("QueueViewInput");
  }

  @Test
  void overrides_haveEachNetworksOwnSchema() throws Exception {
    var overrides = schema("Overrides");
    assertThat(overrides.path("properties").propertyNames())
        .containsExactlyInAnyOrderElementsOf(Arrays.stream(Platform.values()).map(Platform::id).toList());
    assertThat(overrides.path("additionalProperties").asBoolean(true)).isFalse();
    var mastodon = schema("MastodonOverride").path("properties");
    assertThat(strings(mastodon.path("visibility").path("enum"))).containsExactly("public", "unlisted", "private", "direct");
    assertThat(mastodon.path("spoiler_text").path("maxLength").asInt()).isEqualTo(10_000);
    assertThat(mastodon.path("sensitive").path("type").toString()).contains("boolean");
    assertThat(schema("TwitterOverride").path("properties").propertyNames()).containsExactlyInAnyOrder("content", "media", "segments", "fit");
    assertThat(schema("PostView").path("properties").path("overrides").path("$ref").asString()).isEqualTo("#/components/schemas/Overrides");
  }

  @Test
  void webhooks_documentEveryEventPayload() throws Exception {
    var webhooks = doc().path("webhooks");
    var expected = new ArrayList<>(Arrays.stream(EventType.values()).map(EventType::wire).toList());
    expected.add("webhook.test");
    assertThat(webhooks.propertyNames()).containsExactlyInAnyOrderElementsOf(expected);
    var published = webhooks.path("post.published").path("post");
    assertThat(published.path("requestBody").path("content").path("application/json").path("schema").path("$ref").asString())
        .isEqualTo("#/components/schemas/PostEvent");
    assertThat(published.path("parameters").valueStream().map(p -> p.path("name").asString()))
        .containsExactlyInAnyOrder("webhook-id", "webhook-timestamp", "webhook-signature");
    assertThat(schema("PostEvent").path("properties").path("data").path("properties").path("post").path("$ref").asString())
        .isEqualTo("#/components/schemas/PostView");
    assertThat(schema("AccountEvent").path("properties").path("data").path("properties").path("account").path("$ref").asString())
        .isEqualTo("#/components/schemas/AccountView");
  }

  /** The schemas against what the server really answers: every required field sent, no undeclared one, nulls only where typed. */
  @Test
  void realResponses_matchTheirSchemas() throws Exception {
    String twitter = tenants.account(tenant, Platform.TWITTER, "octo_x");
    String mastodon = tenants.account(tenant, Platform.MASTODON, "octo@example.social");
    // Scripted accounts answer from their script: nothing leaves the machine.
    ScriptedNetwork.script(twitter, new ScriptedNetwork.Succeed());
    ScriptedNetwork.script(mastodon, new ScriptedNetwork.Succeed());
    // A draft with media (never fetched: it is not published) and a network's own options.
    var draft = api.post("/v1/posts", tenant.key(), """
        {"content": "hello", "platforms": ["mastodon"],
         "media": {"images": [{"url": "https://example.com/a.png"}]},
         "overrides": {"mastodon": {"content": "hi fediverse", "visibility": "unlisted", "sensitive": true}}}
        """);
    assertThat(draft.status()).as("%s", draft).isEqualTo(201);
    conforms(draft.json(), ref("PostView"), "draft");
    var created = api.post("/v1/posts", tenant.key(), """
        {"content": "hello", "platforms": ["mastodon"], "account_ids": ["%s"]}
        """.formatted(twitter));
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    String id = created.json().path("id").asString();
    var published = api.post("/v1/posts/" + id + "/publish", tenant.key(), "{}");
    assertThat(published.status()).as("%s", published).isEqualTo(202);
    conforms(published.json(), ref("PostView"), "publishing post");
    long deadline = System.nanoTime() + 30_000_000_000L;
    JsonNode post = published.json();
    while (post.path("targets").valueStream().anyMatch(t -> t.path("status").asString().matches("pending|publishing"))) {
      assertThat(System.nanoTime()).as("finished in time: %s", post).isLessThan(deadline);
      Thread.sleep(100);
      post = api.get("/v1/posts/" + id, tenant.key()).json();
    }
    conforms(post, ref("PostView"), "published post");
    assertThat(post.path("platform_results").isEmpty()).isFalse();

    conforms(api.get("/v1/me", tenant.key()).json(), ref("MeView"), "me");
    conforms(api.get("/v1/accounts", tenant.key()).json(), ref("AccountList"), "accounts");
    conforms(api.get("/v1/presets", tenant.key()).json(), ref("PresetList"), "presets");
    conforms(api.get("/v1/queue", tenant.key()).json(), ref("QueueView"), "queue");
    var key = api.post("/v1/api-keys", tenant.key(), "{\"name\": \"docs\", \"scopes\": [\"posts:read\"]}");
    conforms(key.json(), ref("KeyView"), "new key");
    conforms(api.get("/v1/api-keys", tenant.key()).json(), ref("KeyList"), "keys");
    conforms(api.get("/v1/posts?limit=1", tenant.key()).json(), ref("PostList"), "posts");
    conforms(api.post("/v1/posts/validate", tenant.key(), "{\"content\": \"x\", \"platforms\": [\"bluesky\"]}").json(),
        ref("ValidationResult"), "validate");
    // The webhook messages as the outbox stored them: what every endpoint receives.
    for (var type : List.of("post.created", "post.published", "account.connected")) {
      var payloads = jdbc.sql("SELECT payload::text FROM events WHERE workspace_id = ? AND type = ?")
          .params(tenant.workspaceId(), type).query(String.class).list();
      assertThat(payloads).as(type).isNotEmpty();
      for (String payload : payloads) {
        conforms(JSON.readTree(payload), ref(type.startsWith("post.") ? "PostEvent" : "AccountEvent"), type);
      }
    }

    var missing = api.get("/v1/posts/post_missing", tenant.key());
    assertThat(missing.status()).isEqualTo(404);
    conforms(missing.json(), ref("Error"), "error");
    conforms(api.post("/v1/posts", tenant.key(), "{\"content\": 5}").json(), ref("Error"), "validation error");
  }

  private static JsonNode ref(String name) {
    return tools.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("$ref", "#/components/schemas/" + name);
  }

  /** A small JSON Schema check, enough for the shapes this document uses. */
  private void conforms(JsonNode value, JsonNode schema, String where) throws Exception {
    if (schema.has("$ref")) {
      conforms(value, doc().at(schema.path("$ref").asString().substring(1)), where);
      return;
    }
    if (schema.has("anyOf")) {
      var failures = new ArrayList<String>();
      for (var option : schema.path("anyOf")) {
        try {
          conforms(value, option, where);
          return;
        } catch (AssertionError e) {
          failures.add(e.getMessage());
        }
      }
      throw new AssertionError(where + " matches no anyOf option: " + failures);
    }
    if (schema.has("type")) {
      var types = schema.path("type").isArray() ? strings(schema.path("type")) : List.of(schema.path("type").asString());
      String type = jsonType(value);
      assertThat(types.contains(type) || type.equals("integer") && types.contains("number"))
          .as("%s = %s is one of %s", where, value, types).isTrue();
    }
    if (schema.has("enum") && !value.isNull()) {
      assertThat(strings(schema.path("enum"))).as("%s", where).contains(value.asString());
    }
    if (value.isObject()) {
      for (String required : strings(schema.path("required"))) {
        assertThat(value.has(required)).as("%s has required %s: %s", where, required, value).isTrue();
      }
      for (var field : value.properties()) {
        var declared = schema.path("properties").path(field.getKey());
        var additional = schema.path("additionalProperties");
        if (!declared.isMissingNode()) {
          conforms(field.getValue(), declared, where + "." + field.getKey());
        } else if (additional.isObject()) {
          conforms(field.getValue(), additional, where + "." + field.getKey());
        } else {
          assertThat(additional.asBoolean(false)).as("%s.%s is declared", where, field.getKey()).isTrue();
        }
      }
    }
    if (value.isArray() && schema.has("items")) {
      int i = 0;
      for (var item : value) {
        conforms(item, schema.path("items"), where + "[" + i++ + "]");
      }
    }
  }

  private static String jsonType(JsonNode v) {
    if (v.isNull()) {
      return "null";
    }
    if (v.isString()) {
      return "string";
    }
    if (v.isIntegralNumber()) {
      return "integer";
    }
    if (v.isNumber()) {
      return "number";
    }
    if (v.isBoolean()) {
      return "boolean";
    }
    return v.isArray() ? "array" : "object";
  }

  private static List<String> strings(JsonNode array) {
    var out = new ArrayList<String>();
    array.forEach(n -> out.add(n.asString()));
    return out;
  }

  private static void collectRefs(JsonNode node, List<String> into) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (e.getKey().equals("$ref") && e.getValue().isString()) {
          into.add(e.getValue().asString());
        } else {
          collectRefs(e.getValue(), into);
        }
      }
    } else if (node.isArray()) {
      node.forEach(n -> collectRefs(n, into));
    }
  }
}

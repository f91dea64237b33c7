package ink.octopost.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import ink.octopost.shared.ApiException;
import ink.octopost.shared.Cursor;
import ink.octopost.shared.JsonBody;
import ink.octopost.shared.Page;
import ink.octopost.shared.Violations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/v1/api-keys")
@Tag(name = "API keys", description = "Keys that act for a user inside one workspace")
class ApiKeyController {

  private final ApiKeyService keys;

  ApiKeyController(ApiKeyService keys) {
    this.keys = keys;
  }

  record CreateKeyRequest(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 100, example = "CI deploys") String name,
      @ArraySchema(schema = @Schema(implementation = Scope.class),
          arraySchema = @Schema(description = "None: every scope the caller has")) List<String> scopes,
      @Schema(implementation = KeyMode.class, description = "Default: the caller's mode") String mode) {}

  @JsonInclude(JsonInclude.Include.ALWAYS)
  record KeyView(
      @Schema(example = "key_5JvR8nQe2WcT6yHs") String id,
      String name,
      @Schema(implementation = KeyMode.class) String mode,
      @ArraySchema(schema = @Schema(implementation = Scope.class)) List<String> scopes,
      @Schema(description = "The key's first characters and last four, to recognise it", example = "oct_live_…a1B2") String hint,
      Instant createdAt,
      @Nullable Instant lastUsedAt,
      @Nullable Instant revokedAt,
      @JsonInclude(JsonInclude.Include.NON_NULL)
      @Schema(description = "The whole key: only in the response that creates it") String secret) {

    static KeyView of(ApiKey key, String secret) {
      var scopes = key.fullAccess() ? Arrays.asList(Scope.values()) : key.scopes();
      return new KeyView(
          key.id(),
          key.name(),
          key.mode().wire(),
          scopes.stream().map(Scope::wire).toList(),
          key.hint(),
          key.createdAt(),
          key.lastUsedAt(),
          key.revokedAt(),
          secret);
    }
  }

  record KeyList(List<KeyView> apiKeys, boolean hasMore, @Nullable String nextCursor) {}

  @GetMapping
  @RequiresScope(Scope.KEYS_WRITE)
  @Operation(operationId = "listApiKeys", summary = "List API keys, newest first (secrets are never returned)",
      description = "The workspace's keys, revoked ones included, each with its hint but never its secret.")
  KeyList list(
      ApiKeyPrincipal caller,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    int size = Cursor.limit(limit);
    var page =
        Page.of(
            keys.page(caller, cursor == null ? null : Cursor.parse(cursor), size + 1),
            size,
            ApiKey::createdAt,
            ApiKey::id);
    return new KeyList(page.items().stream().map(k -> KeyView.of(k, null)).toList(), page.hasMore(), page.nextCursor());
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @RequiresScope(Scope.KEYS_WRITE)
  @Operation(operationId = "createApiKey", summary = "Create an API key; the response carries its secret, this once only",
      description = "A key can grant only scopes it has itself (403 otherwise), and a test key cannot create live keys."
          + " Only this response shows the secret: store it now.")
  KeyView create(ApiKeyPrincipal caller, @RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content = @io.swagger.v3.oas.annotations.media.Content(
          schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = CreateKeyRequest.class))) JsonNode root) {
    var violations = new Violations();
    var fields = JsonBody.of(root, violations);
    var body = new CreateKeyRequest(fields.string("name"), fields.strings("scopes"), fields.string("mode"));
    violations.text("name", body.name(), 100);
    KeyMode mode = caller.mode();
    if (body.mode() != null) {
      switch (body.mode()) {
        case "live" -> mode = KeyMode.LIVE;
        case "test" -> mode = KeyMode.TEST;
        default -> violations.add("mode", "must be 'live' or 'test'");
      }
    }
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    List<String> requested = body.scopes() == null ? List.of() : body.scopes();
    for (int i = 0; i < requested.size(); i++) {
      String wire = requested.get(i);
      var scope = wire == null ? java.util.Optional.<Scope>empty() : Scope.fromWire(wire);
      if (scope.isEmpty()) {
        violations.add("scopes[" + i + "]", "unknown scope '" + wire + "'");
      } else {
        scopes.add(scope.get());
      }
    }
    violations.throwIfAny();
    if (caller.sandbox() && mode == KeyMode.LIVE) {
      throw ApiException.forbidden("A test key cannot create live keys");
    }
    // A key can hand out only what it has: no scopes means "everything the caller may do".
    Set<Scope> granted = scopes.isEmpty() ? caller.scopes() : scopes;
    if (!caller.scopes().containsAll(granted)) {
      var beyond = EnumSet.copyOf(granted);
      beyond.removeAll(caller.scopes());
      throw ApiException.forbidden(
          "A key cannot grant scopes it does not have: "
              + beyond.stream().map(Scope::wire).toList());
    }
    boolean full = granted.containsAll(EnumSet.allOf(Scope.class));
    var created =
        keys.create(
            caller.workspaceId(), caller.userId(), body.name().strip(), mode, full ? Set.of() : granted);
    return KeyView.of(created.key(), created.secret());
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @RequiresScope(Scope.KEYS_WRITE)
  @Operation(operationId = "revokeApiKey", summary = "Revoke an API key; it stops working on the next request",
      description = "The key answers 401 from its next request on; it stays listed, with revoked_at set.")
  void revoke(ApiKeyPrincipal caller, @PathVariable String id) {
    keys.revoke(caller, id);
  }
}

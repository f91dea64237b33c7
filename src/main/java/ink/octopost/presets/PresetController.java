package ink.octopost.presets;

import ink.octopost.auth.ApiKeyPrincipal;
import ink.octopost.auth.RequiresScope;
import ink.octopost.auth.Scope;
import ink.octopost.networks.Platform;
import ink.octopost.shared.Cursor;
import ink.octopost.shared.JsonBody;
import ink.octopost.shared.Violations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/v1/presets")
@Tag(name = "Presets", description = "Saved platform sets with cross-linking")
class PresetController {

  private final PresetService presets;

  PresetController(PresetService presets) {
    this.presets = presets;
  }

  record PresetView(
      @Schema(example = "preset_8VcN3mXq5TzR1wKd") String id, String name,
      @ArraySchema(schema = @Schema(implementation = Platform.class)) List<String> platforms,
      @Nullable @Schema(implementation = Platform.class, description = "With cross-linking, publishes first") String primaryPlatform,
      boolean crossLinkEnabled,
      @Nullable @Schema(description = "The text of the other platforms; variables {platform}, {link}, {title}, {excerpt}")
          String crossLinkTemplate,
      boolean isDefault, @Schema(description = "System presets cannot be changed") boolean isSystem, Instant createdAt,
      Instant updatedAt) {
    static PresetView of(Preset p) {
      return new PresetView(p.id(), p.name(), p.platforms().stream().map(Platform::id).toList(),
          p.primaryPlatform() == null ? null : p.primaryPlatform().id(), p.crossLinkEnabled(), p.crossLinkTemplate(),
          p.isDefault(), p.system(), p.createdAt(), p.updatedAt());
    }
  }

  record PresetList(List<PresetView> presets, boolean hasMore, @Nullable String nextCursor) {}

  /** The request body (documentation; the body is read field by field for partial updates). */
  record PresetRequest(
      @Schema(description = "1 to 100 characters; required on create", example = "Launch day") String name,
      @ArraySchema(schema = @Schema(implementation = Platform.class),
          arraySchema = @Schema(description = "Required on create")) List<String> platforms,
      @Nullable @Schema(implementation = Platform.class) String primaryPlatform, Boolean crossLinkEnabled,
      @Nullable @Schema(example = "Also on {platform}: {link}") String crossLinkTemplate) {}

  @GetMapping
  @RequiresScope(Scope.PRESETS_READ)
  @Operation(operationId = "listPresets", summary = "List presets, system presets included",
      description = "The workspace's presets, with the system presets every workspace has.")
  PresetList list(ApiKeyPrincipal caller, @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
    int size = Cursor.limit(limit);
    var page = presets.page(caller.workspaceId(), cursor == null ? null : Cursor.parse(cursor), size).map(PresetView::of);
    return new PresetList(page.items(), page.hasMore(), page.nextCursor());
  }

  @GetMapping("/{id}")
  @RequiresScope(Scope.PRESETS_READ)
  @Operation(operationId = "getPreset", summary = "Get a preset", description = "One preset.")
  PresetView get(ApiKeyPrincipal caller, @PathVariable String id) {
    return PresetView.of(presets.get(caller.workspaceId(), id));
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @RequiresScope(Scope.PRESETS_WRITE)
  @Operation(operationId = "createPreset", summary = "Create a preset",
      description = "A named set of platforms; with cross-linking, the primary platform publishes first and the others"
          + " carry the template with {link} set to the primary post's URL.")
  PresetView create(ApiKeyPrincipal caller, @RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content = @Content(schema = @Schema(implementation = PresetRequest.class))) JsonNode body) {
    return PresetView.of(presets.create(caller.workspaceId(), changes(body)));
  }

  @PutMapping("/{id}")
  @RequiresScope(Scope.PRESETS_WRITE)
  @Operation(operationId = "updatePreset", summary = "Change a preset; omitted fields keep their value; system presets are 403",
      description = "A partial update: only the fields sent change. System presets cannot be changed (403).")
  PresetView update(ApiKeyPrincipal caller, @PathVariable String id, @RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content = @Content(schema = @Schema(implementation = PresetRequest.class))) JsonNode body) {
    return PresetView.of(presets.update(caller.workspaceId(), id, changes(body)));
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @RequiresScope(Scope.PRESETS_WRITE)
  @Operation(operationId = "deletePreset", summary = "Delete a preset; posts that used it keep their targets",
      description = "Removes the preset; posts created with it keep their targets. System presets cannot be deleted (403).")
  void delete(ApiKeyPrincipal caller, @PathVariable String id) {
    presets.delete(caller.workspaceId(), id);
  }

  @PostMapping("/{id}/default")
  @RequiresScope(Scope.PRESETS_WRITE)
  @Operation(operationId = "makeDefaultPreset", summary = "Make this the workspace's default preset",
      description = "A post that names neither platforms, accounts nor a preset uses this one.")
  PresetView makeDefault(ApiKeyPrincipal caller, @PathVariable String id) {
    return PresetView.of(presets.makeDefault(caller.workspaceId(), id));
  }

  private static PresetService.Changes changes(JsonNode root) {
    var v = new Violations();
    var body = JsonBody.of(root, v);
    String name = body.string("name");
    if (body.isNull("name")) {
      v.add("name", "cannot be null");
    }
    List<Platform> platforms = null;
    var ids = body.strings("platforms");
    if (ids != null) {
      platforms = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        var p = Platform.fromId(ids.get(i));
        if (p.isEmpty()) {
          v.add("platforms[" + i + "]", "unknown platform '" + ids.get(i) + "'; use one of " + Platform.ids());
        } else if (platforms.contains(p.get())) {
          v.add("platforms[" + i + "]", "'" + ids.get(i) + "' is listed twice");
        } else {
          platforms.add(p.get());
        }
      }
    } else if (body.isNull("platforms")) {
      v.add("platforms", "cannot be null");
    }
    Platform primary = null;
    String primaryId = body.string("primary_platform");
    if (primaryId != null) {
      primary = Platform.fromId(primaryId).orElse(null);
      if (primary == null) {
        v.add("primary_platform", "unknown platform '" + primaryId + "'");
      }
    }
    Boolean crossLink = body.bool("cross_link_enabled");
    String template = body.string("cross_link_template");
    v.throwIfAny();
    return new PresetService.Changes(name, platforms, body.has("primary_platform"), primary, crossLink,
        body.has("cross_link_template"), template);
  }
}

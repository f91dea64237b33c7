package ink.octopost.auth;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Me", description = "Who the calling key acts for")
class MeController {

  record UserView(String id, String email, String name) {}

  record WorkspaceView(String id, String name, @Schema(description = "Sets the rate limits", example = "free") String planTier) {}

  /** Named apart from the API key object, which has more fields. */
  @Schema(name = "CallerKey")
  record KeyView(String id, @Schema(implementation = KeyMode.class) String mode,
      @ArraySchema(schema = @Schema(implementation = Scope.class)) List<String> scopes) {}

  record MeView(UserView user, WorkspaceView workspace, KeyView apiKey) {}

  @GetMapping("/v1/me")
  @RequiresScope
  @Operation(operationId = "getMe", summary = "The calling key's user, workspace, mode and scopes",
      description = "Who the key acts for: its user, its workspace (with the plan tier that sets the rate limits), and"
          + " the key's own id, mode and scopes. Needs no particular scope: a way to check a key.")
  MeView me(ApiKeyPrincipal caller) {
    var names = caller.names(); // read with the key: no query here
    return new MeView(
        new UserView(caller.userId(), names.userEmail(), names.userName()),
        new WorkspaceView(caller.workspaceId(), names.workspaceName(), caller.planTier()),
        new KeyView(
            caller.keyId(),
            caller.mode().wire(),
            caller.scopes().stream().sorted().map(Scope::wire).toList()));
  }
}

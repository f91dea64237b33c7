package ink.octopost.auth;

import ink.octopost.shared.ApiException;
import ink.octopost.workspaces.WorkspaceService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Me", description = "Who the calling key acts for")
class MeController {

  private final WorkspaceService workspaces;

  MeController(WorkspaceService workspaces) {
    this.workspaces = workspaces;
  }

  record UserView(String id, String email, String name) {}

  record WorkspaceView(String id, String name, String planTier) {}

  record KeyView(String id, String mode, List<String> scopes) {}

  record MeView(UserView user, WorkspaceView workspace, KeyView apiKey) {}

  @GetMapping("/v1/me")
  @RequiresScope
  @Operation(summary = "The calling key's user, workspace, mode and scopes")
  MeView me(ApiKeyPrincipal caller) {
    var membership =
        workspaces
            .membership(caller.workspaceId(), caller.userId())
            .orElseThrow(() -> ApiException.notFound("Workspace"));
    var user = membership.user();
    var ws = membership.workspace();
    return new MeView(
        new UserView(user.id(), user.email(), user.name()),
        new WorkspaceView(ws.id(), ws.name(), ws.planTier()),
        new KeyView(
            caller.keyId(),
            caller.mode().wire(),
            caller.scopes().stream().sorted().map(Scope::wire).toList()));
  }
}

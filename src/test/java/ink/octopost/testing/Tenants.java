package ink.octopost.testing;

import ink.octopost.auth.ApiKeyService;
import ink.octopost.auth.KeyMode;
import ink.octopost.auth.Scope;
import ink.octopost.workspaces.WorkspaceService;
import java.util.Set;

/** Makes a fresh workspace with an owner and a key for one test. */
public final class Tenants {

  private final WorkspaceService workspaces;
  private final ApiKeyService keys;

  Tenants(WorkspaceService workspaces, ApiKeyService keys) {
    this.workspaces = workspaces;
    this.keys = keys;
  }

  /** A workspace, its owner and the owner's key. */
  public record Tenant(String workspaceId, String userId, String key) {}

  public Tenant create(String tier) {
    var ws = workspaces.create("Test workspace", tier);
    var owner =
        workspaces.createOwner(ws.id(), "owner+" + ws.id() + "@example.test", "Owner", "pw-" + ws.id());
    var key = keys.create(ws.id(), owner.id(), "test", KeyMode.LIVE, Set.of());
    return new Tenant(ws.id(), owner.id(), key.secret());
  }

  public Tenant create() {
    return create("pro");
  }

  /** Another key in the same workspace. */
  public String key(Tenant tenant, KeyMode mode, Scope... scopes) {
    return keys.create(tenant.workspaceId(), tenant.userId(), "extra", mode, Set.of(scopes)).secret();
  }
}

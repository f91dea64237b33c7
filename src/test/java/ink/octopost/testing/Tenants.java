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
  private final ink.octopost.accounts.AccountService accounts;

  Tenants(WorkspaceService workspaces, ApiKeyService keys, ink.octopost.accounts.AccountService accounts) {
    this.workspaces = workspaces;
    this.keys = keys;
    this.accounts = accounts;
  }

  /** Connects a live account of {@code platform} (as a connection flow would) and returns its id. */
  public String account(Tenant tenant, ink.octopost.networks.Platform platform, String username) {
    return accounts.connect(new ink.octopost.accounts.Connection(tenant.workspaceId(), false, platform,
        "uid-" + username, username, username.toUpperCase(java.util.Locale.ROOT), null, null,
        java.util.Map.of("access_token", "tok-" + username + "-secret", "refresh_token", "refresh-" + username + "-secret"),
        null)).id();
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

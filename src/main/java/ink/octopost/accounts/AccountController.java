package ink.octopost.accounts;

import ink.octopost.auth.ApiKeyPrincipal;
import ink.octopost.auth.RequiresScope;
import ink.octopost.auth.Scope;
import ink.octopost.networks.Platform;
import ink.octopost.shared.ApiException;
import ink.octopost.shared.Cursor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/accounts")
@Tag(name = "Accounts", description = "Connected network accounts (credentials never appear)")
class AccountController {

  private final AccountService accounts;

  AccountController(AccountService accounts) {
    this.accounts = accounts;
  }

  record AccountList(List<AccountView> accounts, boolean hasMore, String nextCursor) {}

  @GetMapping
  @RequiresScope(Scope.ACCOUNTS_READ)
  @Operation(summary = "List connected accounts, newest first; filter by platform")
  AccountList list(
      ApiKeyPrincipal caller,
      @RequestParam(required = false) String platform,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    Platform p = null;
    if (platform != null) {
      p = Platform.fromId(platform).orElseThrow(
          () -> ApiException.badRequest("Unknown platform '" + platform + "'; use one of " + Platform.ids()));
    }
    int size = Cursor.limit(limit);
    var page = accounts.page(caller.workspaceId(), caller.sandbox(), p, cursor == null ? null : Cursor.parse(cursor), size)
        .map(AccountView::of);
    return new AccountList(page.items(), page.hasMore(), page.nextCursor());
  }

  @GetMapping("/{id}")
  @RequiresScope(Scope.ACCOUNTS_READ)
  @Operation(summary = "Get an account")
  AccountView get(ApiKeyPrincipal caller, @PathVariable String id) {
    return AccountView.of(accounts.get(caller.workspaceId(), caller.sandbox(), id));
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @RequiresScope(Scope.ACCOUNTS_WRITE)
  @Operation(summary = "Disconnect: the credentials are destroyed, posts keep their history")
  void disconnect(ApiKeyPrincipal caller, @PathVariable String id) {
    accounts.disconnect(caller.workspaceId(), caller.sandbox(), id);
  }

  @PostMapping("/{id}/default")
  @RequiresScope(Scope.ACCOUNTS_WRITE)
  @Operation(summary = "Make this the default account for its platform")
  AccountView makeDefault(ApiKeyPrincipal caller, @PathVariable String id) {
    return AccountView.of(accounts.makeDefault(caller.workspaceId(), caller.sandbox(), id));
  }
}

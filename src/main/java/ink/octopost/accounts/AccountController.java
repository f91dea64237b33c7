package ink.octopost.accounts;

import ink.octopost.auth.ApiKeyPrincipal;
import ink.octopost.auth.RequiresScope;
import ink.octopost.auth.Scope;
import ink.octopost.networks.Platform;
import ink.octopost.shared.ApiException;
import ink.octopost.shared.Cursor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.Nullable;
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
  private final ink.octopost.networks.ConnectorRegistry networks;
  private final ConnectionMethods methods;

  AccountController(AccountService accounts, ink.octopost.networks.ConnectorRegistry networks, ConnectionMethods methods) {
    this.accounts = accounts;
    this.networks = networks;
    this.methods = methods;
  }

  /**
   * The documented bodies, for the OpenAPI document; fields depend on the platform. Slack bot
   * tokens with rotation on ({@code xoxe.xoxb-}) come with their {@code refresh_token} and
   * optionally {@code expires_in} (seconds) or {@code expires_at}.
   */
  record ConnectRequest(
      @Schema(implementation = Platform.class, requiredMode = Schema.RequiredMode.REQUIRED) String platform, String identifier, String appPassword, String serviceUrl, String instanceUrl,
      String accessToken, String botToken, String chatId, String webhookUrl, String channel, String refreshToken,
      @Schema(description = "Slack rotating tokens: seconds until the token expires") Long expiresIn,
      @Schema(format = "date-time", description = "Slack rotating tokens: when the token expires (ISO 8601)") String expiresAt) {}

  /** The fields of {@link ConnectRequest} besides the platform; any other field is refused as unknown. */
  private static final List<String> CREDENTIAL_FIELDS = List.of(
      "identifier", "app_password", "service_url", "instance_url", "access_token", "bot_token", "chat_id",
      "webhook_url", "channel", "refresh_token", "expires_in", "expires_at");

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @RequiresScope(Scope.ACCOUNTS_WRITE)
  @Operation(operationId = "connectAccount", summary = "Connect a credential-based account (Bluesky, Mastodon with a token, Telegram, Discord, Slack);"
      + " the credentials are checked with the network first and nothing is stored if it refuses them (422)"
      + " or cannot be reached (503, try again)",
      description = "The fields depend on the platform: bluesky identifier, app_password and optional service_url;"
          + " mastodon instance_url and access_token; telegram bot_token and chat_id; discord webhook_url; slack"
          + " webhook_url, or bot_token and channel (with refresh_token and expires_in or expires_at for rotating"
          + " tokens). The network checks the credentials before anything is stored. Live keys only.")
  AccountView connect(ApiKeyPrincipal caller, @org.springframework.web.bind.annotation.RequestBody
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @io.swagger.v3.oas.annotations.media.Content(
          schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = ConnectRequest.class)))
      tools.jackson.databind.JsonNode body) {
    if (caller.sandbox()) {
      throw ApiException.forbidden("Test keys publish through the built-in sandbox accounts; connect real accounts with a live key");
    }
    var v = new ink.octopost.shared.Violations();
    var fields = ink.octopost.shared.JsonBody.of(body, v);
    String platformId = fields.string("platform");
    var values = new java.util.LinkedHashMap<String, String>();
    for (String name : CREDENTIAL_FIELDS) {
      String value = fields.scalar(name);
      if (value != null) {
        values.put(name, value);
      }
    }
    Platform platform = null;
    if (platformId == null) {
      v.add("platform", "is required");
    } else {
      platform = Platform.fromId(platformId).orElse(null);
      if (platform == null) {
        v.add("platform", "unknown platform '" + platformId + "'; use one of " + Platform.ids());
      }
    }
    v.throwIfAny();
    if (!methods.credentials(platform)) {
      throw methods.noCredentials(platform);
    }
    ink.octopost.networks.NetworkConnector.Identity identity;
    try {
      identity = networks.connector(platform).connect(values);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("body", e.getMessage());
    } catch (ink.octopost.networks.NetworkFailure f) {
      throw methods.failure(platform, f, "body", platform.id() + " did not accept these credentials");
    }
    return AccountView.of(accounts.connect(Connection.of(caller.workspaceId(), false, platform, identity)));
  }

  record AccountList(List<AccountView> accounts, boolean hasMore, @Nullable String nextCursor) {}

  @GetMapping
  @RequiresScope(Scope.ACCOUNTS_READ)
  @Operation(operationId = "listAccounts", summary = "List connected accounts, newest first; filter by platform",
      description = "The workspace's accounts; a test key sees the built-in sandbox accounts, one per platform.")
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
  @Operation(operationId = "getAccount", summary = "Get an account",
      description = "One account, without its credentials (they never appear in any response).")
  AccountView get(ApiKeyPrincipal caller, @PathVariable String id) {
    return AccountView.of(accounts.get(caller.workspaceId(), caller.sandbox(), id));
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @RequiresScope(Scope.ACCOUNTS_WRITE)
  @Operation(operationId = "disconnectAccount", summary = "Disconnect: the credentials are destroyed, posts keep their history",
      description = "Destroys the stored credentials; posts that went to the account keep their targets and results.")
  void disconnect(ApiKeyPrincipal caller, @PathVariable String id) {
    accounts.disconnect(caller.workspaceId(), caller.sandbox(), id);
  }

  @PostMapping("/{id}/default")
  @RequiresScope(Scope.ACCOUNTS_WRITE)
  @Operation(operationId = "makeDefaultAccount", summary = "Make this the default account for its platform",
      description = "A post that names the platform (not an account) goes to this account from now on.")
  AccountView makeDefault(ApiKeyPrincipal caller, @PathVariable String id) {
    return AccountView.of(accounts.makeDefault(caller.workspaceId(), caller.sandbox(), id));
  }
}

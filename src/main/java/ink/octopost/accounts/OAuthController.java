package ink.octopost.accounts;

import ink.octopost.auth.ApiKeyPrincipal;
import ink.octopost.auth.RequiresScope;
import ink.octopost.auth.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/accounts")
@Tag(name = "Accounts", description = "Connected network accounts (credentials never appear)")
class OAuthController {

  private final OAuthConnections connections;

  OAuthController(OAuthConnections connections) {
    this.connections = connections;
  }

  record ConnectUrl(@Schema(description = "Open this in a browser") String authUrl,
      @Schema(description = "The link works until then") Instant expiresAt) {}

  @GetMapping("/connect-url")
  @RequiresScope(Scope.ACCOUNTS_WRITE)
  @Operation(operationId = "startAccountConnection", summary = "Start an OAuth connection (X; Mastodon with instance_url): open auth_url in a browser before"
      + " expires_at; the network sends the user back to this server, which connects the account in this workspace",
      description = "Answers the network's authorization URL; after the user agrees, the network sends them back to this"
          + " server, which stores the account in the caller's workspace and emits account.connected. instance_url"
          + " names the Mastodon server. A login that grants several accounts (Facebook Pages, Instagram accounts)"
          + " connects its only one at once; two or more become a pending connection (30 minutes, single use): the"
          + " browser lands on a page to choose them, and GET/POST /v1/accounts/pending/{id} offer the same choice.")
  ConnectUrl connectUrl(
      ApiKeyPrincipal caller,
      @RequestParam(required = false) String platform,
      @RequestParam(name = "instance_url", required = false) String instanceUrl) {
    var started = connections.start(caller, platform, instanceUrl);
    return new ConnectUrl(started.authUrl(), started.expiresAt());
  }
}

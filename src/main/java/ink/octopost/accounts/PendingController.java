package ink.octopost.accounts;

import ink.octopost.auth.ApiKeyPrincipal;
import ink.octopost.auth.RequiresScope;
import ink.octopost.auth.Scope;
import ink.octopost.networks.Platform;
import ink.octopost.shared.JsonBody;
import ink.octopost.shared.Violations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The choice step of a login that granted several accounts, for API clients (the browser has its page). */
@RestController
@RequestMapping("/v1/accounts/pending")
@Tag(name = "Accounts", description = "Connected network accounts (credentials never appear)")
class PendingController {

  private final PendingConnections pending;

  PendingController(PendingConnections pending) {
    this.pending = pending;
  }

  record PendingCandidate(
      @Schema(description = "The account's id on the network: what POST names") String platformUserId,
      @Nullable String username,
      @Nullable String displayName,
      @Nullable String avatarUrl,
      @Schema(description = "The workspace has this account connected already; choosing it renews its credentials"
          + " and keeps its account id") boolean alreadyConnected) {}

  record PendingConnectionView(
      @Schema(example = "pcn_7QpZk2Lm9XwR4tVb") String id,
      @Schema(implementation = Platform.class) String platform,
      @Schema(description = "The choice can be made once, until then") Instant expiresAt,
      @Schema(description = "What the login granted, in the network's order") List<PendingCandidate> candidates) {

    static PendingConnectionView of(PendingConnections.View v) {
      return new PendingConnectionView(v.id(), v.platform().id(), v.expiresAt(), v.candidates().stream()
          .map(c -> new PendingCandidate(c.platformUserId(), c.username(), c.displayName(), c.avatarUrl(), c.alreadyConnected()))
          .toList());
    }
  }

  record ChoosePendingRequest(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The candidates to connect (at least one)")
      List<String> platformUserIds) {}

  record ConnectedAccounts(@Schema(description = "The accounts connected, in the network's order") List<AccountView> accounts) {}

  record PendingConnectionList(
      @Schema(description = "Open pending connections, newest first") List<PendingConnectionView> pendingConnections) {}

  @GetMapping
  @RequiresScope(Scope.ACCOUNTS_READ)
  @Operation(operationId = "listPendingConnections", summary = "The workspace's pending connections still open (unused,"
      + " unexpired), newest first",
      description = "For an API client that sent a user to connect-url and wants to offer the choice itself: the logins"
          + " that granted several accounts and wait for a choice (each lasts 30 minutes; at most 50 are listed).")
  PendingConnectionList list(ApiKeyPrincipal caller) {
    return new PendingConnectionList(pending.open(caller).stream().map(PendingConnectionView::of).toList());
  }

  @GetMapping("/{id}")
  @ResponseStatus(HttpStatus.OK) // with an @ApiResponse declared, springdoc lists the 200 only when told
  @RequiresScope(Scope.ACCOUNTS_READ)
  @Operation(operationId = "getPendingConnection", summary = "The accounts a login granted, to choose from (Facebook Pages,"
      + " Instagram accounts)",
      description = "After a connect-url login that granted several accounts, the callback keeps them for 30 minutes as"
          + " a pending connection and sends the browser to a page that lists them; this shows the same list to the"
          + " workspace's keys. Credentials never appear. Another workspace's pending connection is a 404.")
  @ApiResponse(responseCode = "410", description = "The pending connection was already used, or expired")
  PendingConnectionView get(ApiKeyPrincipal caller, @PathVariable String id) {
    return PendingConnectionView.of(pending.get(caller, id));
  }

  @PostMapping("/{id}")
  @ResponseStatus(HttpStatus.CREATED)
  @RequiresScope(Scope.ACCOUNTS_WRITE)
  @Operation(operationId = "choosePendingAccounts", summary = "Connect the chosen accounts of a pending connection (once)",
      description = "Connects the candidates named by platform_user_ids and uses the pending connection up (the others'"
          + " credentials are destroyed). An account the workspace already has keeps its id and gets the new"
          + " credentials; each connected account emits account.connected. Ids that are not candidates: 422 naming"
          + " them, nothing connected.")
  @ApiResponse(responseCode = "410", description = "The pending connection was already used, or expired")
  ConnectedAccounts choose(ApiKeyPrincipal caller, @PathVariable String id, @RequestBody
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
          schema = @Schema(implementation = ChoosePendingRequest.class))) JsonNode body) {
    var v = new Violations();
    var ids = JsonBody.of(body, v).strings("platform_user_ids");
    if (ids == null) {
      v.add("platform_user_ids", "is required: the platform_user_id of each candidate to connect");
    }
    v.throwIfAny();
    return new ConnectedAccounts(pending.choose(caller, id, ids).stream().map(AccountView::of).toList());
  }
}

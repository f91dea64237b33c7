package ink.octopost.webhooks;

import ink.octopost.auth.ApiKeyPrincipal;
import ink.octopost.auth.RequiresScope;
import ink.octopost.auth.Scope;
import ink.octopost.shared.Cursor;
import ink.octopost.shared.JsonBody;
import ink.octopost.shared.Violations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
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
@RequestMapping("/v1/webhooks")
@Tag(name = "Webhooks", description = "Signed event deliveries (Standard Webhooks)")
class WebhookController {

  private final WebhookService webhooks;

  WebhookController(WebhookService webhooks) {
    this.webhooks = webhooks;
  }

  record WebhookView(String id, String url, List<String> events, boolean isActive, String description,
      Instant createdAt, Instant updatedAt) {
    static WebhookView of(Webhook w) {
      return new WebhookView(w.id(), w.url(), w.events(), w.active(), w.description(), w.createdAt(), w.updatedAt());
    }
  }

  /** Create and rotate-secret only: the one time the secret is shown. */
  record WebhookWithSecret(String id, String url, List<String> events, boolean isActive, String description,
      Instant createdAt, Instant updatedAt, String secret) {
    static WebhookWithSecret of(WebhookService.WithSecret s) {
      var w = s.webhook();
      return new WebhookWithSecret(w.id(), w.url(), w.events(), w.active(), w.description(), w.createdAt(),
          w.updatedAt(), s.secret());
    }
  }

  record WebhookList(List<WebhookView> webhooks, boolean hasMore, String nextCursor) {}

  record DeliveryView(String id, String webhookId, String eventId, String eventType, String status, int attempts,
      Integer responseStatusCode, String responseBody, Integer latencyMs, String error, Instant nextAttemptAt,
      Instant lastAttemptAt, Instant deliveredAt, Instant createdAt) {
    static DeliveryView of(DeliveryStore.Delivery d) {
      return new DeliveryView(d.id(), d.webhookId(), d.eventId(), d.eventType(), d.status(), d.attempts(),
          d.responseStatus(), d.responseBody(), d.latencyMs(), d.error(),
          d.status().equals("pending") ? d.nextAttemptAt() : null, d.lastAttemptAt(), d.deliveredAt(), d.createdAt());
    }
  }

  record DeliveryList(List<DeliveryView> deliveries, boolean hasMore, String nextCursor) {}

  /** The request body (documentation; the body is read field by field for partial updates). */
  record WebhookRequest(String url, List<String> events, String description, Boolean isActive) {}

  @GetMapping
  @RequiresScope(Scope.WEBHOOKS_READ)
  @Operation(summary = "List webhooks")
  WebhookList list(ApiKeyPrincipal caller, @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    int size = Cursor.limit(limit);
    var page = webhooks.page(caller.workspaceId(), caller.sandbox(), cursor == null ? null : Cursor.parse(cursor), size)
        .map(WebhookView::of);
    return new WebhookList(page.items(), page.hasMore(), page.nextCursor());
  }

  @GetMapping("/{id}")
  @RequiresScope(Scope.WEBHOOKS_READ)
  @Operation(summary = "Get a webhook")
  WebhookView get(ApiKeyPrincipal caller, @PathVariable String id) {
    return WebhookView.of(webhooks.get(caller.workspaceId(), caller.sandbox(), id));
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @RequiresScope(Scope.WEBHOOKS_WRITE)
  @Operation(summary = "Register an endpoint; the response is the only one that shows its secret")
  WebhookWithSecret create(ApiKeyPrincipal caller, @RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content = @Content(schema = @Schema(implementation = WebhookRequest.class))) JsonNode body) {
    return WebhookWithSecret.of(webhooks.create(caller.workspaceId(), caller.sandbox(), changes(body)));
  }

  @PutMapping("/{id}")
  @RequiresScope(Scope.WEBHOOKS_WRITE)
  @Operation(summary = "Change a webhook; omitted fields keep their value; is_active true re-enables it")
  WebhookView update(ApiKeyPrincipal caller, @PathVariable String id, @RequestBody
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
          content = @Content(schema = @Schema(implementation = WebhookRequest.class))) JsonNode body) {
    return WebhookView.of(webhooks.update(caller.workspaceId(), caller.sandbox(), id, changes(body)));
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @RequiresScope(Scope.WEBHOOKS_WRITE)
  @Operation(summary = "Delete a webhook and its delivery log")
  void delete(ApiKeyPrincipal caller, @PathVariable String id) {
    webhooks.delete(caller.workspaceId(), caller.sandbox(), id);
  }

  @PostMapping("/{id}/test")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @RequiresScope(Scope.WEBHOOKS_WRITE)
  @Operation(summary = "Send a webhook.test message to this endpoint")
  DeliveryView test(ApiKeyPrincipal caller, @PathVariable String id) {
    return DeliveryView.of(webhooks.test(caller.workspaceId(), caller.sandbox(), id));
  }

  @PostMapping("/{id}/rotate-secret")
  @RequiresScope(Scope.WEBHOOKS_WRITE)
  @Operation(summary = "A new secret; the old one keeps signing, as a second signature, for 24 hours")
  WebhookWithSecret rotate(ApiKeyPrincipal caller, @PathVariable String id) {
    return WebhookWithSecret.of(webhooks.rotate(caller.workspaceId(), caller.sandbox(), id));
  }

  @GetMapping("/{id}/deliveries")
  @RequiresScope(Scope.WEBHOOKS_READ)
  @Operation(summary = "The delivery log, newest first")
  DeliveryList deliveries(ApiKeyPrincipal caller, @PathVariable String id,
      @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
    int size = Cursor.limit(limit);
    var page = webhooks.deliveries(caller.workspaceId(), caller.sandbox(), id,
        cursor == null ? null : Cursor.parse(cursor), size).map(DeliveryView::of);
    return new DeliveryList(page.items(), page.hasMore(), page.nextCursor());
  }

  @PostMapping("/{id}/deliveries/{deliveryId}/redeliver")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @RequiresScope(Scope.WEBHOOKS_WRITE)
  @Operation(summary = "Send a delivery again, with the same webhook-id")
  DeliveryView redeliver(ApiKeyPrincipal caller, @PathVariable String id, @PathVariable String deliveryId) {
    return DeliveryView.of(webhooks.redeliver(caller.workspaceId(), caller.sandbox(), id, deliveryId));
  }

  private static WebhookService.Changes changes(JsonNode root) {
    var v = new Violations();
    var body = JsonBody.of(root, v);
    for (String required : List.of("url", "events", "is_active")) {
      if (body.isNull(required)) {
        v.add(required, "cannot be null");
      }
    }
    String url = body.string("url");
    List<String> events = body.strings("events");
    String description = body.string("description");
    Boolean active = body.bool("is_active");
    v.throwIfAny();
    return new WebhookService.Changes(url == null ? null : url.strip(), events, body.has("description"), description, active);
  }
}

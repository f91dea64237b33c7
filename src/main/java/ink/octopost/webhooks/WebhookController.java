package ink.octopost.webhooks;

import ink.octopost.auth.ApiKeyPrincipal;
import ink.octopost.auth.RequiresScope;
import ink.octopost.auth.Scope;
import ink.octopost.events.EventType;
import ink.octopost.shared.Cursor;
import ink.octopost.shared.JsonBody;
import ink.octopost.shared.Violations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.Nullable;
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

  record WebhookView(@Schema(example = "wh_2xH7fK9mQ4pL8sVd") String id, String url,
      @ArraySchema(schema = @Schema(implementation = EventType.class)) List<String> events,
      @Schema(description = "false once disabled, by hand or after 5 days of failed deliveries") boolean isActive,
      @Nullable String description, Instant createdAt, Instant updatedAt) {
    static WebhookView of(Webhook w) {
      return new WebhookView(w.id(), w.url(), w.events(), w.active(), w.description(), w.createdAt(), w.updatedAt());
    }
  }

  /** Create and rotate-secret only: the one time the secret is shown. */
  record WebhookWithSecret(@Schema(example = "wh_2xH7fK9mQ4pL8sVd") String id, String url,
      @ArraySchema(schema = @Schema(implementation = EventType.class)) List<String> events, boolean isActive,
      @Nullable String description, Instant createdAt, Instant updatedAt,
      @Schema(description = "Signs the deliveries (Standard Webhooks); shown only here", example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
          String secret) {
    static WebhookWithSecret of(WebhookService.WithSecret s) {
      var w = s.webhook();
      return new WebhookWithSecret(w.id(), w.url(), w.events(), w.active(), w.description(), w.createdAt(),
          w.updatedAt(), s.secret());
    }
  }

  record WebhookList(List<WebhookView> webhooks, boolean hasMore, @Nullable String nextCursor) {}

  record DeliveryView(@Schema(example = "msg_2Hs9QkT4vXw7Lp3Rm8NcYb") String id, String webhookId,
      @Nullable @Schema(description = "null for webhook.test messages") String eventId,
      @Schema(description = "An event type, or webhook.test", example = "post.published") String eventType,
      @Schema(allowableValues = {"pending", "delivering", "delivered", "failed"}) String status, int attempts,
      @Nullable Integer responseStatusCode, @Nullable @Schema(description = "The start of the endpoint's answer") String responseBody,
      @Nullable Integer latencyMs, @Nullable String error, @Nullable Instant nextAttemptAt,
      @Nullable Instant lastAttemptAt, @Nullable Instant deliveredAt, Instant createdAt) {
    static DeliveryView of(DeliveryStore.Delivery d) {
      return new DeliveryView(d.id(), d.webhookId(), d.eventId(), d.eventType(), d.status(), d.attempts(),
          d.responseStatus(), d.responseBody(), d.latencyMs(), d.error(),
          d.status().equals("pending") ? d.nextAttemptAt() : null, d.lastAttemptAt(), d.deliveredAt(), d.createdAt());
    }
  }

  record DeliveryList(List<DeliveryView> deliveries, boolean hasMore, @Nullable String nextCursor) {}

  /** The request body (documentation; the body is read field by field for partial updates). */
  record WebhookRequest(
      @Schema(description = "https, on a public host (unless private networks are allowed); required on create",
          example = "https://example.com/octopost-events") String url,
      @ArraySchema(schema = @Schema(implementation = EventType.class),
          arraySchema = @Schema(description = "At least one; required on create")) List<String> events,
      @Nullable @Schema(maxLength = 500) String description,
      @Schema(description = "true re-enables a disabled endpoint") Boolean isActive) {}

  @GetMapping
  @RequiresScope(Scope.WEBHOOKS_READ)
  @Operation(operationId = "listWebhooks", summary = "List webhooks",
      description = "The workspace's endpoints; secrets are never listed.")
  WebhookList list(ApiKeyPrincipal caller, @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    int size = Cursor.limit(limit);
    var page = webhooks.page(caller.workspaceId(), caller.sandbox(), cursor == null ? null : Cursor.parse(cursor), size)
        .map(WebhookView::of);
    return new WebhookList(page.items(), page.hasMore(), page.nextCursor());
  }

  @GetMapping("/{id}")
  @RequiresScope(Scope.WEBHOOKS_READ)
  @Operation(operationId = "getWebhook", summary = "Get a webhook",
      description = "One endpoint, without its secret.")
  WebhookView get(ApiKeyPrincipal caller, @PathVariable String id) {
    return WebhookView.of(webhooks.get(caller.workspaceId(), caller.sandbox(), id));
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @RequiresScope(Scope.WEBHOOKS_WRITE)
  @Operation(operationId = "createWebhook", summary = "Register an endpoint; the response is the only one that shows its secret",
      description = "url and events are required. Deliveries are signed with the secret in this response (Standard"
          + " Webhooks: webhook-id, webhook-timestamp, webhook-signature); the payloads are under webhooks in this"
          + " document.")
  WebhookWithSecret create(ApiKeyPrincipal caller, @RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content = @Content(schema = @Schema(implementation = WebhookRequest.class))) JsonNode body) {
    return WebhookWithSecret.of(webhooks.create(caller.workspaceId(), caller.sandbox(), changes(body)));
  }

  @PutMapping("/{id}")
  @RequiresScope(Scope.WEBHOOKS_WRITE)
  @Operation(operationId = "updateWebhook", summary = "Change a webhook; omitted fields keep their value; is_active true re-enables it",
      description = "A partial update: only the fields sent change. is_active: true re-enables a disabled endpoint.")
  WebhookView update(ApiKeyPrincipal caller, @PathVariable String id, @RequestBody
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
          content = @Content(schema = @Schema(implementation = WebhookRequest.class))) JsonNode body) {
    return WebhookView.of(webhooks.update(caller.workspaceId(), caller.sandbox(), id, changes(body)));
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @RequiresScope(Scope.WEBHOOKS_WRITE)
  @Operation(operationId = "deleteWebhook", summary = "Delete a webhook and its delivery log",
      description = "Stops deliveries to the endpoint and deletes its delivery log.")
  void delete(ApiKeyPrincipal caller, @PathVariable String id) {
    webhooks.delete(caller.workspaceId(), caller.sandbox(), id);
  }

  @PostMapping("/{id}/test")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @RequiresScope(Scope.WEBHOOKS_WRITE)
  @Operation(operationId = "testWebhook", summary = "Send a webhook.test message to this endpoint",
      description = "Queues a signed webhook.test message to this endpoint only and answers its delivery; follow it in"
          + " the delivery log.")
  @ApiResponse(responseCode = "409", description = "The webhook is disabled")
  DeliveryView test(ApiKeyPrincipal caller, @PathVariable String id) {
    return DeliveryView.of(webhooks.test(caller.workspaceId(), caller.sandbox(), id));
  }

  @PostMapping("/{id}/rotate-secret")
  @RequiresScope(Scope.WEBHOOKS_WRITE)
  @Operation(operationId = "rotateWebhookSecret", summary = "A new secret; the old one keeps signing, as a second signature, for 24 hours",
      description = "Answers the new secret, once. For 24 hours deliveries carry two signatures, so receivers can switch"
          + " without losing any.")
  WebhookWithSecret rotate(ApiKeyPrincipal caller, @PathVariable String id) {
    return WebhookWithSecret.of(webhooks.rotate(caller.workspaceId(), caller.sandbox(), id));
  }

  @GetMapping("/{id}/deliveries")
  @RequiresScope(Scope.WEBHOOKS_READ)
  @Operation(operationId = "listWebhookDeliveries", summary = "The delivery log, newest first",
      description = "Every delivery to this endpoint with its attempts, last answer and next retry.")
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
  @Operation(operationId = "redeliverWebhookDelivery", summary = "Send a delivery again, with the same webhook-id",
      description = "Queues the delivery again, with the same webhook-id so receivers can tell it is a repeat.")
  @ApiResponse(responseCode = "409", description = "The webhook is disabled, or the delivery is being sent right now")
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

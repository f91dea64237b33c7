package ink.octopost.webhooks;

import ink.octopost.events.EventDocs;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** The {@code webhook.test} message (see {@link WebhookService#test}) under the OpenAPI document's {@code webhooks}. */
// Before the web module's customizer (lowest precedence), which adds the error envelope and the request-body schemas.
@Order(0)
@Component
class WebhookDocs implements OpenApiCustomizer {

  @Override
  public void customise(OpenAPI api) {
    var webhook = typed("object")
        .addProperty("id", typed("string").example("wh_2xH7fK9mQ4pL8sVd"))
        .addProperty("url", typed("string").example("https://example.com/octopost-events"));
    webhook.setRequired(List.of("id", "url"));
    EventDocs.add(api, "TestEvent", "webhook", webhook, List.of(Map.entry("webhook.test",
        "Sent to one endpoint by POST /v1/webhooks/{id}/test, to check that it receives and verifies messages.")));
  }

  private static Schema<Object> typed(String type) {
    var s = new Schema<Object>();
    s.setType(type);
    s.setTypes(Set.of(type));
    return s;
  }
}

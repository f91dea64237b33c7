package ink.octopost.accounts;

import ink.octopost.events.EventDocs;
import ink.octopost.events.EventType;
import ink.octopost.networks.Platform;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.Arrays;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** The account events under the OpenAPI document's {@code webhooks}, and the platform filters of account paths. */
// Before the web module's customizer (lowest precedence), which adds the error envelope and the request-body schemas.
@Order(0)
@Component
class AccountDocs implements OpenApiCustomizer {

  /** When each account event is sent; every {@code account.*} event needs a line here. */
  private static final Map<EventType, String> EVENTS = Map.of(
      EventType.ACCOUNT_CONNECTED, "An account was connected (with credentials, or at the end of an OAuth connection).",
      EventType.ACCOUNT_DISCONNECTED, "An account was disconnected; its credentials are gone.",
      EventType.ACCOUNT_NEEDS_RECONNECT, "A network refused an account's token (expired or revoked): reconnect it to"
          + " publish again.");

  @Override
  public void customise(OpenAPI api) {
    var types = Arrays.stream(EventType.values())
        .filter(t -> t.wire().startsWith("account."))
        .map(t -> {
          String text = EVENTS.get(t);
          if (text == null) {
            throw new IllegalStateException("AccountDocs.EVENTS does not describe " + t.wire());
          }
          return Map.entry(t.wire(), text);
        })
        .toList();
    EventDocs.add(api, "AccountEvent", "account", EventDocs.ref(AccountView.class.getSimpleName()), types);

    var platform = new Schema<>().$ref(Components.COMPONENTS_SCHEMAS_REF + Platform.class.getSimpleName());
    for (String path : new String[] {"/v1/accounts", "/v1/accounts/connect-url"}) {
      var item = api.getPaths().get(path);
      if (item != null && item.getGet() != null && item.getGet().getParameters() != null) {
        item.getGet().getParameters().stream().filter(p -> p.getName().equals("platform")).forEach(p -> p.schema(platform));
      }
    }
  }
}

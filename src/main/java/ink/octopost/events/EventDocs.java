package ink.octopost.events;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The webhook messages in the OpenAPI document's top-level {@code webhooks} (OpenAPI 3.1): one
 * entry per event, whose request body is the payload {@link EventOutbox} writes, {@code {id, type,
 * created_at, data: {<key>: <object>}}}, and whose parameters are the Standard Webhooks headers.
 * Each feature documents the events it emits, with the schema of the object it puts in {@code data}.
 */
public final class EventDocs {

  private EventDocs() {}

  /**
   * Adds the payload schema {@code schemaName} for messages whose {@code data.<key>} is the
   * component schema {@code dataSchema}, and one webhook per type with its description.
   *
   * @param types each message type (an {@link EventType}'s wire name, or {@code webhook.test}) and
   *     when it is sent
   */
  public static void add(OpenAPI api, String schemaName, String key, Schema<?> dataSchema,
      List<java.util.Map.Entry<String, String>> types) {
    var type = typed("string").description("The event type");
    types.forEach(t -> type.addEnumItemObject(t.getKey()));
    var data = typed("object").addProperty(key, dataSchema);
    data.setRequired(List.of(key));
    data.setAdditionalProperties(false);
    var payload = typed("object")
        .description("A webhook message: sent as the POST body, signed with the endpoint's secret")
        .addProperty("id", typed("string").description("The event id; the same in every delivery of it")
            .example("evt_9TqL3mXv7RkP2sWd"))
        .addProperty("type", type)
        .addProperty("created_at", typed("string").format("date-time"))
        .addProperty("data", data);
    payload.setRequired(List.of("id", "type", "created_at", "data"));
    payload.setAdditionalProperties(false);
    if (api.getComponents() == null) {
      api.setComponents(new Components());
    }
    api.getComponents().addSchemas(schemaName, payload);

    for (var t : types) {
      var op = new Operation()
          .operationId(operationId(t.getKey()))
          .summary(t.getKey())
          .description(t.getValue() + " Any 2xx answer within 10 seconds counts as delivered; anything else is"
              + " retried with exponential backoff for at least 24 hours.")
          .addTagsItem("Webhooks")
          .parameters(new ArrayList<>(List.of(
              header("webhook-id", "The message id (the event id); the same on every retry: use it to drop repeats", "evt_9TqL3mXv7RkP2sWd"),
              header("webhook-timestamp", "Unix seconds when this attempt was signed; refuse old ones", "1775217600"),
              header("webhook-signature", "v1,<base64 HMAC-SHA256 of \"<webhook-id>.<webhook-timestamp>.<body>\">, keyed with"
                  + " the bytes after whsec_ of the secret; two signatures, space-separated, while a rotated secret overlaps",
                  "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4="))))
          .requestBody(new RequestBody().required(true).content(new Content().addMediaType("application/json",
              new MediaType().schema(new Schema<>().$ref(Components.COMPONENTS_SCHEMAS_REF + schemaName)))))
          .responses(new ApiResponses()
              .addApiResponse("200", new ApiResponse().description("Received (any 2xx does)"))
              .addApiResponse("default", new ApiResponse().description("Anything else, or no answer within 10 seconds:"
                  + " the delivery is tried again later")));
      op.setSecurity(List.of());
      api.addWebhooks(t.getKey(), new PathItem().post(op));
    }
  }

  /** {@code post.partially_failed} → {@code postPartiallyFailedEvent}. */
  private static String operationId(String type) {
    var out = new StringBuilder();
    boolean upper = false;
    for (char c : type.toCharArray()) {
      if (c == '.' || c == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.append("Event").toString();
  }

  private static Parameter header(String name, String description, String example) {
    Parameter p = new HeaderParameter();
    p.setName(name);
    p.setDescription(description);
    p.setRequired(true);
    p.setSchema(typed("string"));
    p.setExample(example);
    return p;
  }

  private static Schema<Object> typed(String type) {
    var s = new Schema<Object>();
    s.setType(type);
    s.setTypes(Set.of(type));
    return s;
  }

  /** A reference to a component schema, for {@code dataSchema}. */
  public static Schema<?> ref(String schema) {
    return new Schema<>().$ref(Components.COMPONENTS_SCHEMAS_REF + schema);
  }
}

package ink.octopost.posts;

import ink.octopost.events.EventDocs;
import ink.octopost.events.EventType;
import ink.octopost.networks.ConnectorRegistry;
import ink.octopost.networks.Platform;
import ink.octopost.networks.PostOption;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * What the post records alone cannot tell the OpenAPI document: the schema of {@code
 * overrides.<platform>} per network (content, media and segments, plus the options that network's
 * connector offers, with their kinds and limits), the list filters of {@code GET /v1/posts}, and
 * the post events under {@code webhooks}.
 */
// Before the web module's customizer (lowest precedence), which adds the error envelope and the request-body schemas.
@Order(0)
@Component
class PostDocs implements OpenApiCustomizer {

  /** When each post event is sent; every {@code post.*} event needs a line here (the document build fails otherwise). */
  private static final Map<EventType, String> EVENTS = Map.of(
      EventType.POST_CREATED, "A post was created.",
      EventType.POST_UPDATED, "A post was changed (by an update, or approved in the queue).",
      EventType.POST_DELETED, "A post was deleted; data.post is the post as it was.",
      EventType.POST_SCHEDULED, "A post was given a time to publish at (created or updated with scheduled_for).",
      EventType.POST_PUBLISHED, "Every target of a post has finished and all of them published.",
      EventType.POST_PARTIALLY_FAILED, "Every target of a post has finished; some published and some failed.",
      EventType.POST_FAILED, "Every target of a post has finished and none published.");

  private final ConnectorRegistry networks;

  PostDocs(ConnectorRegistry networks) {
    this.networks = networks;
  }

  @Override
  public void customise(OpenAPI api) {
    overrides(api);
    filters(api);
    var types = Arrays.stream(EventType.values())
        .filter(t -> t.wire().startsWith("post."))
        .map(t -> Map.entry(t.wire(), describe(t)))
        .toList();
    EventDocs.add(api, "PostEvent", "post", EventDocs.ref(PostView.class.getSimpleName()), types);
  }

  private static String describe(EventType t) {
    String text = EVENTS.get(t);
    if (text == null) {
      throw new IllegalStateException("PostDocs.EVENTS does not describe " + t.wire());
    }
    return text;
  }

  /** {@code overrides}: one named schema per network, so a client knows which options each one takes. */
  private void overrides(OpenAPI api) {
    var schemas = api.getComponents().getSchemas();
    var all = object().description("Per-platform changes, keyed by platform id; null fields inherit from the post");
    all.setAdditionalProperties(false);
    for (Platform p : Platform.values()) {
      String name = pascal(p.id()) + "Override";
      var one = object().description("What " + p.id() + " publishes instead of the post's own content, media or"
          + " segments, and " + p.id() + "'s own options");
      one.addProperty("content", typed("string").maxLength(PostInput.MAX_CONTENT));
      one.addProperty("media", ref(Post.Media.class.getSimpleName()));
      one.addProperty("segments", typed("array").items(ref(Post.Segment.class.getSimpleName())));
      for (PostOption o : networks.capabilities(p).options()) {
        one.addProperty(o.name(), option(o));
      }
      one.setAdditionalProperties(false);
      schemas.put(name, one);
      all.addProperty(p.id(), ref(name));
    }
    schemas.put("Overrides", all);
    String overrideView = PostView.OverrideView.class.getSimpleName();
    for (var owner : List.of(PostView.class.getSimpleName(), PostController.PostRequest.class.getSimpleName())) {
      Schema<?> s = schemas.get(owner);
      if (s != null && s.getProperties() != null && s.getProperties().containsKey("overrides")) {
        s.getProperties().put("overrides", ref("Overrides"));
      }
    }
    schemas.remove(overrideView);
  }

  private static Schema<?> option(PostOption o) {
    return switch (o.kind()) {
      case CHOICE -> {
        var s = typed("string");
        o.choices().forEach(s::addEnumItemObject);
        yield s;
      }
      case TEXT -> typed("string").maxLength(o.maxLength()).description(o.countedWithText()
          ? "Counted with the post's text against the network's limit" : null);
      case FLAG -> typed("boolean");
    };
  }

  /** The filters of {@code GET /v1/posts}: their enums and formats. */
  private static void filters(OpenAPI api) {
    var list = api.getPaths().get("/v1/posts");
    if (list == null || list.getGet() == null || list.getGet().getParameters() == null) {
      return;
    }
    for (var p : list.getGet().getParameters()) {
      switch (p.getName()) {
        case "status" -> p.schema(ref(PostStatus.class.getSimpleName())).description("Only posts in this status");
        case "platform" -> p.schema(ref(Platform.class.getSimpleName())).description("Only posts with a target on this platform");
        case "account_id" -> p.description("Only posts with a target on this account");
        case "scheduled_after", "scheduled_before", "created_after", "created_before" ->
            p.schema(typed("string").format("date-time")).description("An ISO 8601 timestamp with an offset");
        default -> { }
      }
    }
  }

  private static String pascal(String id) {
    return id.substring(0, 1).toUpperCase(Locale.ROOT) + id.substring(1);
  }

  private static Schema<Object> object() {
    return typed("object");
  }

  private static Schema<Object> typed(String type) {
    var s = new Schema<Object>();
    s.setType(type);
    s.setTypes(Set.of(type));
    return s;
  }

  private static Schema<?> ref(String name) {
    return new Schema<>().$ref(Components.COMPONENTS_SCHEMAS_REF + name);
  }
}

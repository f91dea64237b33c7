package ink.octopost.posts;

import ink.octopost.events.EventDocs;
import ink.octopost.events.EventType;
import ink.octopost.networks.ConnectorRegistry;
import ink.octopost.networks.Platform;
import ink.octopost.networks.PostOption;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
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
    examples(api);
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
      var fit = typed("string").description("How images outside " + p.id() + "'s allowed aspect ratios are made to fit:"
          + " pad (to the nearest allowed ratio) or crop (centred); unset, such an image is a violation");
      fit.setEnum(new java.util.ArrayList<>(List.of("pad", "crop")));
      one.addProperty(PostInput.FIT, fit);
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

  /** Example bodies for create and validate (Redocly checks them against the schemas). */
  private static void examples(OpenAPI api) {
    var examples = new java.util.LinkedHashMap<String, Example>();
    examples.put("draft", new Example().summary("A draft for three networks").value(Map.of(
        "content", "Octopost 1.0 is out: write once, publish everywhere.",
        "platforms", List.of("twitter", "bluesky", "mastodon"))));
    examples.put("scheduled", new Example().summary("Scheduled, with Mastodon's own options").value(Map.of(
        "content", "Launch day! https://example.com/launch",
        "platforms", List.of("bluesky", "mastodon"),
        "scheduled_for", "2026-04-03T12:00:00Z",
        "overrides", Map.of("mastodon", Map.of("visibility", "unlisted", "spoiler_text", "launch news")))));
    examples.put("thread", new Example().summary("A thread with an image").value(Map.of(
        "content", "What we learned building a publishing engine (1/3)",
        "platforms", List.of("twitter", "bluesky"),
        "media", Map.of("images", List.of(Map.of("url", "https://example.com/engine.png", "alt_text", "The engine's flow"))),
        "segments", List.of(Map.of("content", "Every target is a row (2/3)"), Map.of("content", "Retries are safe (3/3)")))));
    examples.put("queued", new Example().summary("Into the queue's next free slot").value(Map.of(
        "content", "Tip of the day: presets save typing.",
        "platforms", List.of("linkedin"),
        "queue_status", "queued")));
    for (String path : List.of("/v1/posts", "/v1/posts/validate")) {
      var item = api.getPaths().get(path);
      if (item == null || item.getPost() == null || item.getPost().getRequestBody() == null) {
        continue;
      }
      var content = item.getPost().getRequestBody().getContent();
      if (content != null && content.get("application/json") != null) {
        content.get("application/json").setExamples(examples);
      }
    }
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

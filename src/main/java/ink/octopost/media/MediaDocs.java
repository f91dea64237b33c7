package ink.octopost.media;

import ink.octopost.events.EventDocs;
import ink.octopost.events.EventType;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** The media events under the OpenAPI document's {@code webhooks}. */
// Before the web module's customizer (lowest precedence), which adds the error envelope and the request-body schemas.
@Order(0)
@Component
class MediaDocs implements OpenApiCustomizer {

  @Override
  public void customise(io.swagger.v3.oas.models.OpenAPI api) {
    EventDocs.add(api, "MediaEvent", "media", EventDocs.ref("Media"), List.of(
        Map.entry(EventType.MEDIA_READY.wire(), "A file entered the library (upload, URL import, resumable upload, or a URL a"
            + " post named, imported in the background) and is ready to use."),
        Map.entry(EventType.MEDIA_FAILED.wire(), "A URL a post named could not be imported (the error says why); the post's"
            + " targets that needed it fail with media_failed.")));
  }
}

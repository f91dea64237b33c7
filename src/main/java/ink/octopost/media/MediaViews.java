package ink.octopost.media;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Renders media objects for the API and events, with a fresh signed link to the original. */
@Component
class MediaViews {

  private final ObjectProvider<SignedMediaUrls> urls;
  private final MediaProperties properties;
  private final Clock clock;

  MediaViews(ObjectProvider<SignedMediaUrls> urls, MediaProperties properties, Clock clock) {
    this.urls = urls;
    this.properties = properties;
    this.clock = clock;
  }

  MediaView view(MediaItem m) {
    SignedMediaUrls signer = urls.getIfAvailable();
    String url = m.ready() && signer != null
        ? signer.url(m.id(), null, clock.instant().plus(properties.urlTtl())).toString()
        : null;
    var variants = m.variants().stream().map(v -> {
      int colon = v.variant().indexOf(':');
      return new MediaView.VariantView(v.platform(), colon < 0 ? null : v.variant().substring(colon + 1), v.mimeType(),
          v.width(), v.height(), v.sizeBytes());
    }).toList();
    return new MediaView(m.id(), m.status(), m.error(), m.type(), m.mimeType(), m.sizeBytes(), m.width(), m.height(),
        m.durationSeconds(), m.frameRate(), m.videoCodec(), m.audioCodec(), m.sha256(), m.altText(), m.filename(),
        m.sourceUrl(), url, variants, m.createdAt());
  }
}

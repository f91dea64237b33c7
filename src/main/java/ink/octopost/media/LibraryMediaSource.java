package ink.octopost.media;

import ink.octopost.networks.MediaFile;
import ink.octopost.networks.MediaRules;
import ink.octopost.networks.MediaSource;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.Platform;
import ink.octopost.networks.PostContent;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * Connectors' media, from the library: an image is fitted to the asking network once (the variant
 * is stored and reused by every later attempt and post), a video is checked against the network's
 * limits and sent as it is, and both are read from the store as streams. Media outside the
 * library (a link card's image, a video's thumbnail URL) is fetched for the one call.
 */
@Primary
@Component
class LibraryMediaSource implements MediaSource {

  private final MediaRepository repo;
  private final MediaStore store;
  private final ImageFitter fitter;
  private final MediaProperties properties;
  private final SignedMediaUrls urls;
  private final MediaMetrics metrics;
  private final FetchingMediaSource outside;
  private final Staging staging;
  private final Clock clock;

  LibraryMediaSource(MediaRepository repo, MediaStore store, ImageFitter fitter, MediaProperties properties,
      org.springframework.beans.factory.ObjectProvider<SignedMediaUrls> urls, MediaMetrics metrics, FetchingMediaSource outside,
      ink.octopost.shared.OctopostProperties octopost, Clock clock) {
    this.repo = repo;
    this.store = store;
    this.fitter = fitter;
    this.properties = properties;
    this.urls = urls.getIfAvailable();
    this.metrics = metrics;
    this.outside = outside;
    this.staging = new Staging(octopost.dataDir().resolve("tmp").resolve("fitting"));
    this.clock = clock;
  }

  @Override
  public MediaFile image(PostContent.Image image, Platform platform, MediaRules rules) throws NetworkFailure {
    if (image.mediaId() == null) {
      return outside.image(image, platform, rules); // a link card's or a video's thumbnail: not in the library
    }
    MediaItem m = ready(image.mediaId());
    String variant = platform.id() + (image.fit() == null ? "" : ":" + image.fit());
    var existing = repo.variant(m.id(), variant);
    if (existing.isPresent()) {
      var v = existing.get();
      return new Stored(m.id(), variant, v.storageKey(), v.mimeType(), v.sizeBytes(), name(m, v.mimeType()), v.width(),
          v.height(), null);
    }
    return fit(m, variant, platform, rules, image.fit());
  }

  @Override
  public MediaFile video(PostContent.Video video, Platform platform, MediaRules rules) throws NetworkFailure {
    if (video.mediaId() == null) {
      return outside.video(video, platform, rules);
    }
    MediaItem m = ready(video.mediaId());
    if (!"video".equals(m.type())) {
      throw new NetworkFailure.Rejected("media_type", "Media " + m.id() + " is " + m.mimeType() + ", not a video");
    }
    if (!rules.videoTypes().isEmpty() && !rules.videoTypes().contains(m.mimeType())) {
      throw new NetworkFailure.Rejected("media_type", platform.id() + " does not take " + m.mimeType() + " videos (it takes "
          + String.join(", ", rules.videoTypes().stream().sorted().toList()) + ")");
    }
    if (m.sizeBytes() > rules.maxVideoBytes()) {
      throw new NetworkFailure.Rejected("video_too_large", "Video " + m.id() + " is " + m.sizeBytes() + " bytes; "
          + platform.id() + " takes videos up to " + rules.maxVideoBytes() + " bytes (videos are not transcoded)");
    }
    return new Stored(m.id(), null, m.storageKey(), m.mimeType(), m.sizeBytes(), name(m, m.mimeType()), m.width(), m.height(),
        m.durationSeconds());
  }

  private MediaFile fit(MediaItem m, String variant, Platform platform, MediaRules rules, String how) throws NetworkFailure {
    Path source = staging.newFile();
    Path out = staging.newFile();
    long started = System.nanoTime();
    try {
      try (InputStream in = store.open(m.storageKey())) {
        Files.copy(in, source, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      var p = new MediaProbe.Probe(m.mimeType(), m.type(), m.width(), m.height(), m.durationSeconds(), m.frameRate(),
          m.videoCodec(), m.audioCodec());
      var limits = rules.images();
      var target = new ImageFitter.Target(rules.maxImageBytes(), limits.maxWidth(), limits.maxHeight(), limits.maxPixels(),
          rules.imageTypes(), limits.minAspect(), limits.maxAspect(),
          how == null ? null : ImageFitter.Fit.valueOf(how.toUpperCase(Locale.ROOT)), properties.keepMetadata());
      ImageFitter.Fitted fitted;
      try {
        fitted = fitter.fit(source, p, target, out);
      } catch (MediaRefused e) {
        throw new NetworkFailure.Rejected("media_" + e.code(), "Image " + m.id() + " cannot be sent to " + platform.id() + ": "
            + e.getMessage());
      }
      String key = "media/" + m.workspaceId() + "/" + m.id() + "/" + variant.replace(':', '-');
      store.put(key, out);
      var v = new MediaItem.Variant(variant, platform.id(), fitted.mimeType(), fitted.width(), fitted.height(),
          fitted.sizeBytes(), key);
      if (!repo.insertVariant(m.id(), v, clock.instant())) {
        v = repo.variant(m.id(), variant).orElse(v); // another attempt stored it first; same content, same key
      }
      metrics.fitted(platform.id(), Duration.ofNanos(System.nanoTime() - started));
      return new Stored(m.id(), variant, v.storageKey(), v.mimeType(), v.sizeBytes(), name(m, v.mimeType()), v.width(),
          v.height(), null);
    } catch (IOException e) {
      throw new NetworkFailure.Unavailable("The media store could not be read or written: " + e.getMessage());
    } finally {
      staging.delete(source);
      staging.delete(out);
    }
  }

  private MediaItem ready(String id) throws NetworkFailure {
    var m = repo.findById(id).orElseThrow(() -> new NetworkFailure.Rejected("media_not_found", "Media " + id + " no longer exists"));
    return switch (m.status()) {
      case "ready" -> m;
      case "failed" -> throw new NetworkFailure.Rejected("media_failed", "Media " + id + " failed: " + m.error());
      default -> throw new NetworkFailure.Unavailable("Media " + id + " is still being imported");
    };
  }

  private static String name(MediaItem m, String mime) {
    String base = m.filename() == null ? "media" : m.filename().replaceAll("\\.[A-Za-z0-9]{1,5}$", "");
    base = base.replaceAll("[^A-Za-z0-9._-]", "_");
    return (base.isEmpty() ? "media" : base) + "." + Names.extension(mime);
  }

  /** One stored object as a connector reads it. */
  private final class Stored implements MediaFile {
    private final String mediaId;
    private final String variant;
    private final String key;
    private final String mime;
    private final long size;
    private final String fileName;
    private final Integer width;
    private final Integer height;
    private final Double duration;

    Stored(String mediaId, String variant, String key, String mime, long size, String fileName, Integer width, Integer height,
        Double duration) {
      this.mediaId = mediaId;
      this.variant = variant;
      this.key = key;
      this.mime = mime;
      this.size = size;
      this.fileName = fileName;
      this.width = width;
      this.height = height;
      this.duration = duration;
    }

    @Override
    public String mimeType() {
      return mime;
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public String fileName() {
      return fileName;
    }

    @Override
    public Integer width() {
      return width;
    }

    @Override
    public Integer height() {
      return height;
    }

    @Override
    public Double durationSeconds() {
      return duration;
    }

    @Override
    public InputStream open() throws IOException {
      return store.open(key);
    }

    @Override
    public InputStream open(long offset, long length) throws IOException {
      return store.open(key, offset, length);
    }

    @Override
    public URI publicUrl() {
      Instant until = clock.instant().plus(properties.urlTtl());
      if (properties.s3().publicReads()) {
        var direct = store.presignedGet(key, mime, properties.urlTtl());
        if (direct.isPresent()) {
          return direct.get();
        }
      }
      if (urls == null) {
        throw new IllegalStateException("signed media links are not configured");
      }
      return urls.url(mediaId, variant, until);
    }
  }
}

package ink.octopost.media;

import ink.octopost.networks.MediaFile;
import ink.octopost.networks.MediaRules;
import ink.octopost.networks.MediaSource;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.Platform;
import ink.octopost.networks.PostContent;
import ink.octopost.shared.OutboundHttp;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.Cleaner;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Media outside the library, for one call: a link card's image or a video's thumbnail URL,
 * streamed into a temporary file (under {@code java.io.tmpdir}) instead of memory, size-capped and
 * SSRF-checked by {@link OutboundHttp}, typed by sniffing its first bytes. Nothing is fitted: a
 * file over the network's limit or of a type it refuses is refused. A post's own images and videos
 * come from the library instead ({@link LibraryMediaSource}).
 *
 * <p>Each temporary file is deleted once its {@link MediaFile} is no longer referenced (a
 * {@link Cleaner}); open streams keep reading an unlinked file.
 */
@Component
class FetchingMediaSource implements MediaSource {

  private static final Cleaner CLEANER = Cleaner.create();
  private static final String PREFIX = "octopost-media-";

  private final OutboundHttp http;
  private final Path dir;

  @Autowired
  FetchingMediaSource(OutboundHttp http) {
    this(http, Path.of(System.getProperty("java.io.tmpdir")));
  }

  FetchingMediaSource(OutboundHttp http, Path dir) {
    this.http = http;
    this.dir = dir;
  }

  @Override
  public MediaFile image(PostContent.Image image, Platform platform, MediaRules rules) throws NetworkFailure {
    if (image.url() == null) {
      throw unavailable(image.mediaId());
    }
    long cap = Math.max(rules.maxImageBytes(), rules.images().maxGifBytes());
    var file = fetch(image.url(), cap, rules.imageTypes());
    long limit = rules.maxBytesFor(file.mimeType());
    if (file.size() > limit) {
      throw new NetworkFailure.Rejected("media_rejected", tooLarge(image.url(), limit));
    }
    return file;
  }

  @Override
  public MediaFile video(PostContent.Video video, Platform platform, MediaRules rules) throws NetworkFailure {
    if (video.url() == null) {
      throw unavailable(video.mediaId());
    }
    return fetch(video.url(), rules.maxVideoBytes(), rules.videoTypes());
  }

  private static NetworkFailure unavailable(String mediaId) {
    return new NetworkFailure.Rejected("media_unavailable", mediaId == null
        ? "The media has neither a URL nor a media id"
        : "Media " + mediaId + " cannot be sent yet: media library objects are not served to networks on this server");
  }

  /**
   * Downloads {@code url}, at most {@code maxBytes}, into a temporary file and checks the sniffed
   * type is one of {@code accepted} (empty: any). Refusals are permanent (a bad URL, a refused
   * address, a 4xx, too large, a type the network refuses); an unreachable server, a 5xx or a
   * broken transfer is worth another try.
   */
  TempFile fetch(String url, long maxBytes, Set<String> accepted) throws NetworkFailure {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new NetworkFailure.Rejected("media_rejected", "not a valid URL: " + url);
    }
    Path file;
    try {
      file = Files.createTempFile(dir, PREFIX, ".part");
    } catch (IOException e) {
      throw new NetworkFailure.Unavailable("could not store the media from " + url + " for upload: " + e.getMessage());
    }
    boolean keep = false;
    try {
      var response = http.sendToFile(OutboundHttp.request(uri).GET().build(), file, maxBytes);
      if (response.statusCode() != 200) {
        String message = "fetching " + url + " answered HTTP " + response.statusCode();
        if (response.statusCode() >= 500) {
          throw new NetworkFailure.Unavailable(message);
        }
        throw new NetworkFailure.Rejected("media_rejected", message);
      }
      String type = sniff(file);
      if (!accepted.isEmpty() && !accepted.contains(type)) {
        throw new NetworkFailure.Rejected("media_rejected", "media at " + url + " is " + type
            + ", which this network does not accept (it takes " + String.join(", ", accepted.stream().sorted().toList()) + ")");
      }
      var media = new TempFile(file, type, response.body(), fileName(uri, type));
      keep = true;
      return media;
    } catch (OutboundHttp.Blocked e) {
      throw new NetworkFailure.Rejected("media_rejected", "media URL refused: " + e.getMessage());
    } catch (OutboundHttp.TooLarge e) {
      throw new NetworkFailure.Rejected("media_rejected", tooLarge(url, maxBytes));
    } catch (IOException e) {
      throw new NetworkFailure.Unavailable("could not fetch " + url + ": " + e.getMessage());
    } finally {
      if (!keep) {
        delete(file);
      }
    }
  }

  private static String tooLarge(String url, long limit) {
    return "media at " + url + " is larger than the network's limit of " + limit + " bytes";
  }

  private static String sniff(Path file) throws IOException {
    try (var in = Files.newInputStream(file)) {
      return MediaTypes.sniff(in.readNBytes(64));
    }
  }

  /** The URL's last path segment, reduced to letters, digits, dots, dashes and underscores. */
  static String fileName(URI uri, String type) {
    String path = uri.getPath() == null ? "" : uri.getPath();
    String name = path.isEmpty() || path.endsWith("/") ? "" : path.substring(path.lastIndexOf('/') + 1);
    name = name.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[.-]+", "");
    if (name.length() > 100) {
      name = name.substring(name.length() - 100);
    }
    if (name.isEmpty()) {
      name = "media" + extension(type);
    } else if (!name.contains(".")) {
      name = name + extension(type);
    }
    return name;
  }

  private static String extension(String type) {
    return switch (type) {
      case "image/jpeg" -> ".jpg";
      case "video/quicktime" -> ".mov";
      case "application/octet-stream" -> ".bin";
      default -> "." + type.substring(type.indexOf('/') + 1).toLowerCase(Locale.ROOT);
    };
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // tmpdir is cleaned by the system in the end
    }
  }

  /** A downloaded file; deleted when no longer referenced. */
  static final class TempFile implements MediaFile {
    private final Path path;
    private final String mimeType;
    private final long size;
    private final String fileName;

    TempFile(Path path, String mimeType, long size, String fileName) {
      this.path = path;
      this.mimeType = mimeType;
      this.size = size;
      this.fileName = fileName;
      CLEANER.register(this, () -> delete(path));
    }

    @Override
    public String mimeType() {
      return mimeType;
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
      return null;
    }

    @Override
    public Integer height() {
      return null;
    }

    @Override
    public Double durationSeconds() {
      return null;
    }

    @Override
    public InputStream open() throws IOException {
      return Files.newInputStream(path);
    }

    @Override
    public URI publicUrl() {
      throw new UnsupportedOperationException("media fetched from a URL has no signed public URL; the media library gives one");
    }

    Path path() {
      return path;
    }

    @Override
    public String toString() {
      return "TempFile[" + fileName + ", " + mimeType + ", " + size + " bytes]";
    }
  }
}

package ink.octopost.media;

import ink.octopost.shared.OutboundHttp;
import java.io.IOException;
import java.net.URI;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Downloads a post's media for upload to a network. */
@Component
public class MediaFetcher {

  /** Bytes and the MIME type sniffed from them ({@code application/octet-stream} when unknown). */
  public record Media(byte[] bytes, String mimeType, String fileName) {
    public boolean isImage() {
      return mimeType.startsWith("image/");
    }

    public boolean isVideo() {
      return mimeType.startsWith("video/");
    }
  }

  /** Why a piece of media cannot be used. */
  public static final class MediaException extends Exception {
    private final boolean retryable;

    MediaException(String message, boolean retryable) {
      super(message, null, false, false);
      this.retryable = retryable;
    }

    /** True when trying again later may work (the server was unreachable). */
    public boolean retryable() {
      return retryable;
    }
  }

  private final OutboundHttp http;

  public MediaFetcher(OutboundHttp http) {
    this.http = http;
  }

  /**
   * Fetches {@code url}, at most {@code maxBytes}, and checks the sniffed type is one of {@code
   * accepted} (empty: any).
   */
  public Media fetch(String url, long maxBytes, Set<String> accepted) throws MediaException {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new MediaException("not a valid URL: " + url, false);
    }
    byte[] bytes;
    try {
      var response = http.send(OutboundHttp.request(uri).GET().build(), maxBytes);
      if (response.statusCode() != 200) {
        throw new MediaException("fetching " + url + " answered HTTP " + response.statusCode(), response.statusCode() >= 500);
      }
      bytes = response.body();
    } catch (OutboundHttp.Blocked e) {
      throw new MediaException("media URL refused: " + e.getMessage(), false);
    } catch (OutboundHttp.TooLarge e) {
      throw new MediaException("media at " + url + " is larger than the network's limit of " + maxBytes + " bytes", false);
    } catch (IOException e) {
      throw new MediaException("could not fetch " + url + ": " + e.getMessage(), true);
    }
    String type = MediaTypes.sniff(bytes);
    if (!accepted.isEmpty() && !accepted.contains(type)) {
      throw new MediaException("media at " + url + " is " + type + ", which this network does not accept (it takes "
          + String.join(", ", accepted.stream().sorted().toList()) + ")", false);
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String name = path.isEmpty() || path.endsWith("/") ? "media" : path.substring(path.lastIndexOf('/') + 1);
    return new Media(bytes, type, name);
  }
}

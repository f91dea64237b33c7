package ink.octopost.media;

import ink.octopost.shared.OutboundHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Downloads a URL into a staging file through the SSRF-safe client: every redirect hop is checked
 * like the first URL (at most five), the size is capped while streaming, and the whole download is
 * cut off after the import timeout, so a server that answers slowly forever cannot hold an import.
 */
@Component
class UrlImports {

  private static final int MAX_REDIRECTS = 5;

  record Fetched(Staging.Copied copied, String filename) {}

  /** Why a URL could not be imported, in words for the user. */
  static final class ImportFailed extends Exception {
    private final boolean retryable;
    private final boolean tooLarge;

    ImportFailed(String message, boolean retryable, boolean tooLarge) {
      super(message, null, false, false);
      this.retryable = retryable;
      this.tooLarge = tooLarge;
    }

    boolean retryable() {
      return retryable;
    }

    boolean tooLarge() {
      return tooLarge;
    }
  }

  private final OutboundHttp http;
  private final Duration timeout;
  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("media-import-watchdog").factory());

  UrlImports(OutboundHttp http, MediaProperties properties) {
    this.http = http;
    this.timeout = properties.importTimeout();
  }

  Fetched fetch(String url, Path file, long max) throws ImportFailed {
    URI uri;
    try {
      uri = URI.create(url.strip());
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw new ImportFailed("'" + url + "' is not a valid http(s) URL", false, false);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpResponse<InputStream> response;
      try {
        Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000));
        response = http.stream(OutboundHttp.request(uri).timeout(left.compareTo(OutboundHttp.DEFAULT_TIMEOUT) < 0
            ? left : OutboundHttp.DEFAULT_TIMEOUT).GET().build());
      } catch (OutboundHttp.Blocked e) {
        throw new ImportFailed("the URL is refused: " + e.getMessage(), false, false);
      } catch (IOException e) {
        throw new ImportFailed("could not fetch " + uri + ": " + e.getMessage(), true, false);
      }
      int status = response.statusCode();
      if (status >= 300 && status < 400 && response.headers().firstValue("Location").isPresent()) {
        close(response.body());
        try {
          uri = uri.resolve(response.headers().firstValue("Location").get());
        } catch (IllegalArgumentException e) {
          throw new ImportFailed(uri + " redirects to an invalid URL", false, false);
        }
        continue;
      }
      if (status != 200) {
        close(response.body());
        boolean retryable = status >= 500 || status == 408 || status == 429;
        throw new ImportFailed("fetching " + uri + " answered HTTP " + status, retryable, false);
      }
      long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (declared > max) {
        close(response.body());
        throw new ImportFailed("the file at " + uri + " is " + declared + " bytes, over the limit", false, true);
      }
      var body = response.body();
      var cutOff = watchdog.schedule(() -> close(body), Math.max(deadline - System.nanoTime(), 1), TimeUnit.NANOSECONDS);
      try (body) {
        var copied = Staging.copy(body, file, max);
        return new Fetched(copied, Names.lastSegment(uri.getPath() == null ? "" : uri.getPath()));
      } catch (Staging.OverLimit e) {
        throw new ImportFailed("the file at " + uri + " is over the limit", false, true);
      } catch (IOException e) {
        if (System.nanoTime() >= deadline) {
          throw new ImportFailed("fetching " + uri + " took longer than " + timeout.toSeconds()
              + " s (OCTOPOST_MEDIA_IMPORT_TIMEOUT) and was cut off", false, false);
        }
        throw new ImportFailed("fetching " + uri + " broke off: " + e.getMessage(), true, false);
      } finally {
        cutOff.cancel(false);
      }
    }
    throw new ImportFailed(url + " redirects more than " + MAX_REDIRECTS + " times", false, false);
  }

  private static void close(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // closing to abandon the answer
    }
  }
}

package ink.octopost.media;

import ink.octopost.shared.ApiException;
import ink.octopost.shared.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;

/**
 * The public end of signed media links, {@code GET}/{@code HEAD /media/{id}/{signature}}: no API
 * key (the path is outside {@code /v1}, which is all that asks for one), the signature is the
 * permission. Unknown ids, altered or expired signatures and media that is not ready all get the
 * same 404, so a caller learns nothing from trying. The bytes stream from the store with their
 * stored type (never one the request suggests), length, and single byte ranges, which video
 * players and Meta's fetcher use; the response is written here, past content negotiation, so any
 * {@code Accept} gets the bytes. With presigned reads on (S3), it redirects to the bucket instead.
 */
@Controller
class MediaLinkController {

  private static final Logger log = LoggerFactory.getLogger(MediaLinkController.class);
  private static final int BUFFER = 64 * 1024;

  private final SignedMediaUrls urls;
  private final MediaLocator locator;
  private final MediaStore store;
  private final Clock clock;

  MediaLinkController(SignedMediaUrls urls, MediaLocator locator, MediaStore store, Clock clock) {
    this.urls = urls;
    this.locator = locator;
    this.store = store;
    this.clock = clock;
  }

  @RequestMapping(path = "/media/{id}/{signature}", method = {RequestMethod.GET, RequestMethod.HEAD})
  void serve(@PathVariable String id, @PathVariable String signature, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Instant now = clock.instant();
    var grant = urls.verify(id, signature, now).orElseThrow(MediaLinkController::notFound);
    var stored = locator.locate(grant.mediaId(), grant.variant()).orElseThrow(MediaLinkController::notFound);
    String contentType = MediaLinks.contentType(stored.mimeType());
    Duration left = Duration.between(now, grant.expiresAt());
    String cacheControl = "private, max-age=" + Math.max(0, left.toSeconds());

    var presigned = store.presignedGet(stored.storageKey(), contentType, Duration.ofSeconds(Math.max(1, left.toSeconds())));
    if (presigned.isPresent()) {
      response.setStatus(HttpServletResponse.SC_FOUND);
      response.setHeader("Location", presigned.get().toString());
      response.setHeader("Cache-Control", cacheControl);
      response.setContentLength(0);
      return;
    }

    long size;
    try {
      size = stored.sizeBytes() >= 0 ? stored.sizeBytes() : store.size(stored.storageKey());
    } catch (NoSuchFileException e) {
      throw missingObject(id, stored);
    } catch (IOException e) {
      throw unavailable(id, e);
    }
    String etag = etag(stored, size);
    response.setHeader("Accept-Ranges", "bytes");
    response.setHeader("ETag", etag);
    response.setHeader("Cache-Control", cacheControl);
    response.setHeader("X-Content-Type-Options", "nosniff");
    if (matches(request.getHeader("If-None-Match"), etag)) {
      response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
      return;
    }
    String ifRange = request.getHeader("If-Range");
    ByteRange range = ifRange == null || ifRange.strip().equals(etag)
        ? ByteRange.of(request.getHeader("Range"), size)
        : new ByteRange.Whole();
    switch (range) {
      case ByteRange.Unsatisfiable u -> throw new ApiException(ErrorCode.RANGE_NOT_SATISFIABLE,
          "The requested range is not within the media's " + size + " bytes", Map.of("size_bytes", size),
          Map.of("Content-Range", "bytes */" + size, "Accept-Ranges", "bytes"));
      case ByteRange.Slice s -> send(request, response, stored, id, contentType, true, s.start(), s.length(), size);
      case ByteRange.Whole w -> send(request, response, stored, id, contentType, false, 0, size, size);
    }
  }

  /**
   * Sends {@code length} bytes from {@code start}: a {@code partial} answer (to a satisfiable Range,
   * even one that covers every byte, as players asking {@code bytes=0-} expect) is a 206 with
   * Content-Range.
   */
  private void send(HttpServletRequest request, HttpServletResponse response, MediaLibrary.Stored stored, String id,
      String contentType, boolean partial, long start, long length, long size) throws IOException {
    boolean whole = start == 0 && length == size;
    if ("HEAD".equals(request.getMethod())) {
      head(response, stored, id, contentType, partial, start, length, size);
      return;
    }
    InputStream in;
    try {
      in = whole ? store.open(stored.storageKey()) : store.open(stored.storageKey(), start, length);
    } catch (NoSuchFileException e) {
      throw missingObject(id, stored);
    } catch (IOException e) {
      throw unavailable(id, e);
    }
    head(response, stored, id, contentType, partial, start, length, size);
    try (in) {
      OutputStream out = response.getOutputStream();
      byte[] buffer = new byte[BUFFER];
      long left = length;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          // The store held less than the database says: the headers are gone, so cut the connection
          // rather than end a response shorter than its Content-Length as if it were whole.
          throw new IOException("media " + id + " ended " + left + " bytes early in the store");
        }
        out.write(buffer, 0, n);
        left -= n;
      }
    }
  }

  /** The headers of a successful answer (an error answers in the envelope, without them). */
  private static void head(HttpServletResponse response, MediaLibrary.Stored stored, String id, String contentType,
      boolean partial, long start, long length, long size) {
    response.setStatus(partial ? HttpServletResponse.SC_PARTIAL_CONTENT : HttpServletResponse.SC_OK);
    response.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
    response.setHeader("Content-Disposition", MediaLinks.contentDisposition(stored.filename(), id, stored.mimeType()));
    if (partial) {
      response.setHeader("Content-Range", "bytes " + start + "-" + (start + length - 1) + "/" + size);
    }
    response.setContentType(contentType);
    response.setContentLengthLong(length);
  }

  private static ApiException unavailable(String id, IOException e) {
    log.warn("Media store unavailable reading {}: {}", id, e.getMessage());
    return new ApiException(ErrorCode.UNAVAILABLE, "The media store is temporarily unavailable; try again shortly",
        Map.of(), Map.of("Retry-After", "5"));
  }

  private static ApiException notFound() {
    return ApiException.notFound("Media");
  }

  private static ApiException missingObject(String id, MediaLibrary.Stored stored) {
    log.warn("Media {} is ready but its object {} is missing from the store", id, stored.storageKey());
    return notFound();
  }

  /** A strong validator of what is served: the stored object's key and size (keys are never reused for other bytes). */
  private static String etag(MediaLibrary.Stored stored, long size) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest((stored.storageKey() + "\n" + size).getBytes(StandardCharsets.UTF_8));
      return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 22) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.strip();
      if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }
}

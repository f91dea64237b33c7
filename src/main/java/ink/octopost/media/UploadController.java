package ink.octopost.media;

import ink.octopost.auth.ApiKeyPrincipal;
import ink.octopost.auth.RequiresScope;
import ink.octopost.auth.Scope;
import ink.octopost.shared.ApiException;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/uploads}: the tus 1.0.0 resumable upload protocol, for files too large or links too
 * flaky for one {@code POST /v1/media}. The protocol's own headers carry everything (see
 * docs/media-uploads.md); errors still come in the JSON envelope. Kept out of the OpenAPI
 * document: tus clients (tus-js-client, Uppy, TUSKit, tus-android-client) speak it, not generated
 * code.
 */
@Hidden
@RestController
@RequestMapping("/v1/uploads")
class UploadController {

  static final String MEDIA_ID = "Octopost-Media-Id";
  static final String UPLOAD_ERROR = "Octopost-Upload-Error";
  static final String EXTENSIONS = "creation,creation-with-upload,checksum,expiration,termination";
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private final ResumableUploads uploads;

  UploadController(ResumableUploads uploads) {
    this.uploads = uploads;
  }

  @RequestMapping(method = RequestMethod.OPTIONS, path = {"", "/{id}"})
  @RequiresScope(Scope.MEDIA_WRITE)
  ResponseEntity<Void> options(ApiKeyPrincipal principal) {
    return ResponseEntity.noContent()
        .header("Tus-Version", TusFilter.VERSION)
        .header("Tus-Extension", EXTENSIONS)
        .header("Tus-Max-Size", Long.toString(uploads.maxSize()))
        .header("Tus-Checksum-Algorithm", String.join(",", ChunkChecksum.ALGORITHMS.keySet()))
        .build();
  }

  @PostMapping
  @RequiresScope(Scope.MEDIA_WRITE)
  ResponseEntity<Void> create(
      ApiKeyPrincipal principal,
      HttpServletRequest request,
      @RequestHeader(name = "Upload-Length", required = false) String length,
      @RequestHeader(name = "Upload-Defer-Length", required = false) String defer,
      @RequestHeader(name = "Upload-Metadata", required = false) String metadata,
      @RequestHeader(name = "Upload-Checksum", required = false) String checksum) throws IOException {
    var upload = uploads.create(principal.workspaceId(), length, defer, metadata);
    String location = "/v1/uploads/" + upload.id();
    var response = ResponseEntity.status(HttpStatus.CREATED)
        .header(HttpHeaders.LOCATION, location)
        .header("Upload-Expires", HTTP_DATE.format(upload.expiresAt()));
    if (carriesBytes(request)) { // creation-with-upload
      ResumableUploads.Progress progress;
      try {
        progress = patch(principal, upload.id(), "0", checksum, request);
      } catch (ApiException e) {
        var headers = new LinkedHashMap<>(e.headers());
        headers.put(HttpHeaders.LOCATION, location);
        throw new ApiException(e.code(), e.getMessage(), e.details(), headers);
      }
      progressHeaders(response, progress);
    }
    return response.build();
  }

  @RequestMapping(method = RequestMethod.HEAD, path = "/{id}")
  @RequiresScope(Scope.MEDIA_WRITE)
  ResponseEntity<Void> head(ApiKeyPrincipal principal, @PathVariable String id) {
    var upload = uploads.find(principal.workspaceId(), id);
    var response = ResponseEntity.ok()
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .header("Upload-Length", Long.toString(upload.length()));
    if (upload.metadata() != null) {
      response.header("Upload-Metadata", upload.metadata());
    }
    if (upload.error() != null) {
      response.header(UPLOAD_ERROR, ResumableUploads.printable(upload.error()));
    }
    progressHeaders(response, uploads.progress(upload));
    return response.build();
  }

  @PatchMapping("/{id}")
  @RequiresScope(Scope.MEDIA_WRITE)
  ResponseEntity<Void> append(
      ApiKeyPrincipal principal,
      @PathVariable String id,
      @RequestHeader(name = "Upload-Offset", required = false) String offset,
      @RequestHeader(name = "Upload-Checksum", required = false) String checksum,
      HttpServletRequest request) throws IOException {
    if (!isUploadBytes(request.getContentType())) {
      throw new ApiException(ink.octopost.shared.ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "A PATCH to an upload must be sent as Content-Type: " + TusFilter.BYTES);
    }
    var response = ResponseEntity.noContent();
    progressHeaders(response, patch(principal, id, offset, checksum, request));
    return response.build();
  }

  @DeleteMapping("/{id}")
  @RequiresScope(Scope.MEDIA_WRITE)
  ResponseEntity<Void> terminate(ApiKeyPrincipal principal, @PathVariable String id) {
    uploads.terminate(principal.workspaceId(), id);
    return ResponseEntity.noContent().build();
  }

  private ResumableUploads.Progress patch(
      ApiKeyPrincipal principal, String id, String offset, String checksum, HttpServletRequest request) throws IOException {
    InputStream body = request.getInputStream();
    return uploads.patch(principal.workspaceId(), id, offset, checksum, request.getContentLengthLong(), body);
  }

  private static void progressHeaders(ResponseEntity.HeadersBuilder<?> response, ResumableUploads.Progress p) {
    response.header("Upload-Offset", Long.toString(p.offset()));
    if (p.mediaId() != null) {
      response.header(MEDIA_ID, p.mediaId());
    } else if (p.offset() < p.length()) {
      response.header("Upload-Expires", format(p.expiresAt()));
    }
  }

  static String format(Instant at) {
    return HTTP_DATE.format(at);
  }

  private static boolean carriesBytes(HttpServletRequest request) {
    return isUploadBytes(request.getContentType())
        && (request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null);
  }

  static boolean isUploadBytes(String contentType) {
    return contentType != null && contentType.strip().toLowerCase(Locale.ROOT).startsWith(TusFilter.BYTES);
  }
}

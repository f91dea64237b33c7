package ink.octopost.shared;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/** The error codes of the v1 contract, each with the one HTTP status it travels with. */
public enum ErrorCode {
  BAD_REQUEST(HttpStatus.BAD_REQUEST),
  UNAUTHORIZED(HttpStatus.UNAUTHORIZED),
  FORBIDDEN(HttpStatus.FORBIDDEN),
  NOT_FOUND(HttpStatus.NOT_FOUND),
  NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE),
  CONFLICT(HttpStatus.CONFLICT),
  /** A resumable upload that expired or was terminated (tus). */
  GONE(HttpStatus.GONE),
  /** A {@code Tus-Resumable} version this server does not speak. */
  PRECONDITION_FAILED(HttpStatus.PRECONDITION_FAILED),
  PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE),
  /** A body of a type the endpoint does not take (a tus PATCH not sent as application/offset+octet-stream). */
  UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE),
  /** A byte range outside a media file (signed media links). */
  RANGE_NOT_SATISFIABLE(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE),
  VALIDATION_ERROR(HttpStatus.UNPROCESSABLE_CONTENT),
  IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_CONTENT),
  /** Another request is writing to the same resumable upload right now. */
  LOCKED(HttpStatus.LOCKED),
  /** tus's own status: the chunk's Upload-Checksum does not match the bytes received. */
  CHECKSUM_MISMATCH(HttpStatusCode.valueOf(460)),
  RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS),
  INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR),
  UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE);

  private final HttpStatusCode status;

  ErrorCode(HttpStatusCode status) {
    this.status = status;
  }

  public HttpStatusCode status() {
    return status;
  }

  /** The wire form: {@code not_found}, {@code validation_error}, ... */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

package ink.octopost.shared;

import org.springframework.http.HttpStatus;

/** The error codes of the v1 contract, each with the one HTTP status it travels with. */
public enum ErrorCode {
  BAD_REQUEST(HttpStatus.BAD_REQUEST),
  UNAUTHORIZED(HttpStatus.UNAUTHORIZED),
  FORBIDDEN(HttpStatus.FORBIDDEN),
  NOT_FOUND(HttpStatus.NOT_FOUND),
  NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE),
  CONFLICT(HttpStatus.CONFLICT),
  PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE),
  RANGE_NOT_SATISFIABLE(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE),
  VALIDATION_ERROR(HttpStatus.UNPROCESSABLE_CONTENT),
  IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_CONTENT),
  RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS),
  INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR),
  UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE);

  private final HttpStatus status;

  ErrorCode(HttpStatus status) {
    this.status = status;
  }

  public HttpStatus status() {
    return status;
  }

  /** The wire form: {@code not_found}, {@code validation_error}, ... */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

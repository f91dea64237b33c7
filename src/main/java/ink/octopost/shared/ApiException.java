package ink.octopost.shared;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one exception type that carries an error to the client. Thrown anywhere (a filter, a
 * service, a controller) and rendered once, at the HTTP edge, into the documented envelope.
 */
public class ApiException extends RuntimeException {

  private final ErrorCode code;
  private final transient Map<String, Object> details;
  private final transient Map<String, String> headers;

  public ApiException(ErrorCode code, String message) {
    this(code, message, Map.of(), Map.of());
  }

  public ApiException(
      ErrorCode code, String message, Map<String, Object> details, Map<String, String> headers) {
    super(message, null, false, false);
    this.code = code;
    this.details = Map.copyOf(details);
    this.headers = Map.copyOf(headers);
  }

  public ErrorCode code() {
    return code;
  }

  public Map<String, Object> details() {
    return details;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(ErrorCode.BAD_REQUEST, message);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(ErrorCode.UNAUTHORIZED, message);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(ErrorCode.FORBIDDEN, message);
  }

  /** {@code notFound("Post")} gives "Post not found"; never says whether it exists elsewhere. */
  public static ApiException notFound(String what) {
    return new ApiException(ErrorCode.NOT_FOUND, what + " not found");
  }

  public static ApiException conflict(String message) {
    return new ApiException(ErrorCode.CONFLICT, message);
  }

  /** A 422 naming one field. */
  public static ApiException invalid(String field, String message) {
    return invalid(List.of(new FieldViolation(field, message)));
  }

  /** A 422 naming every broken field; the message repeats the first for humans. */
  public static ApiException invalid(List<FieldViolation> violations) {
    var first = violations.getFirst();
    var details = new LinkedHashMap<String, Object>();
    details.put("fields", List.copyOf(violations));
    String message =
        first.field() == null || first.field().isEmpty()
            ? first.message()
            : first.field() + ": " + first.message();
    return new ApiException(ErrorCode.VALIDATION_ERROR, message, details, Map.of());
  }

  /** One broken rule of a request body, as the contract lists it in {@code details.fields}. */
  public record FieldViolation(String field, String message) {}
}

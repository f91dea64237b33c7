package ink.octopost.web;

import ink.octopost.shared.ApiException;
import ink.octopost.shared.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.EOFException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.catalina.connector.ClientAbortException;
import org.apache.coyote.BadRequestException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns any throwable into the {@link ApiException} the client sees. Client errors keep their
 * meaning; the database being unreachable is a 503; anything else is a bug: a 500 that says
 * nothing about its cause to the client and everything to the log.
 */
final class ErrorTranslator {

  private static final Logger log = LoggerFactory.getLogger(ErrorTranslator.class);

  private ErrorTranslator() {}

  static ApiException translate(Throwable error, HttpServletRequest request) {
    ApiException api = find(error, ApiException.class);
    if (api != null) {
      return api;
    }
    ApiException framing = framing(error);
    if (framing != null) {
      return framing;
    }
    return switch (error) {
      case HttpMessageNotReadableException e -> unreadable(e);
      case HttpMediaTypeNotSupportedException e -> {
        String accepted = e.getSupportedMediaTypes().stream().anyMatch(t -> t.isCompatibleWith(MediaType.MULTIPART_FORM_DATA))
            ? "application/json or multipart/form-data" : "application/json";
        yield ApiException.badRequest(
            request.getContentType() == null
                ? "Missing Content-Type: send the body as " + accepted
                : "Unsupported Content-Type '" + request.getContentType() + "': send " + accepted);
      }
      case HttpRequestMethodNotSupportedException e ->
          new ApiException(
              ErrorCode.BAD_REQUEST,
              "Method " + e.getMethod() + " is not supported on " + request.getRequestURI(),
              Map.of("allowed_methods", e.getSupportedMethods() == null ? List.of() : List.of(e.getSupportedMethods())),
              e.getSupportedMethods() == null ? Map.of() : Map.of("Allow", String.join(", ", e.getSupportedMethods())));
      case NoResourceFoundException e -> noSuchPath(request);
      case NoHandlerFoundException e -> noSuchPath(request);
      case MethodArgumentTypeMismatchException e ->
          ApiException.badRequest("Invalid value for '" + e.getName() + "'");
      case MissingServletRequestParameterException e ->
          ApiException.badRequest("Missing query parameter '" + e.getParameterName() + "'");
      case MissingRequestHeaderException e ->
          ApiException.badRequest("Missing header '" + e.getHeaderName() + "'");
      case HttpMediaTypeNotAcceptableException e -> notAcceptable(e, request);
      case MaxUploadSizeExceededException e -> uploadTooLarge(e);
      case InvalidParameterException e ->
          ApiException.badRequest("A query parameter could not be decoded: percent-escapes must encode valid UTF-8");
      case CannotGetJdbcConnectionException e -> unavailable(e);
      case CannotCreateTransactionException e -> unavailable(e);
      case DataAccessResourceFailureException e -> unavailable(e);
      case QueryTimeoutException e -> unavailable(e);
      case ErrorResponse e when e.getStatusCode().is4xxClientError() ->
          new ApiException(forStatus(e.getStatusCode().value()), e.getBody().getDetail() == null ? "Bad request" : e.getBody().getDetail());
      default -> {
        log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), error);
        yield new ApiException(ErrorCode.INTERNAL_ERROR, "Internal error: the server failed to handle this request");
      }
    };
  }

  /** The code a bare status (from the container's error page) travels with. */
  static ErrorCode forStatus(int status) {
    return switch (status) {
      case 401 -> ErrorCode.UNAUTHORIZED;
      case 403 -> ErrorCode.FORBIDDEN;
      case 404 -> ErrorCode.NOT_FOUND;
      case 406 -> ErrorCode.NOT_ACCEPTABLE;
      case 409 -> ErrorCode.CONFLICT;
      case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
      case 416 -> ErrorCode.RANGE_NOT_SATISFIABLE;
      case 422 -> ErrorCode.VALIDATION_ERROR;
      case 429 -> ErrorCode.RATE_LIMITED;
      case 503 -> ErrorCode.UNAVAILABLE;
      default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.BAD_REQUEST;
    };
  }

  /** A multipart upload the container refused while reading it: which of its limits it passed. */
  private static ApiException uploadTooLarge(MaxUploadSizeExceededException e) {
    String cause = String.valueOf(e.getMostSpecificCause().getMessage()).toLowerCase(java.util.Locale.ROOT);
    if (cause.contains("count") || cause.contains("parts")) {
      return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
          "The upload has too many parts: send one 'file' part and, if you like, an 'alt_text' part");
    }
    if (cause.contains("header")) {
      return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "A part of the upload has headers that are too long");
    }
    return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "The upload is larger than any file may be: images at most"
        + " OCTOPOST_MEDIA_MAX_IMAGE_SIZE (50 MiB unless set), videos at most OCTOPOST_MEDIA_MAX_VIDEO_SIZE (1 GiB unless set)");
  }

  static ApiException tooLarge() {
    return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "Request body is too large");
  }

  private static ApiException noSuchPath(HttpServletRequest request) {
    return new ApiException(
        ErrorCode.NOT_FOUND, "No such endpoint: " + request.getMethod() + " " + request.getRequestURI());
  }

  private static ApiException unavailable(Exception e) {
    log.warn("Database unavailable: {}", e.getMessage());
    return new ApiException(
        ErrorCode.UNAVAILABLE,
        "The service is temporarily unavailable; try again shortly",
        Map.of(),
        Map.of("Retry-After", "5"));
  }

  /**
   * A body that breaks HTTP framing (a bad chunk-size line, fewer bytes than its Content-Length
   * before the client stopped sending): Tomcat reports it as an I/O error while the body is read.
   */
  private static ApiException framing(Throwable error) {
    BadRequestException bad = find(error, BadRequestException.class);
    if (bad != null) {
      return ApiException.badRequest("Malformed request body: " + bad.getMessage());
    }
    // An end of stream counts only where Tomcat read the request: the same exception from the
    // database driver or an outbound call is the server's trouble, not the client's.
    if (find(error, java.sql.SQLException.class) != null) {
      return null;
    }
    EOFException eof = find(error, EOFException.class);
    if (eof != null && readingTheRequest(eof) || find(error, ClientAbortException.class) != null) {
      return ApiException.badRequest("The request body ended before the length it announced (Content-Length or chunk size)");
    }
    return null;
  }

  private static boolean readingTheRequest(Throwable t) {
    for (var frame : t.getStackTrace()) {
      if (frame.getClassName().startsWith("org.apache.coyote.") || frame.getClassName().startsWith("org.apache.tomcat.util.net.")) {
        return true;
      }
    }
    return false;
  }

  private static ApiException notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
    var produced = e.getSupportedMediaTypes().stream().map(Object::toString).toList();
    String accept = String.valueOf(request.getHeader("Accept"));
    return new ApiException(ErrorCode.NOT_ACCEPTABLE,
        produced.isEmpty()
            ? "Cannot answer in " + accept
            : "Cannot answer in " + accept + ": this endpoint answers in " + String.join(", ", produced),
        produced.isEmpty() ? Map.of() : Map.of("available", produced), Map.of());
  }

  private static ApiException unreadable(HttpMessageNotReadableException e) {
    var limit = find(e, StreamConstraintsException.class);
    if (limit != null) {
      return ApiException.badRequest(String.valueOf(limit.getOriginalMessage()).contains("nesting depth")
          ? "The JSON body is nested too deeply (at most " + StreamReadConstraints.DEFAULT_MAX_DEPTH + " levels)"
          : "The JSON body exceeds a parser limit (a number, name or string is too long)");
    }
    Throwable cause = e.getMostSpecificCause();
    if (cause instanceof UnrecognizedPropertyException) {
      return ApiException.invalid(path((DatabindException) cause), "is not a known field");
    }
    if (cause instanceof MismatchedInputException mismatch
        && !String.valueOf(mismatch.getOriginalMessage()).startsWith("Trailing token")) {
      if (mismatch.getPath().isEmpty() && mismatch.getTargetType() == null) {
        return ApiException.badRequest("A JSON request body is required");
      }
      String expected = mismatch.getTargetType() == null ? "another type" : describe(mismatch.getTargetType());
      return ApiException.invalid(path(mismatch), "must be " + expected);
    }
    if (cause instanceof StreamReadException || cause instanceof DatabindException) {
      var location = cause instanceof StreamReadException sre && sre.getLocation() != null
          ? " at line " + sre.getLocation().getLineNr() + ", column " + sre.getLocation().getColumnNr()
          : "";
      return ApiException.badRequest("Malformed JSON" + location);
    }
    return ApiException.badRequest("A JSON request body is required");
  }

  private static String describe(Class<?> type) {
    if (type == String.class || type.isEnum()) {
      return "a string";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
      return "an ISO 8601 timestamp with an offset";
    }
    return "an object";
  }

  private static String path(DatabindException e) {
    var sb = new StringBuilder();
    for (var ref : e.getPath()) {
      if (ref.getPropertyName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.isEmpty() ? "body" : sb.toString();
  }

  private static <T extends Throwable> T find(Throwable error, Class<T> type) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

}

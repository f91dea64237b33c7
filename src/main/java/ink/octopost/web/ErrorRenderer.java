package ink.octopost.web;

import ink.octopost.shared.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes an {@link ApiException} as the documented envelope, from a filter or a controller. */
@Component
class ErrorRenderer {

  private final JsonMapper json;

  ErrorRenderer(JsonMapper json) {
    this.json = json;
  }

  ErrorBody body(ApiException e, HttpServletRequest request) {
    return new ErrorBody(e.getMessage(), e.code().code(), e.details(), RequestIds.of(request));
  }

  ResponseEntity<ErrorBody> entity(ApiException e, HttpServletRequest request) {
    var builder = ResponseEntity.status(e.code().status()).contentType(MediaType.APPLICATION_JSON);
    e.headers().forEach(builder::header);
    return builder.body(body(e, request));
  }

  /** For failures outside Spring MVC. Keeps headers already set (request id, rate limits). */
  void write(ApiException e, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    response.resetBuffer();
    response.setStatus(e.code().status().value());
    e.headers().forEach(response::setHeader);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    byte[] bytes = json.writeValueAsBytes(body(e, request));
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
    response.flushBuffer();
  }
}

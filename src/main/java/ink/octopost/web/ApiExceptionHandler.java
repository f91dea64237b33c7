package ink.octopost.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every exception a controller or Spring MVC raises, rendered as the envelope. */
@RestControllerAdvice
class ApiExceptionHandler {

  private final ErrorRenderer renderer;

  ApiExceptionHandler(ErrorRenderer renderer) {
    this.renderer = renderer;
  }

  @ExceptionHandler(Throwable.class)
  ResponseEntity<ErrorBody> handle(Throwable error, HttpServletRequest request) {
    return renderer.entity(ErrorTranslator.translate(error, request), request);
  }
}

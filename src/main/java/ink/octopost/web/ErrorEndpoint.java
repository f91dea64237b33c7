package ink.octopost.web;

import ink.octopost.shared.ApiException;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page ({@code /error}): what fails outside Spring MVC (a rejected request
 * line, a servlet error) still answers in the envelope, never Spring's default page.
 */
@RestController
class ErrorEndpoint implements ErrorController {

  private final ErrorRenderer renderer;

  ErrorEndpoint(ErrorRenderer renderer) {
    this.renderer = renderer;
  }

  @RequestMapping("/error")
  ResponseEntity<ErrorBody> error(HttpServletRequest request, HttpServletResponse response) {
    // Tomcat sends some requests here without running the filters (a TRACE it refuses): the
    // request id header must not depend on them.
    if (!response.containsHeader(RequestIds.HEADER)) {
      response.setHeader(RequestIds.HEADER, RequestIds.of(request));
    }
    Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    ApiException e;
    if (exception instanceof Throwable t) {
      e = ErrorTranslator.translate(t, request);
    } else {
      Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
      int code = status instanceof Integer i ? i : 404;
      var errorCode = ErrorTranslator.forStatus(code);
      String message = code == 404 ? "Not found" : reason(errorCode);
      e = new ApiException(errorCode, message);
    }
    return renderer.entity(e, request);
  }

  private static String reason(ink.octopost.shared.ErrorCode code) {
    var known = org.springframework.http.HttpStatus.resolve(code.status().value());
    return known != null ? known.getReasonPhrase() : "Request refused";
  }
}

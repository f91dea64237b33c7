package ink.octopost.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The outermost Octopost filter: gives every request its id (response header, log context) and
 * renders whatever a later filter throws as the error envelope, so filters just throw.
 */
class EdgeFilter extends OncePerRequestFilter {

  private final ErrorRenderer renderer;

  EdgeFilter(ErrorRenderer renderer) {
    this.renderer = renderer;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException {
    String id = RequestIds.assign(request);
    response.setHeader(RequestIds.HEADER, id);
    MDC.put("request_id", id);
    try {
      chain.doFilter(request, response);
    } catch (ServletException | IOException | RuntimeException e) {
      Throwable cause = e instanceof ServletException se && se.getRootCause() != null ? se.getRootCause() : e;
      renderer.write(ErrorTranslator.translate(cause, request), request, response);
    } finally {
      MDC.remove("request_id");
    }
  }
}

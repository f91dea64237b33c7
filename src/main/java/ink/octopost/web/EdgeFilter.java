package ink.octopost.web;

import ink.octopost.shared.ApiException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
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
      refuseHostileRequestParts(request);
      chain.doFilter(request, response);
    } catch (ApiException e) {
      renderer.write(e, request, response);
    } catch (ServletException | IOException | RuntimeException e) {
      Throwable cause = e instanceof ServletException se && se.getRootCause() != null ? se.getRootCause() : e;
      renderer.write(ErrorTranslator.translate(cause, request), request, response);
    } finally {
      MDC.remove("request_id");
    }
  }

  /**
   * What Tomcat lets through but nothing behind it can use: a NUL in the query (PostgreSQL refuses
   * it in any text parameter) and a wildcard Content-Type (a body type must be concrete).
   */
  private static void refuseHostileRequestParts(HttpServletRequest request) {
    String query = request.getQueryString();
    if (query != null && (query.contains("%00") || query.indexOf('\0') >= 0)) {
      throw ApiException.badRequest("The query string contains a NUL character (%00)");
    }
    String type = request.getContentType();
    if (type != null) {
      MediaType media;
      try {
        media = MediaType.parseMediaType(type);
      } catch (InvalidMediaTypeException e) {
        throw ApiException.badRequest("Unsupported Content-Type '" + type + "': send application/json");
      }
      if (media.isWildcardType() || media.isWildcardSubtype()) {
        throw ApiException.badRequest("Content-Type cannot be a wildcard ('" + type + "'): send application/json");
      }
    }
  }
}

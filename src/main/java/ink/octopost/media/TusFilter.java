package ink.octopost.media;

import ink.octopost.shared.ApiException;
import ink.octopost.shared.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The protocol frame of tus around {@code /v1/uploads}, before authentication so that every answer
 * carries it: {@code Tus-Resumable} on every response, a request in another protocol version (or
 * none) refused with 412 and the versions spoken, and {@code X-HTTP-Method-Override} honoured (for
 * clients behind proxies that drop PATCH and DELETE).
 */
final class TusFilter extends OncePerRequestFilter {

  static final String VERSION = "1.0.0";
  static final String BYTES = "application/offset+octet-stream";
  private static final Set<String> OVERRIDABLE = Set.of("PATCH", "DELETE", "HEAD", "OPTIONS");

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getServletPath();
    return !(path.equals("/v1/uploads") || path.startsWith("/v1/uploads/"));
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    response.setHeader("Tus-Resumable", VERSION);
    String override = request.getHeader("X-HTTP-Method-Override");
    HttpServletRequest effective = request;
    if (override != null && "POST".equals(request.getMethod())) {
      String method = override.strip().toUpperCase(Locale.ROOT);
      if (!OVERRIDABLE.contains(method)) {
        throw ApiException.badRequest("X-HTTP-Method-Override may name PATCH, DELETE, HEAD or OPTIONS, not '"
            + ResumableUploads.printable(override) + "'");
      }
      effective = new HttpServletRequestWrapper(request) {
        @Override
        public String getMethod() {
          return method;
        }
      };
    }
    if (!"OPTIONS".equals(effective.getMethod())) {
      String version = request.getHeader("Tus-Resumable");
      if (version == null || !VERSION.equals(version.strip())) {
        response.setHeader("Tus-Version", VERSION);
        throw new ApiException(ErrorCode.PRECONDITION_FAILED,
            version == null
                ? "Missing header 'Tus-Resumable': this endpoint speaks the tus resumable upload protocol " + VERSION
                : "Tus-Resumable '" + ResumableUploads.printable(version) + "' is not supported: this server speaks " + VERSION,
            Map.of("tus_version", VERSION), Map.of("Tus-Version", VERSION));
      }
    }
    chain.doFilter(effective, response);
  }
}

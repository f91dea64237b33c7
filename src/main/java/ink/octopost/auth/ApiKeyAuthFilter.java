package ink.octopost.auth;

import ink.octopost.shared.ApiException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every {@code /v1} request (the OpenAPI document excepted) by {@code Authorization:
 * Bearer <key>} or {@code X-API-Key: <key>}. Unknown, malformed and revoked keys all get the same
 * 401, so a caller learns nothing about which keys exist.
 */
class ApiKeyAuthFilter extends OncePerRequestFilter {

  private final ApiKeyService keys;

  ApiKeyAuthFilter(ApiKeyService keys) {
    this.keys = keys;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getServletPath();
    return !(path.equals("/v1") || path.startsWith("/v1/")) || path.startsWith("/v1/openapi.json");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String presented = presentedKey(request);
    var principal =
        keys.authenticate(presented)
            .orElseThrow(() -> ApiException.unauthorized("Invalid or revoked API key"));
    request.setAttribute(ApiKeyPrincipal.ATTRIBUTE, principal);
    chain.doFilter(request, response);
  }

  private static String presentedKey(HttpServletRequest request) {
    String authorization = request.getHeader("Authorization");
    String apiKey = request.getHeader("X-API-Key");
    String bearer = null;
    if (authorization != null) {
      String[] parts = authorization.trim().split("\\s+");
      if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
        throw ApiException.unauthorized(
            "Malformed Authorization header: expected 'Bearer <api key>'");
      }
      bearer = parts[1];
    }
    if (apiKey != null) {
      apiKey = apiKey.trim();
    }
    if (bearer != null && apiKey != null && !bearer.equals(apiKey)) {
      throw ApiException.unauthorized("Authorization and X-API-Key name different keys");
    }
    String key = bearer != null ? bearer : apiKey;
    if (key == null || key.isEmpty()) {
      throw ApiException.unauthorized(
          "Missing API key: send 'Authorization: Bearer <api key>' or 'X-API-Key: <api key>'");
    }
    return key;
  }
}

package ink.octopost.auth;

import ink.octopost.shared.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling: the key, its workspace and user, its mode and scopes, and the workspace's plan
 * tier. Controllers declare it as a parameter; filters read it from the request.
 */
public record ApiKeyPrincipal(
    String keyId,
    String workspaceId,
    String userId,
    KeyMode mode,
    Set<Scope> scopes,
    String planTier,
    Names names) {

  /**
   * The names of the key's user and workspace, read with the key (and cached with it, like the
   * plan tier), so that {@code GET /v1/me} needs no query of its own.
   */
  public record Names(String userEmail, String userName, String workspaceName) {}

  static final String ATTRIBUTE = ApiKeyPrincipal.class.getName();

  /** Test keys see and create only sandbox data. */
  public boolean sandbox() {
    return mode == KeyMode.TEST;
  }

  public boolean has(Scope scope) {
    return scopes.contains(scope);
  }

  public static Optional<ApiKeyPrincipal> of(HttpServletRequest request) {
    return Optional.ofNullable((ApiKeyPrincipal) request.getAttribute(ATTRIBUTE));
  }

  public static ApiKeyPrincipal require(HttpServletRequest request) {
    return of(request).orElseThrow(() -> ApiException.unauthorized("Missing API key"));
  }
}

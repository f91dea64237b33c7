package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Google's OAuth 2.0 endpoints for {@link FakeYouTube} (networks.md 9.1): the consent screen (which
 * consents at once and redirects with a code), and {@code POST /token} for the authorization-code grant
 * with PKCE and the refresh-token grant ({@code invalid_grant} for a dead token). One Google user, owning
 * the channels added to it.
 */
public final class FakeGoogleAuth {

  private String clientId;
  private String clientSecret;
  private String redirect;
  private final Map<String, String> channels = new LinkedHashMap<>();
  private final Set<String> access = ConcurrentHashMap.newKeySet();
  private final Set<String> refresh = ConcurrentHashMap.newKeySet();
  /** code → PKCE challenge, redirect URI. */
  private final Map<String, String[]> codes = new ConcurrentHashMap<>();
  private final AtomicBoolean rotate = new AtomicBoolean();
  private volatile String lastScope = "";
  private volatile Map<String, String> lastAuthorize = Map.of();
  private final String firstAccess = "ya29." + UUID.randomUUID();
  private final String firstRefresh = "1//" + UUID.randomUUID();

  FakeGoogleAuth() {
    access.add(firstAccess);
    refresh.add(firstRefresh);
  }

  public void app(String id, String secret, String redirectUri) {
    clientId = id;
    clientSecret = secret;
    redirect = redirectUri;
  }

  synchronized void channel(String id, String title) {
    channels.put(id, title);
  }

  synchronized Map<String, String> channels() {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(channels));
  }

  synchronized String firstChannel() {
    return channels.isEmpty() ? null : channels.keySet().iterator().next();
  }

  String accessToken() {
    return firstAccess;
  }

  public String refreshToken() {
    return firstRefresh;
  }

  boolean validAccess(String token) {
    return access.contains(token);
  }

  /** Every access token expires (refresh tokens still work). */
  public void expireAccessTokens() {
    access.clear();
  }

  /** The user revoked Octopost: every token dies. */
  public void revoke() {
    access.clear();
    refresh.clear();
  }

  /** Whether a refresh hands out a new refresh token (Google usually keeps the old one). */
  public void rotateRefreshTokens(boolean on) {
    rotate.set(on);
  }

  public String lastScope() {
    return lastScope;
  }

  public Map<String, String> lastAuthorize() {
    return lastAuthorize;
  }

  void handle(HttpExchange ex, String path) throws IOException {
    if (path.equals("/o/oauth2/v2/auth")) {
      authorize(ex);
    } else {
      token(ex);
    }
  }

  private void authorize(HttpExchange ex) throws IOException {
    var q = new LinkedHashMap<String, String>();
    LoopbackHttp.form(ex.getRequestURI().getRawQuery(), q);
    lastAuthorize = Map.copyOf(q);
    if (clientId == null || !clientId.equals(q.get("client_id")) || !redirect.equals(q.get("redirect_uri"))) {
      LoopbackHttp.plain(ex, 400, "Error 400: redirect_uri_mismatch or invalid_client");
      return;
    }
    if (!"code".equals(q.get("response_type")) || !"S256".equals(q.get("code_challenge_method"))
        || q.get("code_challenge") == null || !q.getOrDefault("scope", "").contains("youtube.upload")) {
      LoopbackHttp.plain(ex, 400, "Error 400: invalid_request");
      return;
    }
    lastScope = q.get("scope");
    String code = "4/" + UUID.randomUUID();
    codes.put(code, new String[] {q.get("code_challenge"), q.get("redirect_uri")});
    ex.getResponseHeaders().add("Location", redirect + "?code=" + code + "&state=" + q.get("state"));
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  private void token(HttpExchange ex) throws IOException {
    var p = LoopbackHttp.params(ex).values();
    if (clientId == null || !clientId.equals(p.get("client_id")) || !clientSecret.equals(p.get("client_secret"))) {
      LoopbackHttp.json(ex, 401, Map.of("error", "invalid_client", "error_description", "The OAuth client was not found."));
      return;
    }
    switch (p.getOrDefault("grant_type", "")) {
      case "authorization_code" -> {
        String[] c = codes.remove(p.getOrDefault("code", ""));
        if (c == null || !c[1].equals(p.get("redirect_uri")) || !c[0].equals(challenge(p.getOrDefault("code_verifier", "")))) {
          invalidGrant(ex, "Malformed auth code.");
          return;
        }
        String a = "ya29." + UUID.randomUUID();
        String r = "1//" + UUID.randomUUID();
        access.add(a);
        refresh.add(r);
        LoopbackHttp.json(ex, 200, Map.of("access_token", a, "expires_in", 3599, "refresh_token", r,
            "scope", lastScope, "token_type", "Bearer"));
      }
      case "refresh_token" -> {
        String r = p.getOrDefault("refresh_token", "");
        if (!refresh.contains(r)) {
          invalidGrant(ex, "Token has been expired or revoked.");
          return;
        }
        String a = "ya29." + UUID.randomUUID();
        access.add(a);
        var answer = new LinkedHashMap<String, Object>(Map.of("access_token", a, "expires_in", 3599, "token_type", "Bearer"));
        if (rotate.get()) {
          String nr = "1//" + UUID.randomUUID();
          refresh.remove(r);
          refresh.add(nr);
          answer.put("refresh_token", nr);
        }
        LoopbackHttp.json(ex, 200, answer);
      }
      default -> LoopbackHttp.json(ex, 400, Map.of("error", "unsupported_grant_type"));
    }
  }

  private static void invalidGrant(HttpExchange ex, String why) throws IOException {
    LoopbackHttp.json(ex, 400, Map.of("error", "invalid_grant", "error_description", why));
  }

  private static String challenge(String verifier) {
    try {
      return Base64.getUrlEncoder().withoutPadding()
          .encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

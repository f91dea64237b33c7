package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TikTok Login Kit as networks.md 8.1 describes it: the consent page {@code /v2/auth/authorize/}
 * ({@code client_key}, comma-separated scopes, PKCE S256 challenge required; approves at once as
 * {@link #approveAs}) and {@code POST /v2/oauth/token/} (form: {@code client_key}, {@code
 * client_secret}, a single-use code bound to its redirect URI and checked against the verifier,
 * or {@code grant_type=refresh_token}). Refresh tokens rotate: each refresh issues a new one and
 * the old one stops working. OAuth errors in TikTok's OAuth shape ({@code error}, {@code
 * error_description}, {@code log_id}).
 */
public final class FakeTikTokAuth {

  public static final Set<String> KNOWN_SCOPES = Set.of("user.info.basic", "video.publish", "video.upload");
  public static final long ACCESS_SECONDS = 7200;
  public static final long REFRESH_SECONDS = 15_552_000;

  /** An access token: whose, and until when. */
  public record Token(String openId, String clientKey, Instant expiresAt) {}

  /** A fresh access and refresh token pair. */
  public record Pair(String accessToken, String refreshToken) {}

  private record Client(String secret, Set<String> redirectUris) {}

  private record Code(String openId, String clientKey, String redirectUri, String challenge, Instant expiresAt) {}

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Client> clients = new LinkedHashMap<>();
  private final Map<String, Code> codes = new LinkedHashMap<>();
  private final Map<String, Token> tokens = new LinkedHashMap<>();
  private final Map<String, Token> refreshTokens = new LinkedHashMap<>();
  private final List<String> log = new ArrayList<>();
  private String approver;

  FakeTikTokAuth(Clock clock) {
    this.clock = clock;
  }

  public synchronized void client(String key, String secret, String... redirectUris) {
    clients.put(key, new Client(secret, Set.of(redirectUris)));
  }

  public synchronized void approveAs(String openId) {
    approver = openId;
  }

  /** The token endpoint's grant types, in order. */
  public synchronized List<String> tokenRequests() {
    return List.copyOf(log);
  }

  /** A token pair for a connected account, as a login would have left it. */
  public synchronized Pair issue(String clientKey, String openId) {
    return pair(openId, clientKey);
  }

  public synchronized void expire(String accessToken) {
    var t = tokens.get(accessToken);
    if (t != null) {
      tokens.put(accessToken, new Token(t.openId(), t.clientKey(), clock.instant().minusSeconds(1)));
    }
  }

  /** The user removes the app: its access and refresh tokens stop working. */
  public synchronized void revokeAll(String openId) {
    tokens.values().removeIf(t -> t.openId().equals(openId));
    refreshTokens.values().removeIf(t -> t.openId().equals(openId));
  }

  /** The token's grant, or null when unknown, revoked or expired. */
  public synchronized Token valid(String accessToken) {
    var t = tokens.get(accessToken == null ? "" : accessToken);
    return t == null || !clock.instant().isBefore(t.expiresAt()) ? null : t;
  }

  public synchronized boolean refreshTokenWorks(String refreshToken) {
    return refreshTokens.containsKey(refreshToken);
  }

  /** GET /v2/auth/authorize/. */
  void authorize(HttpExchange ex) throws IOException {
    var q = new LinkedHashMap<String, String>();
    LoopbackHttp.form(ex.getRequestURI().getRawQuery(), q);
    String location;
    synchronized (this) {
      var client = clients.get(q.get("client_key"));
      String redirect = q.get("redirect_uri");
      if (client == null || redirect == null || !client.redirectUris().contains(redirect)) {
        LoopbackHttp.plain(ex, 400, "invalid client_key or redirect_uri");
        return;
      }
      var scopes = Set.of(q.getOrDefault("scope", "").split(","));
      String problem = !"code".equals(q.get("response_type")) ? "response_type must be code"
          : !KNOWN_SCOPES.containsAll(scopes) ? "invalid scope " + q.get("scope")
          : q.get("code_challenge") == null || !"S256".equals(q.get("code_challenge_method")) ? "code_challenge (S256) is required"
          : approver == null ? "nobody is logged in" : null;
      if (problem != null) {
        LoopbackHttp.plain(ex, 400, problem);
        return;
      }
      String code = random();
      codes.put(code, new Code(approver, q.get("client_key"), redirect, q.get("code_challenge"),
          clock.instant().plus(Duration.ofMinutes(10))));
      location = redirect + "?code=" + enc(code) + "&scopes=" + enc(q.get("scope"))
          + (q.get("state") == null ? "" : "&state=" + enc(q.get("state")));
    }
    ex.getResponseHeaders().add("Location", location);
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  /** POST /v2/oauth/token/. */
  void token(HttpExchange ex) throws IOException {
    var form = LoopbackHttp.params(ex).values();
    Map<String, Object> answer;
    synchronized (this) {
      log.add(form.getOrDefault("grant_type", "?"));
      var client = clients.get(form.getOrDefault("client_key", ""));
      if (!"POST".equals(ex.getRequestMethod()) || client == null || !client.secret().equals(form.get("client_secret"))) {
        error(ex, "invalid_client", "Client key or secret is incorrect.");
        return;
      }
      String key = form.get("client_key");
      switch (form.getOrDefault("grant_type", "")) {
        case "authorization_code" -> {
          var code = codes.remove(form.getOrDefault("code", "")); // single use
          if (code == null || !clock.instant().isBefore(code.expiresAt()) || !code.clientKey().equals(key)
              || !code.redirectUri().equals(form.get("redirect_uri"))) {
            error(ex, "invalid_grant", "Authorization code is expired or invalid.");
            return;
          }
          if (!code.challenge().equals(s256(form.getOrDefault("code_verifier", "")))) {
            error(ex, "invalid_grant", "Code verifier does not match the code challenge.");
            return;
          }
          answer = answer(code.openId(), key);
        }
        case "refresh_token" -> {
          var t = refreshTokens.remove(form.getOrDefault("refresh_token", "")); // rotates: the old one dies
          if (t == null || !t.clientKey().equals(key) || !clock.instant().isBefore(t.expiresAt())) {
            error(ex, "invalid_grant", "Refresh token is invalid or expired.");
            return;
          }
          answer = answer(t.openId(), key);
        }
        default -> {
          error(ex, "unsupported_grant_type", "Unsupported grant type.");
          return;
        }
      }
    }
    LoopbackHttp.json(ex, 200, answer);
  }

  private Map<String, Object> answer(String openId, String key) {
    var p = pair(openId, key);
    var out = new LinkedHashMap<String, Object>();
    out.put("open_id", openId);
    out.put("scope", String.join(",", KNOWN_SCOPES));
    out.put("access_token", p.accessToken());
    out.put("expires_in", ACCESS_SECONDS);
    out.put("refresh_token", p.refreshToken());
    out.put("refresh_expires_in", REFRESH_SECONDS);
    out.put("token_type", "Bearer");
    return out;
  }

  private Pair pair(String openId, String key) {
    Instant now = clock.instant();
    String access = "act." + random();
    String refresh = "rft." + random();
    tokens.put(access, new Token(openId, key, now.plusSeconds(ACCESS_SECONDS)));
    refreshTokens.put(refresh, new Token(openId, key, now.plusSeconds(REFRESH_SECONDS)));
    return new Pair(access, refresh);
  }

  private static void error(HttpExchange ex, String code, String description) throws IOException {
    LoopbackHttp.json(ex, 400, Map.of("error", code, "error_description", description, "log_id", "L" + System.nanoTime()));
  }

  static String s256(String verifier) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String random() {
    byte[] b = new byte[24];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}

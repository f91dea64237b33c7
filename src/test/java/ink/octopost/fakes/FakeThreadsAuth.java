package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 * Threads' OAuth as networks.md 5.1 describes it: the consent page on {@code /oauth/authorize}
 * (comma-separated scopes; approves at once as {@link #approveAs}), {@code POST /oauth/access_token}
 * (client id and secret in the form, code single use and bound to its redirect URI) giving a
 * one-hour token and the {@code user_id}, {@code GET /access_token?grant_type=th_exchange_token}
 * for a 60-day token, and {@code GET /refresh_access_token?grant_type=th_refresh_token}, which
 * refuses a token younger than 24 hours or expired. Errors in Meta's envelope. No PKCE.
 */
public final class FakeThreadsAuth {

  public static final Set<String> KNOWN_SCOPES = Set.of("threads_basic", "threads_content_publish", "threads_manage_replies",
      "threads_delete", "threads_read_replies", "threads_manage_insights");
  public static final long LONG_LIVED_SECONDS = 5_183_944;

  /** A token as issued: whose, which scopes, short- or long-lived, and when. */
  public record Token(String userId, String clientId, Set<String> scopes, boolean longLived, Instant issuedAt,
      Instant expiresAt) {}

  private record Client(String secret, Set<String> redirectUris) {}

  private record Code(String userId, String clientId, String redirectUri, Set<String> scopes, Instant expiresAt) {}

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Client> clients = new LinkedHashMap<>();
  private final Map<String, Code> codes = new LinkedHashMap<>();
  private final Map<String, Token> tokens = new LinkedHashMap<>();
  private final List<String> log = new ArrayList<>();
  private String approver;
  private boolean denyNext;

  FakeThreadsAuth(Clock clock) {
    this.clock = clock;
  }

  public synchronized void client(String id, String secret, String... redirectUris) {
    clients.put(id, new Client(secret, Set.of(redirectUris)));
  }

  public synchronized void approveAs(String userId) {
    approver = userId;
  }

  public synchronized void denyNext() {
    denyNext = true;
  }

  /** The token endpoints' grant types, in order ({@code authorization_code}, {@code th_exchange_token}, ...). */
  public synchronized List<String> tokenRequests() {
    return List.copyOf(log);
  }

  /** A long-lived token with every scope, issued {@code age} ago (a token must be a day old to refresh). */
  public synchronized String issue(String clientId, String userId, Duration age) {
    Instant issued = clock.instant().minus(age);
    return put(new Token(userId, clientId, KNOWN_SCOPES, true, issued, issued.plusSeconds(LONG_LIVED_SECONDS)));
  }

  public synchronized void expire(String token) {
    var t = tokens.get(token);
    if (t != null) {
      tokens.put(token, new Token(t.userId(), t.clientId(), t.scopes(), t.longLived(), t.issuedAt(), clock.instant().minusSeconds(1)));
    }
  }

  /** The user removes the app: the token stops working for good. */
  public synchronized void revoke(String token) {
    tokens.remove(token);
  }

  /** The token's grant, or null when unknown, revoked or expired. */
  public synchronized Token valid(String token) {
    var t = tokens.get(token);
    return t == null || !clock.instant().isBefore(t.expiresAt()) ? null : t;
  }

  /** Why a token is refused, in Meta's words, or null. */
  synchronized String refusal(String token) {
    var t = tokens.get(token == null ? "" : token);
    if (t == null) {
      return "Invalid OAuth access token - Cannot parse access token";
    }
    return clock.instant().isBefore(t.expiresAt()) ? null : "Error validating access token: Session has expired";
  }

  /** GET /oauth/authorize. */
  void authorize(HttpExchange ex) throws IOException {
    var q = new LinkedHashMap<String, String>();
    LoopbackHttp.form(ex.getRequestURI().getRawQuery(), q);
    String location;
    synchronized (this) {
      var client = clients.get(q.get("client_id"));
      String redirect = q.get("redirect_uri");
      if (client == null || redirect == null || !client.redirectUris().contains(redirect)) {
        FakeThreads.error(ex, 400, 100, 0, "Invalid platform app", "OAuthException");
        return;
      }
      var scopes = Set.of(q.getOrDefault("scope", "").split(","));
      String problem = !"code".equals(q.get("response_type")) ? "response_type must be code"
          : !scopes.contains("threads_basic") ? "threads_basic is required"
          : !KNOWN_SCOPES.containsAll(scopes) ? "Invalid Scopes: " + q.get("scope")
          : approver == null ? "nobody is logged in" : null;
      if (problem != null) {
        FakeThreads.error(ex, 400, 100, 0, problem, "OAuthException");
        return;
      }
      String state = q.get("state") == null ? "" : "&state=" + enc(q.get("state"));
      if (denyNext) {
        denyNext = false;
        location = redirect + "?error=access_denied&error_reason=user_denied&error_description=Permissions+error" + state;
      } else {
        String code = random();
        codes.put(code, new Code(approver, q.get("client_id"), redirect, scopes, clock.instant().plus(Duration.ofMinutes(10))));
        location = redirect + "?code=" + enc(code) + state;
      }
    }
    ex.getResponseHeaders().add("Location", location);
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  /** POST /oauth/access_token: a code for a short-lived token. */
  void accessToken(HttpExchange ex) throws IOException {
    var form = LoopbackHttp.params(ex).values();
    Map<String, Object> answer;
    synchronized (this) {
      log.add(form.getOrDefault("grant_type", "?"));
      var client = clients.get(form.getOrDefault("client_id", ""));
      if (!"POST".equals(ex.getRequestMethod()) || client == null || !client.secret().equals(form.get("client_secret"))) {
        FakeThreads.error(ex, 400, 101, 0, "Error validating client secret.", "OAuthException");
        return;
      }
      var code = codes.remove(form.getOrDefault("code", "")); // single use, even when the rest is wrong
      if (!"authorization_code".equals(form.get("grant_type")) || code == null || !clock.instant().isBefore(code.expiresAt())
          || !code.clientId().equals(form.get("client_id")) || !code.redirectUri().equals(form.get("redirect_uri"))) {
        FakeThreads.error(ex, 400, 100, 0, "Invalid verification code format.", "OAuthException");
        return;
      }
      Instant now = clock.instant();
      String token = put(new Token(code.userId(), code.clientId(), code.scopes(), false, now, now.plus(Duration.ofHours(1))));
      answer = Map.of("access_token", token, "user_id", Long.parseLong(code.userId()));
    }
    LoopbackHttp.json(ex, 200, answer);
  }

  /** GET /access_token?grant_type=th_exchange_token: a short-lived token for a 60-day one. */
  void exchange(HttpExchange ex) throws IOException {
    var q = LoopbackHttp.params(ex).values();
    Map<String, Object> answer;
    synchronized (this) {
      log.add(q.getOrDefault("grant_type", "?"));
      var t = valid(q.getOrDefault("access_token", ""));
      if (t == null) {
        FakeThreads.error(ex, 400, 190, 0, refusal(q.get("access_token")), "OAuthException");
        return;
      }
      var client = clients.get(t.clientId());
      if (!"th_exchange_token".equals(q.get("grant_type")) || client == null || !client.secret().equals(q.get("client_secret"))
          || t.longLived()) {
        FakeThreads.error(ex, 400, 100, 0, "Invalid th_exchange_token request", "OAuthException");
        return;
      }
      answer = longLived(t);
    }
    LoopbackHttp.json(ex, 200, answer);
  }

  /** GET /refresh_access_token?grant_type=th_refresh_token: a long-lived token at least a day old for a fresh one. */
  void refresh(HttpExchange ex) throws IOException {
    var q = LoopbackHttp.params(ex).values();
    Map<String, Object> answer;
    synchronized (this) {
      log.add(q.getOrDefault("grant_type", "?"));
      String token = q.getOrDefault("access_token", "");
      var t = valid(token);
      if (t == null) {
        FakeThreads.error(ex, 400, 190, 0, refusal(token), "OAuthException");
        return;
      }
      if (!"th_refresh_token".equals(q.get("grant_type")) || !t.longLived()) {
        FakeThreads.error(ex, 400, 100, 0, "Invalid th_refresh_token request", "OAuthException");
        return;
      }
      if (clock.instant().isBefore(t.issuedAt().plus(Duration.ofHours(24)))) {
        FakeThreads.error(ex, 400, 100, 0, "The access token must be at least 24 hours old to be refreshed", "OAuthException");
        return;
      }
      answer = longLived(t);
    }
    LoopbackHttp.json(ex, 200, answer);
  }

  private Map<String, Object> longLived(Token from) {
    Instant now = clock.instant();
    String token = put(new Token(from.userId(), from.clientId(), from.scopes(), true, now, now.plusSeconds(LONG_LIVED_SECONDS)));
    return Map.of("access_token", token, "token_type", "bearer", "expires_in", LONG_LIVED_SECONDS);
  }

  private String put(Token t) {
    String token = "TH" + random();
    tokens.put(token, t);
    return token;
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

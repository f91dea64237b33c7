package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * FakePds's accounts and app-password sessions, as the reference PDS keeps them: JWT-shaped
 * access ({@code at+jwt}, 2 h) and refresh ({@code refresh+jwt}, 90 days) tokens, refresh tokens
 * single-use, 400 ExpiredToken / InvalidToken for bad bearers, 401 AuthMissing without one.
 */
final class PdsSessions {

  record Account(String did, String handle, String password) {}

  private record Token(String did, boolean refresh, Instant expiresAt, boolean revoked) {}

  final Map<String, Account> accounts = new ConcurrentHashMap<>(); // by did
  final Map<String, String> handles = new ConcurrentHashMap<>(); // handle -> did, incl. users not signing in here
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final Map<String, Deque<Instant>> created = new ConcurrentHashMap<>();
  volatile Duration accessLifetime = Duration.ofHours(2);

  String did(String handleOrDid) {
    return handleOrDid.startsWith("did:") ? handleOrDid : handles.get(handleOrDid.toLowerCase());
  }

  String handleOf(String did) {
    return handles.entrySet().stream().filter(e -> e.getValue().equals(did)).map(Map.Entry::getKey).findFirst().orElse(null);
  }

  /** createSession's answer for a signed-in account. */
  Map<String, Object> createSession(HttpExchange ex, String identifier, String password) throws Xrpc.Answer {
    String did = did(identifier.toLowerCase());
    Account account = did == null ? null : accounts.get(did);
    if (account != null) {
      limit(ex, did);
    }
    if (account == null || !account.password().equals(password)) {
      throw new Xrpc.Answer(401, "AuthenticationRequired", "Invalid identifier or password");
    }
    return view(account, issue(did));
  }

  /** refreshSession's answer: new tokens, and the presented refresh token is spent. */
  Map<String, Object> refreshSession(String bearer) throws Xrpc.Answer {
    Token token = check(bearer, true);
    tokens.put(bearer, new Token(token.did(), true, token.expiresAt(), true));
    return view(accounts.get(token.did()), issue(token.did()));
  }

  /** The reference PDS limits createSession to 30 per 5 minutes per account. */
  private void limit(HttpExchange ex, String did) throws Xrpc.Answer {
    var times = created.computeIfAbsent(did, k -> new ArrayDeque<>());
    synchronized (times) {
      Instant now = Instant.now();
      while (!times.isEmpty() && times.peekFirst().isBefore(now.minus(Duration.ofMinutes(5)))) {
        times.pollFirst();
      }
      if (times.size() >= 30) {
        Xrpc.rateLimitHeaders(ex, 30, times.peekFirst().plus(Duration.ofMinutes(5)), "30;w=300");
        throw new Xrpc.Answer(429, "RateLimitExceeded", "Rate Limit Exceeded");
      }
      times.addLast(now);
    }
  }

  Map<String, String> issue(String did) {
    Instant now = Instant.now();
    Instant accessExpiry = now.plus(accessLifetime);
    String access = jwt("at+jwt", Map.of("scope", "com.atproto.appPass", "sub", did, "aud", "did:web:127.0.0.1",
        "iat", now.getEpochSecond(), "exp", accessExpiry.getEpochSecond()));
    Instant refreshExpiry = now.plus(Duration.ofDays(90));
    String refresh = jwt("refresh+jwt", Map.of("scope", "com.atproto.refresh", "sub", did, "aud", "did:web:127.0.0.1",
        "jti", Long.toHexString(Xrpc.RANDOM.nextLong()), "iat", now.getEpochSecond(), "exp", refreshExpiry.getEpochSecond()));
    tokens.put(access, new Token(did, false, accessExpiry, false));
    tokens.put(refresh, new Token(did, true, refreshExpiry, false));
    return Map.of("accessJwt", access, "refreshJwt", refresh);
  }

  private static String jwt(String typ, Map<String, Object> claims) {
    var b64 = Base64.getUrlEncoder().withoutPadding();
    byte[] signature = new byte[64];
    Xrpc.RANDOM.nextBytes(signature);
    return b64.encodeToString(Xrpc.JSON.writeValueAsBytes(Map.of("typ", typ, "alg", "ES256K"))) + "."
        + b64.encodeToString(Xrpc.JSON.writeValueAsBytes(claims)) + "." + b64.encodeToString(signature);
  }

  private static Map<String, Object> view(Account a, Map<String, String> jwts) {
    var m = new LinkedHashMap<String, Object>();
    m.put("did", a.did());
    m.put("handle", a.handle());
    m.put("accessJwt", jwts.get("accessJwt"));
    m.put("refreshJwt", jwts.get("refreshJwt"));
    m.put("active", true);
    return m;
  }

  /** The DID of a valid access token, or the PDS's answer to a bad one. */
  String authorized(HttpExchange ex) throws Xrpc.Answer {
    return check(Xrpc.bearer(ex), false).did();
  }

  private Token check(String bearer, boolean wantRefresh) throws Xrpc.Answer {
    if (bearer == null) {
      throw new Xrpc.Answer(401, "AuthMissing", "Authentication Required");
    }
    Token t = tokens.get(bearer);
    if (t == null) {
      throw new Xrpc.Answer(400, "InvalidToken", "Token could not be verified");
    }
    if (t.refresh() != wantRefresh) {
      throw new Xrpc.Answer(400, "InvalidToken", "Bad token scope");
    }
    if (t.expiresAt().isBefore(Instant.now())) {
      throw new Xrpc.Answer(400, "ExpiredToken", "Token has expired");
    }
    if (t.revoked()) {
      throw new Xrpc.Answer(400, "InvalidToken", "Token has been revoked");
    }
    return t;
  }

  void expire(String token) {
    tokens.computeIfPresent(token, (k, t) -> new Token(t.did(), t.refresh(), Instant.now().minusSeconds(1), t.revoked()));
  }

  void revoke(String token) {
    tokens.computeIfPresent(token, (k, t) -> new Token(t.did(), t.refresh(), t.expiresAt(), true));
  }

  void expireAll(String did, boolean refresh) {
    tokens.replaceAll((k, t) -> t.did().equals(did) && t.refresh() == refresh
        ? new Token(did, refresh, Instant.now().minusSeconds(1), t.revoked()) : t);
  }

  /** The app password stops signing in and every session of the account is revoked. */
  void revokeAppPassword(String did) {
    var a = accounts.get(did);
    accounts.put(did, new Account(did, a.handle(), "revoked-" + Xrpc.RANDOM.nextLong()));
    tokens.replaceAll((k, t) -> t.did().equals(did) ? new Token(did, t.refresh(), t.expiresAt(), true) : t);
  }
}

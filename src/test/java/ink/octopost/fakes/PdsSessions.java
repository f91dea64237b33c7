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
 * FakePds's accounts and app-password sessions, as the reference PDS (@atproto/pds 0.5) keeps
 * them: HS256 JWTs, access ({@code at+jwt}, 2 h) and refresh ({@code refresh+jwt}, 90 days); a
 * refresh token used again within 2 hours answers the same next refresh token (the PDS's grace
 * period for lost answers); a revoked app password stops signing in and its refresh tokens answer
 * 400 ExpiredToken "Token has been revoked", while access tokens already issued stay valid until
 * they expire; 400 ExpiredToken / InvalidToken for bad bearers, 401 AuthMissing without one.
 * Service-auth tokens ({@code getServiceAuth}: ES256K, {@code iss}, {@code aud}, {@code lxm},
 * at most an hour) are kept apart: they only serve the method they name, on the service they name.
 */
final class PdsSessions {

  record Account(String did, String handle, String password) {}

  private record Token(String did, boolean refresh, Instant expiresAt, boolean revoked, String next, Instant usedAt) {
    Token(String did, boolean refresh, Instant expiresAt) {
      this(did, refresh, expiresAt, false, null, null);
    }

    Token revoke() {
      return new Token(did, refresh, expiresAt, true, next, usedAt);
    }

    Token expire() {
      return new Token(did, refresh, Instant.now().minusSeconds(1), revoked, next, usedAt);
    }
  }

  /** A service-auth token's claims. */
  record ServiceToken(String iss, String aud, String lxm, Instant expiresAt) {}

  static final Duration REFRESH_GRACE = Duration.ofHours(2);

  final Map<String, Account> accounts = new ConcurrentHashMap<>(); // by did
  final Map<String, String> handles = new ConcurrentHashMap<>(); // handle -> did, incl. users not signing in here
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final Map<String, ServiceToken> serviceTokens = new ConcurrentHashMap<>();
  private final Map<String, Deque<Instant>> created = new ConcurrentHashMap<>();
  volatile Duration accessLifetime = Duration.ofHours(2);
  /** The PDS's own URL in sessions' DID documents; null: no DID document (the reference PDS's default). */
  volatile String didDocEndpoint;
  final String serviceDid;

  PdsSessions(String serviceDid) {
    this.serviceDid = serviceDid;
  }

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

  /** refreshSession's answer: new tokens; a refresh token used again within the grace period gets the same next one. */
  synchronized Map<String, Object> refreshSession(String bearer) throws Xrpc.Answer {
    Token token = check(bearer, true);
    Instant now = Instant.now();
    Map<String, String> jwts;
    if (token.next() != null) {
      if (token.usedAt().plus(REFRESH_GRACE).isBefore(now)) {
        throw new Xrpc.Answer(400, "ExpiredToken", "Token has been revoked");
      }
      jwts = new LinkedHashMap<>(issue(token.did()));
      tokens.remove(jwts.get("refreshJwt"));
      jwts.put("refreshJwt", token.next());
    } else {
      jwts = issue(token.did());
      tokens.put(bearer, new Token(token.did(), true, token.expiresAt(), false, jwts.get("refreshJwt"), now));
    }
    return view(accounts.get(token.did()), jwts);
  }

  /** getServiceAuth's token for the signed-in account: {@code exp} at most an hour ahead (60 s by default). */
  String serviceAuth(String did, String aud, String lxm, String exp) throws Xrpc.Answer {
    if (aud == null || !PdsLexicon.DID.matcher(aud).matches()) {
      throw new Xrpc.Answer(400, "InvalidRequest", "Error: aud must be a valid did");
    }
    Instant now = Instant.now();
    Instant expiresAt = now.plusSeconds(60);
    if (exp != null) {
      try {
        expiresAt = Instant.ofEpochSecond(Long.parseLong(exp));
      } catch (NumberFormatException e) {
        throw new Xrpc.Answer(400, "InvalidRequest", "Error: exp must be an integer");
      }
      if (expiresAt.isAfter(now.plus(Duration.ofHours(1)))) {
        throw new Xrpc.Answer(400, "BadExpiration", "cannot request a token with an expiration more than an hour in the future");
      }
      if (expiresAt.isBefore(now)) {
        throw new Xrpc.Answer(400, "BadExpiration", "expiration is in past");
      }
    }
    var claims = new LinkedHashMap<String, Object>();
    claims.put("iat", now.getEpochSecond());
    claims.put("iss", did);
    claims.put("aud", aud);
    claims.put("exp", expiresAt.getEpochSecond());
    if (lxm != null) {
      claims.put("lxm", lxm);
    }
    claims.put("jti", Long.toHexString(Xrpc.RANDOM.nextLong()));
    String token = jwt("JWT", "ES256K", claims);
    serviceTokens.put(token, new ServiceToken(did, aud, lxm, expiresAt));
    return token;
  }

  /** The claims of a service-auth token this PDS issued, or null (not one of its service tokens). */
  ServiceToken serviceToken(String bearer) {
    return bearer == null ? null : serviceTokens.get(bearer);
  }

  /**
   * The DID of a valid access token or, for a method that takes service auth (uploadBlob), of a
   * service token whose audience is this PDS and whose {@code lxm} is that method.
   */
  String authorized(HttpExchange ex, String serviceAuthFor) throws Xrpc.Answer {
    ServiceToken service = serviceToken(Xrpc.bearer(ex));
    if (service == null || serviceAuthFor == null) {
      return authorized(ex);
    }
    if (service.expiresAt().isBefore(Instant.now())) {
      throw new Xrpc.Answer(401, "JwtExpired", "jwt expired");
    }
    if (!service.aud().equals(serviceDid)) {
      throw new Xrpc.Answer(401, "BadJwtAudience", "jwt audience does not match service did");
    }
    if (!serviceAuthFor.equals(service.lxm())) {
      throw new Xrpc.Answer(401, "BadJwtLexiconMethod", "bad jwt lexicon method (\"lxm\"). must match: " + serviceAuthFor);
    }
    return service.iss();
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
    String access = jwt("at+jwt", "HS256", Map.of("scope", "com.atproto.appPass", "aud", serviceDid, "sub", did,
        "iat", now.getEpochSecond(), "exp", accessExpiry.getEpochSecond()));
    Instant refreshExpiry = now.plus(Duration.ofDays(90));
    String refresh = jwt("refresh+jwt", "HS256", Map.of("scope", "com.atproto.refresh", "aud", serviceDid, "sub", did,
        "jti", Long.toHexString(Xrpc.RANDOM.nextLong()), "iat", now.getEpochSecond(), "exp", refreshExpiry.getEpochSecond()));
    tokens.put(access, new Token(did, false, accessExpiry));
    tokens.put(refresh, new Token(did, true, refreshExpiry));
    return Map.of("accessJwt", access, "refreshJwt", refresh);
  }

  private static String jwt(String typ, String alg, Map<String, Object> claims) {
    var b64 = Base64.getUrlEncoder().withoutPadding();
    byte[] signature = new byte[alg.equals("HS256") ? 32 : 64];
    Xrpc.RANDOM.nextBytes(signature);
    return b64.encodeToString(Xrpc.JSON.writeValueAsBytes(Map.of("typ", typ, "alg", alg))) + "."
        + b64.encodeToString(Xrpc.JSON.writeValueAsBytes(claims)) + "." + b64.encodeToString(signature);
  }

  private Map<String, Object> view(Account a, Map<String, String> jwts) {
    var m = new LinkedHashMap<String, Object>();
    m.put("did", a.did());
    m.put("handle", a.handle());
    m.put("email", a.handle() + "@example.test");
    m.put("emailConfirmed", true);
    m.put("accessJwt", jwts.get("accessJwt"));
    m.put("refreshJwt", jwts.get("refreshJwt"));
    m.put("active", true);
    if (didDocEndpoint != null) { // PDS_ENABLE_DID_DOC_WITH_SESSION, as on bsky.social
      m.put("didDoc", Map.of("id", a.did(), "alsoKnownAs", java.util.List.of("at://" + a.handle()),
          "service", java.util.List.of(Map.of("id", "#atproto_pds", "type", "AtprotoPersonalDataServer",
              "serviceEndpoint", didDocEndpoint))));
    }
    return m;
  }

  /** getSession's answer: the account behind a valid access token. */
  Map<String, Object> session(HttpExchange ex) throws Xrpc.Answer {
    var m = view(accounts.get(authorized(ex)), Map.of());
    m.remove("accessJwt");
    m.remove("refreshJwt");
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
    if (t == null || t.refresh() != wantRefresh) {
      throw new Xrpc.Answer(400, "InvalidToken", "Token could not be verified");
    }
    if (t.expiresAt().isBefore(Instant.now())) {
      throw new Xrpc.Answer(400, "ExpiredToken", "Token has expired");
    }
    if (t.revoked()) {
      // the reference PDS: a refresh token whose session is gone is "expired"; a dead access token cannot be verified
      throw wantRefresh ? new Xrpc.Answer(400, "ExpiredToken", "Token has been revoked")
          : new Xrpc.Answer(400, "InvalidToken", "Token could not be verified");
    }
    return t;
  }

  void expire(String token) {
    tokens.computeIfPresent(token, (k, t) -> t.expire());
  }

  void revoke(String token) {
    tokens.computeIfPresent(token, (k, t) -> t.revoke());
  }

  void expireAll(String did, boolean refresh) {
    tokens.replaceAll((k, t) -> t.did().equals(did) && t.refresh() == refresh ? t.expire() : t);
  }

  /**
   * The app password stops signing in and its refresh tokens are revoked; access tokens already
   * issued keep working until they expire, as on the reference PDS.
   */
  void revokeAppPassword(String did) {
    var a = accounts.get(did);
    accounts.put(did, new Account(did, a.handle(), "revoked-" + Xrpc.RANDOM.nextLong()));
    tokens.replaceAll((k, t) -> t.did().equals(did) && t.refresh() ? t.revoke() : t);
  }
}

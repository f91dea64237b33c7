package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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
 * X's OAuth 2.0 authorization server as networks.md 1.1 describes it: the consent page (which
 * approves at once, as the user chosen by {@link #approveAs}, and redirects with {@code code} and
 * {@code state}), and the token endpoint: authorization codes single use and short-lived, redirect
 * URI and PKCE (S256 or plain) checked, confidential clients authenticated with HTTP Basic,
 * refresh tokens only with {@code offline.access} and rotated on every use (the old one dies).
 * Access tokens expire by the fake's clock.
 */
public final class FakeXAuth {

  public static final Set<String> KNOWN_SCOPES = Set.of("tweet.read", "tweet.write", "users.read", "media.write",
      "offline.access", "tweet.moderate.write", "follows.read", "like.write");

  /** A user's consent to one client for some scopes; revoking it kills every token it issued. */
  record Grant(String userId, String clientId, Set<String> scopes) {}

  private record Client(String id, String secret, Set<String> redirectUris) {}

  private record Code(Grant grant, String redirectUri, String challenge, String method, Instant expiresAt) {}

  private record Access(Grant grant, Instant expiresAt) {}

  /** Tokens as issued, for tests that connect an account without the browser dance. */
  public record Issued(String accessToken, String refreshToken, long expiresIn) {}

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Client> clients = new LinkedHashMap<>();
  private final Map<String, Code> codes = new LinkedHashMap<>();
  private final Map<String, Access> access = new LinkedHashMap<>();
  private final Map<String, Grant> refresh = new LinkedHashMap<>();
  private final List<String> log = new ArrayList<>();
  private String approver;
  private boolean denyNext;
  private Duration accessLifetime = Duration.ofHours(2);
  private int refreshes;
  private boolean withholdRefreshTokens;

  FakeXAuth(Clock clock) {
    this.clock = clock;
  }

  public synchronized void client(String id, String secret, String... redirectUris) {
    clients.put(id, new Client(id, secret, Set.of(redirectUris)));
  }

  public synchronized void approveAs(String userId) {
    approver = userId;
  }

  public synchronized void denyNext() {
    denyNext = true;
  }

  public synchronized void accessTokenLifetime(Duration d) {
    accessLifetime = d;
  }

  /** Codes are exchanged without a refresh token, as when the user declined offline access. */
  public synchronized void withholdRefreshTokens(boolean withhold) {
    withholdRefreshTokens = withhold;
  }

  public synchronized int refreshes() {
    return refreshes;
  }

  /** The token endpoint's grant types, in order, e.g. {@code authorization_code}, {@code refresh_token}. */
  public synchronized List<String> tokenRequests() {
    return List.copyOf(log);
  }

  public synchronized boolean refreshTokenValid(String token) {
    return refresh.containsKey(token);
  }

  public synchronized Issued issue(String clientId, String userId, Set<String> scopes) {
    return tokens(new Grant(userId, clientId, Set.copyOf(scopes)));
  }

  /** The access token stops working, as it would two hours after it was issued. */
  public synchronized void expire(String accessToken) {
    var a = access.get(accessToken);
    if (a != null) {
      access.put(accessToken, new Access(a.grant(), clock.instant().minusSeconds(1)));
    }
  }

  /** Every access token of a user expires; their refresh tokens still work. */
  public synchronized void expireAll(String userId) {
    access.replaceAll((t, a) -> a.grant().userId().equals(userId) ? new Access(a.grant(), clock.instant().minusSeconds(1)) : a);
  }

  /** The user revokes the app: every access and refresh token of the grant dies. */
  public synchronized void revokeGrantOf(String accessToken) {
    var a = access.get(accessToken);
    if (a != null) {
      revoke(a.grant());
    }
  }

  public synchronized void revokeUser(String userId) {
    access.values().stream().map(Access::grant).filter(g -> g.userId().equals(userId)).toList().forEach(this::revoke);
    refresh.values().stream().filter(g -> g.userId().equals(userId)).toList().forEach(this::revoke);
  }

  private void revoke(Grant g) {
    access.values().removeIf(a -> a.grant().equals(g));
    refresh.values().removeIf(r -> r.equals(g));
  }

  /** The grant behind a bearer token, or null when the token is unknown, revoked or expired. */
  synchronized Grant grant(String accessToken) {
    var a = access.get(accessToken);
    return a == null || !clock.instant().isBefore(a.expiresAt()) ? null : a.grant();
  }

  /** GET /i/oauth2/authorize (and /2/oauth2/authorize): approve at once and redirect back. */
  void authorize(HttpExchange ex) throws IOException {
    var q = parse(ex.getRequestURI().getRawQuery());
    String location;
    synchronized (this) {
      var client = clients.get(q.get("client_id"));
      String redirect = q.get("redirect_uri");
      if (client == null || redirect == null || !client.redirectUris().contains(redirect)) {
        FakeX.send(ex, 400, Map.of("error", "invalid_request", "error_description", "Unknown client or redirect_uri"));
        return;
      }
      var scopes = Set.of(q.getOrDefault("scope", "").split(" "));
      String problem = !"code".equals(q.get("response_type")) ? "response_type must be code"
          : q.get("state") == null ? "state is required"
          : q.get("code_challenge") == null ? "code_challenge is required"
          : !Set.of("S256", "plain").contains(q.get("code_challenge_method")) ? "code_challenge_method must be S256 or plain"
          : !KNOWN_SCOPES.containsAll(scopes) ? "unknown scope" : approver == null ? "nobody is logged in" : null;
      if (problem != null) {
        FakeX.send(ex, 400, Map.of("error", "invalid_request", "error_description", problem));
        return;
      }
      if (denyNext) {
        denyNext = false;
        location = redirect + "?error=access_denied&state=" + enc(q.get("state"));
      } else {
        String code = token();
        codes.put(code, new Code(new Grant(approver, client.id(), scopes), redirect, q.get("code_challenge"),
            q.get("code_challenge_method"), clock.instant().plusSeconds(30)));
        location = redirect + "?state=" + enc(q.get("state")) + "&code=" + enc(code);
      }
    }
    ex.getResponseHeaders().add("Location", location);
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  /** POST /2/oauth2/token. */
  void token(HttpExchange ex) throws IOException {
    var form = parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    Object answer;
    int status;
    synchronized (this) {
      log.add(form.getOrDefault("grant_type", "?"));
      Client client = authenticate(ex.getRequestHeaders().getFirst("Authorization"), form.get("client_id"));
      if (client == null) {
        FakeX.send(ex, 401, Map.of("error", "unauthorized_client", "error_description", "Missing valid authorization header"));
        return;
      }
      Grant grant = switch (form.getOrDefault("grant_type", "")) {
        case "authorization_code" -> redeem(client, form);
        case "refresh_token" -> {
          var g = refresh.get(form.getOrDefault("refresh_token", ""));
          if (g != null && g.clientId().equals(client.id())) {
            refresh.remove(form.get("refresh_token"));
            refreshes++;
            yield g;
          }
          yield null;
        }
        default -> null;
      };
      if (grant == null) {
        status = 400;
        answer = Map.of("error", "invalid_request", "error_description", "Value passed for the token was invalid.");
      } else {
        var t = tokens(grant);
        var body = new LinkedHashMap<String, Object>();
        body.put("token_type", "bearer");
        body.put("expires_in", t.expiresIn());
        body.put("access_token", t.accessToken());
        body.put("scope", String.join(" ", grant.scopes()));
        if (t.refreshToken() != null) {
          body.put("refresh_token", t.refreshToken());
        }
        status = 200;
        answer = body;
      }
    }
    FakeX.send(ex, status, answer);
  }

  private Grant redeem(Client client, Map<String, String> form) {
    var code = codes.remove(form.getOrDefault("code", "")); // single use, even when the rest is wrong
    if (code == null || !clock.instant().isBefore(code.expiresAt()) || !code.grant().clientId().equals(client.id())
        || !code.redirectUri().equals(form.get("redirect_uri"))) {
      return null;
    }
    String verifier = form.get("code_verifier");
    if (verifier == null || verifier.length() < 43 || verifier.length() > 128) {
      return null;
    }
    String expected = code.method().equals("S256") ? s256(verifier) : verifier;
    return expected.equals(code.challenge()) ? code.grant() : null;
  }

  private Client authenticate(String authorization, String formClientId) {
    if (authorization != null && authorization.startsWith("Basic ")) {
      String[] pair = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8).split(":", 2);
      var c = clients.get(pair[0]);
      return c != null && c.secret() != null && pair.length == 2 && c.secret().equals(pair[1]) ? c : null;
    }
    var c = clients.get(formClientId);
    return c != null && c.secret() == null ? c : null; // confidential clients must authenticate
  }

  private Issued tokens(Grant grant) {
    String a = token();
    access.put(a, new Access(grant, clock.instant().plus(accessLifetime)));
    String r = null;
    if (grant.scopes().contains("offline.access") && !withholdRefreshTokens) {
      r = token();
      refresh.put(r, grant);
    }
    return new Issued(a, r, accessLifetime.toSeconds());
  }

  private String token() {
    byte[] b = new byte[24];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static String s256(String verifier) {
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> parse(String query) {
    var out = new LinkedHashMap<String, String>();
    if (query == null || query.isEmpty()) {
      return out;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      out.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}

package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * LinkedIn's OAuth side for {@link FakeLinkedIn} (networks.md 4.1): the authorization page (consents at once
 * as the chosen member and redirects with a code), {@code POST /oauth/v2/accessToken} (authorization code and
 * refresh token grants, client secret checked, 60-day tokens, refresh tokens only when enabled, as for an
 * approved partner), {@code GET /v2/userinfo}, {@code GET /rest/organizationAcls?q=roleAssignee} (needs
 * {@code rw_organization_admin}) and {@code GET /rest/organizations/{id}}.
 */
public final class FakeLinkedInAuth {

  public static final long LIFETIME_SECONDS = 60L * 24 * 3600;

  /** An access token and what it may do. */
  public static final class Token {
    public final String person;
    public final Set<String> scopes;
    public volatile boolean expired;
    public volatile boolean revoked;

    Token(String person, Set<String> scopes) {
      this.person = person;
      this.scopes = Set.copyOf(scopes);
    }
  }

  private record App(String id, String secret, String redirect) {}

  private record Code(String person, String redirect, Set<String> scopes) {}

  private record Refresh(String person, Set<String> scopes) {}

  private final FakeLinkedIn api;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final Map<String, Refresh> refreshTokens = new ConcurrentHashMap<>();
  private final Map<String, Code> codes = new ConcurrentHashMap<>();
  private final Map<String, String> names = new ConcurrentHashMap<>();
  private final Map<String, String> orgNames = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> roles = new ConcurrentHashMap<>(); // person -> org urn -> role
  private volatile App app;
  private volatile String consenting;
  private volatile boolean issueRefreshTokens;
  private volatile boolean rotateRefreshTokens;
  private volatile boolean grantOrganizations = true;

  FakeLinkedInAuth(FakeLinkedIn api) {
    this.api = api;
  }

  public FakeLinkedInAuth app(String clientId, String secret, String redirect) {
    this.app = new App(clientId, secret, redirect);
    return this;
  }

  /** A member; the authorization page consents as the latest one. */
  public FakeLinkedInAuth member(String person, String name) {
    names.put(person, name);
    consenting = person;
    return this;
  }

  public FakeLinkedInAuth admin(String person, String orgId, String orgName, String role) {
    orgNames.put(orgId, orgName);
    roles.computeIfAbsent(person, p -> new ConcurrentHashMap<>()).put("urn:li:organization:" + orgId, role);
    return this;
  }

  /** Whether the token grants include refresh tokens (LinkedIn: approved partners only). */
  public FakeLinkedInAuth issueRefreshTokens(boolean issue) {
    this.issueRefreshTokens = issue;
    return this;
  }

  /** Whether a refresh returns a new refresh token (and the old one dies). */
  public FakeLinkedInAuth rotateRefreshTokens(boolean rotate) {
    this.rotateRefreshTokens = rotate;
    return this;
  }

  /** Whether the member grants {@code w_organization_social} when asked. */
  public FakeLinkedInAuth grantOrganizations(boolean grant) {
    this.grantOrganizations = grant;
    return this;
  }

  /** A token for a member with every scope (organizations included). */
  public String tokenFor(String person) {
    return issue(person, Set.of("openid", "profile", "w_member_social", "w_organization_social", "rw_organization_admin"));
  }

  /** A refresh token for a member (as an approved partner's login would have given). */
  public String refreshTokenFor(String person) {
    String r = "AQR" + UUID.randomUUID().toString().replace("-", "");
    refreshTokens.put(r, new Refresh(person, Set.of("openid", "profile", "w_member_social", "w_organization_social")));
    return r;
  }

  public boolean refreshTokenValid(String refresh) {
    return refreshTokens.containsKey(refresh);
  }

  public void expire(String token) {
    tokens.get(token).expired = true;
  }

  /** The member revokes the app: every token and refresh token of theirs dies. */
  public void revoke(String person) {
    tokens.values().stream().filter(t -> t.person.equals(person)).forEach(t -> t.revoked = true);
    refreshTokens.values().removeIf(r -> r.person().equals(person));
  }

  Token token(String value) {
    return tokens.get(value);
  }

  boolean administers(String person, String orgUrn) {
    String role = roles.getOrDefault(person, Map.of()).get(orgUrn);
    return role != null && Set.of("ADMINISTRATOR", "CONTENT_ADMINISTRATOR", "DIRECT_SPONSORED_CONTENT_POSTER").contains(role);
  }

  private String issue(String person, Set<String> scopes) {
    String t = "AQV" + UUID.randomUUID().toString().replace("-", "");
    tokens.put(t, new Token(person, scopes));
    return t;
  }

  void handle(HttpExchange ex, String path) throws IOException {
    switch (path) {
      case "/oauth/v2/authorization" -> authorize(ex);
      case "/oauth/v2/accessToken" -> accessToken(ex);
      case "/v2/userinfo" -> userinfo(ex);
      default -> FakeLinkedIn.error(ex, 404, "NOT_FOUND", "No route " + path);
    }
  }

  private void authorize(HttpExchange ex) throws IOException {
    var q = new LinkedHashMap<String, String>();
    LoopbackHttp.form(ex.getRequestURI().getRawQuery(), q);
    App a = app;
    if (a == null || !a.id().equals(q.get("client_id")) || !a.redirect().equals(q.get("redirect_uri"))
        || !"code".equals(q.get("response_type")) || q.get("state") == null) {
      LoopbackHttp.plain(ex, 400, "invalid_request: client_id, redirect_uri, response_type=code and state are required");
      return;
    }
    var scopes = new LinkedHashSet<>(Arrays.asList(q.getOrDefault("scope", "").split(" ")));
    if (!grantOrganizations) {
      scopes.remove("w_organization_social");
      scopes.remove("rw_organization_admin");
    }
    String code = "code-" + UUID.randomUUID();
    codes.put(code, new Code(consenting, a.redirect(), scopes));
    ex.getResponseHeaders().add("Location", a.redirect() + "?code=" + code + "&state=" + q.get("state"));
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  private void accessToken(HttpExchange ex) throws IOException {
    if (!"POST".equals(ex.getRequestMethod()) || !LoopbackHttp.header(ex, "Content-Type").startsWith("application/x-www-form-urlencoded")) {
      oauthError(ex, 400, "invalid_request", "POST a form");
      return;
    }
    var f = LoopbackHttp.params(ex).values();
    App a = app;
    if (a == null || !a.id().equals(f.get("client_id")) || !a.secret().equals(f.get("client_secret"))) {
      oauthError(ex, 401, "invalid_client", "Client authentication failed");
      return;
    }
    String person;
    Set<String> scopes;
    String newRefresh = null;
    if ("authorization_code".equals(f.get("grant_type"))) {
      Code code = codes.remove(f.getOrDefault("code", ""));
      if (code == null || !code.redirect().equals(f.get("redirect_uri"))) {
        oauthError(ex, 400, "invalid_request", "Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired.");
        return;
      }
      person = code.person();
      scopes = code.scopes();
      if (issueRefreshTokens) {
        newRefresh = "AQR" + UUID.randomUUID().toString().replace("-", "");
        refreshTokens.put(newRefresh, new Refresh(person, scopes));
      }
    } else if ("refresh_token".equals(f.get("grant_type"))) {
      String old = f.getOrDefault("refresh_token", "");
      Refresh r = refreshTokens.get(old);
      if (r == null) {
        oauthError(ex, 400, "invalid_request", "The provided refresh token is invalid");
        return;
      }
      person = r.person();
      scopes = r.scopes();
      if (rotateRefreshTokens) {
        refreshTokens.remove(old);
        newRefresh = "AQR" + UUID.randomUUID().toString().replace("-", "");
        refreshTokens.put(newRefresh, r);
      }
    } else {
      oauthError(ex, 400, "unsupported_grant_type", "grant_type");
      return;
    }
    var answer = new LinkedHashMap<String, Object>();
    answer.put("access_token", issue(person, scopes));
    answer.put("expires_in", LIFETIME_SECONDS);
    if (newRefresh != null) {
      answer.put("refresh_token", newRefresh);
      answer.put("refresh_token_expires_in", 365L * 24 * 3600);
    }
    answer.put("scope", String.join(",", scopes));
    LoopbackHttp.json(ex, 200, answer);
  }

  private static void oauthError(HttpExchange ex, int status, String error, String description) throws IOException {
    LoopbackHttp.json(ex, status, Map.of("error", error, "error_description", description));
  }

  private void userinfo(HttpExchange ex) throws IOException {
    String header = LoopbackHttp.header(ex, "Authorization");
    Token t = header.startsWith("Bearer ") ? tokens.get(header.substring(7)) : null;
    if (t == null || t.revoked || t.expired) {
      FakeLinkedIn.error(ex, 401, "INVALID_ACCESS_TOKEN", "Invalid access token");
      return;
    }
    if (!t.scopes.contains("openid") || !t.scopes.contains("profile")) {
      FakeLinkedIn.error(ex, 403, "ACCESS_DENIED", "Not enough permissions to access: userinfo.GET.NO_VERSION");
      return;
    }
    String name = names.getOrDefault(t.person, t.person);
    LoopbackHttp.json(ex, 200, Map.of("sub", t.person, "name", name, "given_name", name.split(" ")[0],
        "picture", "https://media.licdn.com/dms/image/" + t.person));
  }

  void organizations(HttpExchange ex, Token t, String path) throws IOException {
    if (!t.scopes.contains("rw_organization_admin")) {
      FakeLinkedIn.error(ex, 403, "ACCESS_DENIED", "Not enough permissions to access: organizationAcls.FINDER-roleAssignee");
      return;
    }
    if (path.startsWith("organizations/")) {
      String id = path.substring("organizations/".length());
      if (!orgNames.containsKey(id)) {
        FakeLinkedIn.error(ex, 404, "NOT_FOUND", "No organization " + id);
        return;
      }
      LoopbackHttp.json(ex, 200, Map.of("id", Long.parseLong(id), "localizedName", orgNames.get(id), "vanityName", "org" + id));
      return;
    }
    var elements = new ArrayList<Map<String, Object>>();
    roles.getOrDefault(t.person, Map.of()).forEach((org, role) -> elements.add(Map.of("role", role, "organization", org,
        "roleAssignee", "urn:li:person:" + t.person, "state", "APPROVED")));
    LoopbackHttp.json(ex, 200, Map.of("elements", elements, "paging", Map.of("count", 100, "start", 0, "total", elements.size())));
  }

  List<String> people() {
    return List.copyOf(names.keySet());
  }
}

package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * A Mastodon instance's OAuth side (networks.md 3.1): apps registered with {@code POST
 * /api/v1/apps}, the consent page approving at once as the chosen user and redirecting with {@code
 * code} and {@code state}, and {@code POST /oauth/token}: client secret, single-use code, redirect
 * URI and PKCE (S256) checked. A granted token is handed to the instance, which then accepts it.
 */
public final class FakeMastodonAuth {

  private record App(String clientId, String clientSecret, String redirectUri, Set<String> scopes) {}

  private record Code(String clientId, String redirectUri, String challenge, String username) {}

  private final Map<String, App> apps = new ConcurrentHashMap<>();
  private final Map<String, Code> codes = new ConcurrentHashMap<>();
  private final BiConsumer<String, String> grant;
  private volatile String approver;

  /** @param grant makes a token work for a username on the instance */
  FakeMastodonAuth(BiConsumer<String, String> grant) {
    this.grant = grant;
  }

  void approveAs(String username) {
    this.approver = username;
  }

  int appRegistrations() {
    return apps.size();
  }

  void registerApp(HttpExchange ex) throws IOException {
    byte[] raw = ex.getRequestBody().readAllBytes();
    String type = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"));
    Map<String, String> f = new HashMap<>();
    if (type.startsWith("application/json")) {
      FakeX.JSON.readTree(raw).properties().forEach(e -> f.put(e.getKey(), e.getValue().asString("")));
    } else {
      f.putAll(FakeXAuth.parse(new String(raw, StandardCharsets.UTF_8)));
    }
    String redirect = f.get("redirect_uris");
    if (f.get("client_name") == null || redirect == null || redirect.isBlank()) {
      FakeX.send(ex, 422, Map.of("error", "Validation failed: Application name can't be blank, Redirect URI must be an absolute URI"));
      return;
    }
    var app = new App("cid-" + UUID.randomUUID(), "secret-" + UUID.randomUUID(), redirect,
        Set.of(f.getOrDefault("scopes", "read").split(" ")));
    apps.put(app.clientId(), app);
    FakeX.send(ex, 200, Map.of("id", String.valueOf(apps.size()), "name", f.get("client_name"),
        "redirect_uri", redirect, "client_id", app.clientId(), "client_secret", app.clientSecret()));
  }

  void authorize(HttpExchange ex) throws IOException {
    var q = FakeXAuth.parse(ex.getRequestURI().getRawQuery());
    var app = apps.get(q.getOrDefault("client_id", ""));
    if (app == null || !app.redirectUri().equals(q.get("redirect_uri"))) {
      FakeX.send(ex, 400, Map.of("error", "invalid_client"));
      return;
    }
    var scopes = Set.of(q.getOrDefault("scope", "read").split(" "));
    boolean pkceOk = q.get("code_challenge") == null || "S256".equals(q.get("code_challenge_method"));
    if (!"code".equals(q.get("response_type")) || !app.scopes().containsAll(scopes) || !pkceOk || approver == null) {
      FakeX.send(ex, 400, Map.of("error", "invalid_request"));
      return;
    }
    String code = UUID.randomUUID().toString();
    codes.put(code, new Code(app.clientId(), app.redirectUri(), q.get("code_challenge"), approver));
    ex.getResponseHeaders().add("Location", app.redirectUri() + "?code=" + code
        + (q.get("state") == null ? "" : "&state=" + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8)));
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  void token(HttpExchange ex) throws IOException {
    var f = FakeXAuth.parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    var app = apps.get(f.getOrDefault("client_id", ""));
    if (app == null || !app.clientSecret().equals(f.get("client_secret"))) {
      FakeX.send(ex, 401, Map.of("error", "invalid_client", "error_description", "Client authentication failed"));
      return;
    }
    var code = codes.remove(f.getOrDefault("code", ""));
    boolean ok = code != null && "authorization_code".equals(f.get("grant_type")) && code.clientId().equals(app.clientId())
        && code.redirectUri().equals(f.get("redirect_uri"))
        && (code.challenge() == null || code.challenge().equals(FakeXAuth.s256(f.getOrDefault("code_verifier", ""))));
    if (!ok) {
      FakeX.send(ex, 400, Map.of("error", "invalid_grant", "error_description", "The provided authorization grant is invalid,"
          + " expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client."));
      return;
    }
    String token = "tok-" + UUID.randomUUID();
    grant.accept(token, code.username());
    FakeX.send(ex, 200, Map.of("access_token", token, "token_type", "Bearer", "scope", String.join(" ", app.scopes()),
        "created_at", Instant.now().getEpochSecond()));
  }
}

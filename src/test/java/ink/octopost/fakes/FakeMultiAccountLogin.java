package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An authorization server whose one login grants several accounts, the way Facebook Login grants
 * a user's Pages: {@code GET /dialog/oauth} approves at once and redirects back with a code (PKCE
 * S256, the registered redirect URI only), {@code POST /oauth/access_token} swaps code and verifier
 * for a user token (once), and {@code GET /me/accounts} lists the granted accounts, each with its
 * own fresh access token.
 */
public final class FakeMultiAccountLogin implements AutoCloseable {

  /** An account the next login grants. */
  public record Granted(String id, String name, String username, String pictureUrl) {}

  private record Code(String challenge, String redirectUri, List<Granted> accounts) {}

  private final HttpServer server;
  private final String clientId;
  private final String redirectUri;
  private final AtomicInteger counter = new AtomicInteger();
  private final Map<String, Code> codes = new HashMap<>();
  private final Map<String, List<Granted>> userTokens = new HashMap<>();
  /** Every account token issued, by account id, newest last. */
  private final Map<String, List<String>> accountTokens = new LinkedHashMap<>();
  private List<Granted> granting = List.of();

  public FakeMultiAccountLogin(String clientId, String redirectUri) throws IOException {
    this.clientId = clientId;
    this.redirectUri = redirectUri;
    server = LoopbackHttp.server();
    server.createContext("/dialog/oauth", ex -> handle(ex, this::authorize));
    server.createContext("/oauth/access_token", ex -> handle(ex, this::token));
    server.createContext("/me/accounts", ex -> handle(ex, this::accounts));
    server.start();
  }

  public String url() {
    return LoopbackHttp.origin(server);
  }

  /** What the next logins grant. */
  public synchronized void grant(Granted... accounts) {
    granting = List.of(accounts);
  }

  /** The access tokens issued for an account, oldest first. */
  public synchronized List<String> tokensOf(String accountId) {
    return List.copyOf(accountTokens.getOrDefault(accountId, List.of()));
  }

  private interface Handler {
    void handle(HttpExchange ex) throws IOException;
  }

  private static void handle(HttpExchange ex, Handler h) throws IOException {
    try {
      h.handle(ex);
    } catch (RuntimeException e) {
      LoopbackHttp.json(ex, 500, Map.of("error", Map.of("message", String.valueOf(e))));
    }
  }

  private synchronized void authorize(HttpExchange ex) throws IOException {
    var q = LoopbackHttp.params(ex).values();
    if (!clientId.equals(q.get("client_id")) || !redirectUri.equals(q.get("redirect_uri"))
        || !"S256".equals(q.get("code_challenge_method")) || q.get("code_challenge") == null || q.get("state") == null) {
      LoopbackHttp.plain(ex, 400, "bad authorization request");
      return;
    }
    String code = "code-" + counter.incrementAndGet();
    codes.put(code, new Code(q.get("code_challenge"), q.get("redirect_uri"), granting));
    ex.getResponseHeaders().add("Location", redirectUri + "?code=" + code + "&state="
        + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
    LoopbackHttp.empty(ex, 302);
  }

  private synchronized void token(HttpExchange ex) throws IOException {
    var p = LoopbackHttp.params(ex).values();
    var code = codes.remove(p.getOrDefault("code", ""));
    if (code == null || !code.redirectUri().equals(p.get("redirect_uri")) || !clientId.equals(p.get("client_id"))
        || !code.challenge().equals(s256(p.getOrDefault("code_verifier", "")))) {
      LoopbackHttp.json(ex, 400, Map.of("error", Map.of("message", "Invalid verification code", "code", 100)));
      return;
    }
    String token = "user-token-" + counter.incrementAndGet();
    userTokens.put(token, code.accounts());
    LoopbackHttp.json(ex, 200, Map.of("access_token", token, "token_type", "bearer"));
  }

  private synchronized void accounts(HttpExchange ex) throws IOException {
    String auth = LoopbackHttp.header(ex, "Authorization");
    var granted = auth.startsWith("Bearer ") ? userTokens.get(auth.substring(7)) : null;
    if (granted == null) {
      LoopbackHttp.json(ex, 401, Map.of("error", Map.of("message", "Invalid OAuth access token", "code", 190)));
      return;
    }
    var data = new ArrayList<Map<String, Object>>();
    for (var g : granted) {
      String token = "EAAB-page-" + g.id() + "-" + counter.incrementAndGet();
      accountTokens.computeIfAbsent(g.id(), k -> new ArrayList<>()).add(token);
      var item = new LinkedHashMap<String, Object>();
      item.put("id", g.id());
      item.put("name", g.name());
      item.put("username", g.username());
      item.put("picture", g.pictureUrl());
      item.put("access_token", token);
      data.add(item);
    }
    LoopbackHttp.json(ex, 200, Map.of("data", data));
  }

  private static String s256(String verifier) {
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

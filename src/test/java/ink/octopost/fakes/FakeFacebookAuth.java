package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Facebook Login for {@link FakeFacebook} (networks.md 7.1): the consent dialog
 * ({@code /{version}/dialog/oauth}, which here consents at once and redirects with a code), the code
 * exchange and {@code fb_exchange_token} on {@code /{version}/oauth/access_token}, and
 * {@code /me/accounts} listing the user's Pages with their Page tokens and tasks, in pages of
 * {@link #pageSize}.
 */
public final class FakeFacebookAuth {

  public static final Set<String> REQUIRED_SCOPES = Set.of("pages_show_list", "pages_manage_posts", "pages_read_engagement");

  record App(String id, String secret, String redirectUri) {}

  record Code(String clientId, String redirectUri, String challenge, boolean used) {}

  /** A Page the user manages. */
  public record Page(String id, String name, String token, List<String> tasks) {}

  private final FakeFacebook graph;
  private final Map<String, App> apps = new ConcurrentHashMap<>();
  private final Map<String, Code> codes = new ConcurrentHashMap<>();
  private final Set<String> shortTokens = ConcurrentHashMap.newKeySet();
  private final Set<String> longTokens = ConcurrentHashMap.newKeySet();
  private final Map<String, Page> pages = new java.util.concurrent.ConcurrentSkipListMap<>();
  private final Set<String> revoked = ConcurrentHashMap.newKeySet();
  private volatile int pageSize = 25;
  private volatile String lastScope;

  FakeFacebookAuth(FakeFacebook graph) {
    this.graph = graph;
  }

  public FakeFacebookAuth app(String id, String secret, String redirectUri) {
    apps.put(id, new App(id, secret, redirectUri));
    return this;
  }

  /** A Page the user can post to; returns its token. */
  public String page(String id, String name) {
    return page(id, name, List.of("ANALYZE", "ADVERTISE", "MODERATE", "CREATE_CONTENT", "MANAGE"));
  }

  public String page(String id, String name, List<String> tasks) {
    String token = "EAAPage" + UUID.randomUUID().toString().replace("-", "");
    pages.put(id, new Page(id, name, token, List.copyOf(tasks)));
    return token;
  }

  public Map<String, Page> pages() {
    return Map.copyOf(pages);
  }

  /** The user changed their password: every token of this Page dies (190/460). */
  public void revoke(String pageId) {
    revoked.add(pageId);
  }

  /** Pages per answer of {@code /me/accounts}, at most (the request's {@code limit} may ask fewer). */
  public FakeFacebookAuth pageSize(int size) {
    this.pageSize = size;
    return this;
  }

  /** The scope the last dialog asked for. */
  public String lastScope() {
    return lastScope;
  }

  String pageOf(String token) {
    if (token == null) {
      return null;
    }
    return pages.values().stream().filter(p -> p.token().equals(token)).map(Page::id).findFirst().orElse(null);
  }

  boolean revoked(String pageId) {
    return revoked.contains(pageId);
  }

  boolean isPage(String id) {
    return pages.containsKey(id);
  }

  /** Answers the login's requests; false for anything else. */
  boolean handles(HttpExchange ex, String[] parts) throws IOException {
    String route = parts[1] + (parts.length > 2 ? "/" + parts[2] : "");
    switch (route) {
      case "dialog/oauth" -> dialog(ex);
      case "oauth/access_token" -> token(ex);
      case "me/accounts" -> accounts(ex);
      default -> {
        return false;
      }
    }
    return true;
  }

  private void dialog(HttpExchange ex) throws IOException {
    var q = LoopbackHttp.params(ex).values();
    App app = apps.get(q.getOrDefault("client_id", ""));
    if (app == null) {
      LoopbackHttp.plain(ex, 400, "Invalid App ID");
      return;
    }
    if (!app.redirectUri().equals(q.get("redirect_uri"))) {
      LoopbackHttp.plain(ex, 400, "URL blocked: this redirect failed because the redirect URI is not whitelisted");
      return;
    }
    if (!"code".equals(q.getOrDefault("response_type", "code"))) {
      LoopbackHttp.plain(ex, 400, "response_type must be code");
      return;
    }
    lastScope = q.getOrDefault("scope", "");
    var scopes = Set.of(lastScope.split(","));
    if (!scopes.containsAll(REQUIRED_SCOPES)) {
      redirect(ex, app.redirectUri() + "?error=access_denied&error_reason=user_denied&state=" + enc(q.get("state")));
      return;
    }
    if (q.containsKey("code_challenge") && !"S256".equals(q.get("code_challenge_method"))) {
      LoopbackHttp.plain(ex, 400, "code_challenge_method must be S256");
      return;
    }
    String code = "AQ" + UUID.randomUUID().toString().replace("-", "");
    codes.put(code, new Code(app.id(), app.redirectUri(), q.get("code_challenge"), false));
    redirect(ex, app.redirectUri() + "?code=" + code + "&state=" + enc(q.get("state")));
  }

  private void token(HttpExchange ex) throws IOException {
    var q = LoopbackHttp.params(ex).values();
    App app = apps.get(q.getOrDefault("client_id", ""));
    if (app == null || !app.secret().equals(q.get("client_secret"))) {
      FakeFacebook.error(ex, 400, 1, 0, "Error validating client secret.", false);
      return;
    }
    if ("fb_exchange_token".equals(q.get("grant_type"))) {
      if (!shortTokens.contains(q.getOrDefault("fb_exchange_token", ""))) {
        FakeFacebook.error(ex, 400, 190, 0, "Invalid OAuth access token - Cannot parse access token", false);
        return;
      }
      String token = "EAALong" + UUID.randomUUID().toString().replace("-", "");
      longTokens.add(token);
      LoopbackHttp.json(ex, 200, Map.of("access_token", token, "token_type", "bearer", "expires_in", 5183944));
      return;
    }
    Code code = codes.get(q.getOrDefault("code", ""));
    if (code == null || code.used() || !code.clientId().equals(app.id())) {
      FakeFacebook.error(ex, 400, 100, 36009, "This authorization code has been used or is invalid.", false);
      return;
    }
    if (!code.redirectUri().equals(q.get("redirect_uri"))) {
      FakeFacebook.error(ex, 400, 100, 36008, "Error validating verification code. Please make sure your redirect_uri is "
          + "identical to the one you used in the OAuth dialog request", false);
      return;
    }
    if (code.challenge() != null && !code.challenge().equals(s256(q.getOrDefault("code_verifier", "")))) {
      FakeFacebook.error(ex, 400, 100, 0, "Invalid code verifier", false);
      return;
    }
    codes.put(q.get("code"), new Code(code.clientId(), code.redirectUri(), code.challenge(), true));
    String token = "EAAShort" + UUID.randomUUID().toString().replace("-", "");
    shortTokens.add(token);
    LoopbackHttp.json(ex, 200, Map.of("access_token", token, "token_type", "bearer", "expires_in", 5400));
  }

  private void accounts(HttpExchange ex) throws IOException {
    var q = LoopbackHttp.params(ex).values();
    String token = q.getOrDefault("access_token", "");
    if (!shortTokens.contains(token) && !longTokens.contains(token)) {
      FakeFacebook.error(ex, 400, 190, 0, "Invalid OAuth access token - Cannot parse access token", false);
      return;
    }
    int limit = Math.min(pageSize, Integer.parseInt(q.getOrDefault("limit", "25")));
    int after = Integer.parseInt(q.getOrDefault("after", "0"));
    var all = new ArrayList<>(pages.values());
    var data = new ArrayList<Map<String, Object>>();
    for (int i = after; i < Math.min(all.size(), after + limit); i++) {
      var p = all.get(i);
      var entry = new LinkedHashMap<String, Object>();
      entry.put("id", p.id());
      entry.put("name", p.name());
      entry.put("access_token", p.token());
      entry.put("tasks", p.tasks());
      entry.put("picture", Map.of("data", Map.of("url", "https://scontent.example/" + p.id() + ".jpg", "is_silhouette", false)));
      data.add(entry);
    }
    var answer = new LinkedHashMap<String, Object>();
    answer.put("data", data);
    if (after + limit < all.size()) {
      answer.put("paging", Map.of("next", graph.url() + ex.getRequestURI().getPath() + "?access_token=" + enc(token)
          + "&fields=" + enc(q.getOrDefault("fields", "")) + "&limit=" + limit + "&after=" + (after + limit)));
    }
    LoopbackHttp.json(ex, 200, answer);
  }

  private static void redirect(HttpExchange ex, String location) throws IOException {
    ex.getResponseHeaders().add("Location", location);
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
  }

  static String s256(String verifier) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Both of Meta's logins for Instagram (networks.md 6, 7.1), on {@link FakeInstagram}'s two hosts.
 * Instagram Login: {@code GET /oauth/authorize} approves at once as the chosen professional account
 * and redirects with {@code code} and {@code state}; {@code POST /oauth/access_token} (form, client
 * secret, redirect URI, single-use code) → a 1-hour token; {@code GET /access_token?grant_type=ig_exchange_token}
 * → 60 days; {@code GET /refresh_access_token?grant_type=ig_refresh_token} → 60 more. Facebook
 * Login: {@code GET /{v}/dialog/oauth}, {@code GET /{v}/oauth/access_token} (code, then
 * {@code fb_exchange_token}), and {@code /me/accounts} listing the user's Pages with Page tokens and
 * their linked {@code instagram_business_account}.
 */
public final class FakeMetaAuth {

  static final String INSTAGRAM = "instagram";
  static final String FACEBOOK = "facebook";

  /** Who a token acts for: an Instagram account (userId) or, for a Facebook user token, the user. */
  public record Access(String userId, String username, String host, String kind) {}

  /** A Facebook Page and the Instagram account linked to it (null: none). */
  public record Page(String id, String name, String igUserId, String igUsername) {}

  private record Client(String id, String secret, Set<String> redirects) {}

  private record Code(String clientId, String redirect, String host) {}

  private final FakeInstagram graph;
  private final Map<String, Client> clients = new ConcurrentHashMap<>();
  private final Map<String, Code> codes = new ConcurrentHashMap<>();
  private final Map<String, Access> tokens = new ConcurrentHashMap<>();
  private final List<Page> pages = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicInteger refreshes = new AtomicInteger();
  private volatile String igUserId = "17841400000000001";
  private volatile String igUsername = "octo.gram";

  FakeMetaAuth(FakeInstagram graph) {
    this.graph = graph;
  }

  public void client(String id, String secret, String... redirects) {
    clients.put(id, new Client(id, secret, Set.of(redirects)));
  }

  /** The professional account an Instagram Login approves as. */
  public void approveAs(String userId, String username) {
    igUserId = userId;
    igUsername = username;
  }

  /** A Page the Facebook user manages. */
  public void page(String id, String name, String linkedIgUserId, String linkedIgUsername) {
    pages.add(new Page(id, name, linkedIgUserId, linkedIgUsername));
  }

  /** A long-lived token issued without the browser dance. */
  public String issue(String userId, String username, String host) {
    String token = (host.equals(INSTAGRAM) ? "IGAA" : "EAAP") + UUID.randomUUID().toString().replace("-", "");
    tokens.put(token, new Access(userId, username, host, host.equals(INSTAGRAM) ? "ig_long" : "fb_page"));
    return token;
  }

  public void revoke(String token) {
    tokens.remove(token);
  }

  public int refreshes() {
    return refreshes.get();
  }

  Access access(String token, String host) {
    var a = token == null ? null : tokens.get(token);
    return a != null && a.host().equals(host) ? a : null;
  }

  /** Answers the OAuth endpoints; false for anything else. */
  boolean handles(HttpExchange ex, String host, String path, Map<String, String> p) throws IOException {
    if (host.equals(INSTAGRAM) && path.equals("/oauth/authorize")) {
      authorize(ex, p, INSTAGRAM, "instagram_business_basic", "instagram_business_content_publish");
    } else if (host.equals(INSTAGRAM) && path.equals("/oauth/access_token") && ex.getRequestMethod().equals("POST")) {
      if (!"authorization_code".equals(p.get("grant_type"))) {
        oauthError(ex, "Invalid grant_type");
        return true;
      }
      if (redeem(ex, p, INSTAGRAM)) {
        String token = "IGQ" + UUID.randomUUID().toString().replace("-", "");
        tokens.put(token, new Access(igUserId, igUsername, INSTAGRAM, "ig_short"));
        LoopbackHttp.json(ex, 200, Map.of("data", List.of(Map.of("access_token", token, "user_id", igUserId,
            "permissions", "instagram_business_basic,instagram_business_content_publish"))));
      }
    } else if (host.equals(INSTAGRAM) && path.equals("/access_token")) {
      var a = tokens.get(p.getOrDefault("access_token", ""));
      var c = clients.values().stream().filter(x -> x.secret().equals(p.get("client_secret"))).findFirst();
      if (!"ig_exchange_token".equals(p.get("grant_type")) || a == null || !a.kind().equals("ig_short") || c.isEmpty()) {
        FakeInstagram.error(ex, 400, 190, 0, "Invalid exchange: a short-lived token, the app secret and ig_exchange_token are required");
        return true;
      }
      longLived(ex, a);
    } else if (host.equals(INSTAGRAM) && path.equals("/refresh_access_token")) {
      var a = tokens.get(p.getOrDefault("access_token", ""));
      if (!"ig_refresh_token".equals(p.get("grant_type")) || a == null || !a.kind().equals("ig_long")) {
        FakeInstagram.error(ex, 400, 190, 0, "Error validating access token");
        return true;
      }
      refreshes.incrementAndGet();
      longLived(ex, a);
    } else if (host.equals(FACEBOOK) && path.matches("/v\\d+\\.\\d+/dialog/oauth")) {
      authorize(ex, p, FACEBOOK, "instagram_basic", "instagram_content_publish", "pages_show_list");
    } else if (host.equals(FACEBOOK) && path.matches("/v\\d+\\.\\d+/oauth/access_token")) {
      var client = clients.get(p.getOrDefault("client_id", ""));
      if (client == null || !client.secret().equals(p.get("client_secret"))) {
        FakeInstagram.error(ex, 400, 101, 0, "Error validating application. Invalid application ID or secret");
      } else if ("fb_exchange_token".equals(p.get("grant_type"))) {
        var a = tokens.get(p.getOrDefault("fb_exchange_token", ""));
        if (a == null || !a.kind().equals("fb_user")) {
          FakeInstagram.error(ex, 400, 190, 0, "Invalid OAuth access token");
        } else {
          String token = "EAAL" + UUID.randomUUID().toString().replace("-", "");
          tokens.put(token, a);
          LoopbackHttp.json(ex, 200, Map.of("access_token", token, "token_type", "bearer", "expires_in", 5183944));
        }
      } else if (redeem(ex, p, FACEBOOK)) {
        String token = "EAAS" + UUID.randomUUID().toString().replace("-", "");
        tokens.put(token, new Access("10150000000000001", "Fay Book", FACEBOOK, "fb_user"));
        LoopbackHttp.json(ex, 200, Map.of("access_token", token, "token_type", "bearer", "expires_in", 5400));
      }
    } else {
      return false;
    }
    return true;
  }

  private void authorize(HttpExchange ex, Map<String, String> p, String host, String... requiredScopes) throws IOException {
    var client = clients.get(p.getOrDefault("client_id", ""));
    String redirect = p.get("redirect_uri");
    if (client == null || redirect == null || !client.redirects().contains(redirect) || !"code".equals(p.get("response_type"))) {
      LoopbackHttp.plain(ex, 400, "Invalid client_id, redirect_uri or response_type");
      return;
    }
    var scopes = Set.of(p.getOrDefault("scope", "").split(","));
    for (String s : requiredScopes) {
      if (!scopes.contains(s)) {
        LoopbackHttp.plain(ex, 400, "Missing scope " + s);
        return;
      }
    }
    String code = "AQ" + UUID.randomUUID().toString().replace("-", "");
    codes.put(code, new Code(client.id(), redirect, host));
    String state = p.get("state") == null ? "" : "&state=" + URLEncoder.encode(p.get("state"), StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Location", redirect + "?code=" + code + state + (host.equals(INSTAGRAM) ? "#_" : ""));
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  /** A code's single use, for the client and redirect it was issued to; false after answering the error. */
  private boolean redeem(HttpExchange ex, Map<String, String> p, String host) throws IOException {
    var client = clients.get(p.getOrDefault("client_id", ""));
    var code = codes.remove(p.getOrDefault("code", ""));
    if (client == null || !client.secret().equals(p.get("client_secret")) || code == null || !code.host().equals(host)
        || !code.clientId().equals(client.id()) || !code.redirect().equals(p.get("redirect_uri"))) {
      if (host.equals(INSTAGRAM)) {
        oauthError(ex, "Invalid client, redirect_uri or authorization code");
      } else {
        FakeInstagram.error(ex, 400, 100, 36007, "Invalid verification code format or the code was used");
      }
      return false;
    }
    return true;
  }

  private void longLived(HttpExchange ex, Access a) throws IOException {
    String token = "IGAA" + UUID.randomUUID().toString().replace("-", "");
    tokens.put(token, new Access(a.userId(), a.username(), INSTAGRAM, "ig_long"));
    LoopbackHttp.json(ex, 200, Map.of("access_token", token, "token_type", "bearer", "expires_in", 5183944));
  }

  private static void oauthError(HttpExchange ex, String message) throws IOException {
    LoopbackHttp.json(ex, 400, Map.of("error_type", "OAuthException", "code", 400, "error_message", message));
  }

  void me(HttpExchange ex, Access who) throws IOException {
    if (who.host().equals(INSTAGRAM)) {
      var body = new LinkedHashMap<String, Object>();
      body.put("id", "26" + who.userId().substring(4));
      body.put("user_id", who.userId());
      body.put("username", who.username());
      body.put("name", "Octo Gram");
      body.put("profile_picture_url", "https://scontent.example/" + who.userId() + ".jpg");
      body.put("account_type", "BUSINESS");
      LoopbackHttp.json(ex, 200, body);
    } else {
      LoopbackHttp.json(ex, 200, Map.of("id", who.userId(), "name", who.username()));
    }
  }

  void accounts(HttpExchange ex, Access who) throws IOException {
    if (!who.kind().equals("fb_user")) {
      FakeInstagram.error(ex, 400, 100, 0, "/me/accounts needs a user access token");
      return;
    }
    var data = new ArrayList<Map<String, Object>>();
    for (Page page : pages) {
      var entry = new LinkedHashMap<String, Object>();
      entry.put("id", page.id());
      entry.put("name", page.name());
      entry.put("access_token", issue(page.igUserId() == null ? page.id() : page.igUserId(),
          page.igUsername() == null ? page.name() : page.igUsername(), FACEBOOK));
      if (page.igUserId() != null) {
        entry.put("instagram_business_account", Map.of("id", page.igUserId(), "username", page.igUsername(),
            "name", page.name() + " on Instagram", "profile_picture_url", "https://scontent.example/" + page.igUserId() + ".jpg"));
      }
      data.add(entry);
    }
    LoopbackHttp.json(ex, 200, Map.of("data", data, "paging", Map.of("cursors", Map.of("before", "b", "after", "a"))));
  }
}

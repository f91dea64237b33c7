package ink.octopost.networks.instagram;

import ink.octopost.networks.NetworkCalls;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.NetworksProperties;
import ink.octopost.networks.OAuthFlow;
import ink.octopost.networks.Platform;
import ink.octopost.shared.OutboundHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Connecting Instagram accounts, both ways Meta offers (networks.md 6, 7.1). The login is chosen
 * with {@code instance_url} on {@code GET /v1/accounts/connect-url?platform=instagram}: nothing (or
 * {@code instagram}) is Instagram Login, for professional accounts without a Page; {@code facebook}
 * is Facebook Login, for professional accounts linked to Facebook Pages, every one of which the
 * login grants is offered to choose from. The instance a connection remembers is then {@code null}
 * or {@value #FACEBOOK_INSTANCE}. Meta's flows use no PKCE; the verifier is ignored.
 */
@Component
class InstagramOAuth implements OAuthFlow {

  static final String FACEBOOK_INSTANCE = "https://www.facebook.com";

  static final String INSTAGRAM_SCOPES =
      "instagram_business_basic,instagram_business_content_publish,instagram_business_manage_comments";

  static final String FACEBOOK_SCOPES =
      "instagram_basic,instagram_content_publish,instagram_manage_comments,pages_show_list,pages_read_engagement,business_management";

  private final OutboundHttp http;
  private final JsonMapper json;
  private final Clock clock;
  private final Hosts hosts;

  @Autowired
  InstagramOAuth(OutboundHttp http, JsonMapper json, Clock clock, NetworksProperties networks,
      ObjectProvider<InstagramProperties> props) {
    this(http, json, clock, Hosts.of(networks, props.getIfAvailable(() -> InstagramProperties.DEFAULTS)));
  }

  InstagramOAuth(OutboundHttp http, JsonMapper json, Clock clock, Hosts hosts) {
    this.http = http;
    this.json = json;
    this.clock = clock;
    this.hosts = hosts;
  }

  @Override
  public Platform platform() {
    return Platform.INSTAGRAM;
  }

  @Override
  public String instance(String instanceUrl) {
    if (instanceUrl == null || instanceUrl.isBlank()) {
      return null;
    }
    String v = instanceUrl.strip().toLowerCase(Locale.ROOT);
    v = v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    return switch (v) {
      case "instagram", "https://www.instagram.com", "https://instagram.com", "https://graph.instagram.com" -> null;
      case "facebook", "https://www.facebook.com", "https://facebook.com", "https://graph.facebook.com" -> FACEBOOK_INSTANCE;
      default -> throw new IllegalArgumentException(
          "for instagram, instance_url chooses the login: \"instagram\" (Instagram Login, the default) or \"facebook\""
              + " (Facebook Login, for Instagram accounts linked to Facebook Pages)");
    };
  }

  private static boolean facebook(String instance) {
    return FACEBOOK_INSTANCE.equals(instance);
  }

  @Override
  public Client client(String instance, String redirectUri, ClientStore store) throws NetworkFailure {
    String id = facebook(instance) ? hosts.facebookClientId() : hosts.instagramClientId();
    String secret = facebook(instance) ? hosts.facebookClientSecret() : hosts.instagramClientSecret();
    if (Hosts.blank(id) || Hosts.blank(secret)) {
      throw new NetworkFailure.Rejected("not_configured", facebook(instance)
          ? "Facebook Login for Instagram is not configured: set OCTOPOST_NETWORKS_FACEBOOK_CLIENT_ID and _CLIENT_SECRET"
              + " (or OCTOPOST_NETWORKS_INSTAGRAM_CLIENT_ID and _CLIENT_SECRET)"
          : "Instagram Login is not configured: set OCTOPOST_NETWORKS_INSTAGRAM_CLIENT_ID and _CLIENT_SECRET");
    }
    return new Client(id, secret);
  }

  @Override
  public URI authorizationUrl(Client client, String instance, String redirectUri, String state, String codeChallenge) {
    var query = new LinkedHashMap<String, String>();
    query.put("client_id", client.clientId());
    query.put("redirect_uri", redirectUri);
    query.put("response_type", "code");
    query.put("scope", facebook(instance) ? FACEBOOK_SCOPES : INSTAGRAM_SCOPES);
    query.put("state", state);
    return URI.create(facebook(instance)
        ? hosts.loginFacebook() + "/" + hosts.version() + "/dialog/oauth?" + GraphApi.form(query)
        : hosts.loginInstagram() + "/oauth/authorize?" + GraphApi.form(query));
  }

  @Override
  public boolean grantsSeveralAccounts() {
    return true;
  }

  @Override
  public NetworkConnector.Identity exchange(Client client, String instance, String redirectUri, String code, String codeVerifier)
      throws NetworkFailure {
    return exchangeAll(client, instance, redirectUri, code, codeVerifier).getFirst();
  }

  @Override
  public List<NetworkConnector.Identity> exchangeAll(Client client, String instance, String redirectUri, String code,
      String codeVerifier) throws NetworkFailure {
    return facebook(instance) ? facebookAccounts(client, redirectUri, code) : List.of(instagramAccount(client, redirectUri, code));
  }

  /** Instagram Login: code → 1-hour token (api.instagram.com) → 60-day token → the account. */
  private NetworkConnector.Identity instagramAccount(Client client, String redirectUri, String code) throws NetworkFailure {
    var form = new LinkedHashMap<String, String>();
    form.put("client_id", client.clientId());
    form.put("client_secret", client.clientSecret());
    form.put("grant_type", "authorization_code");
    form.put("redirect_uri", redirectUri);
    form.put("code", code);
    var req = OutboundHttp.request(URI.create(hosts.tokenInstagram() + "/oauth/access_token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(GraphApi.form(form)))
        .build();
    JsonNode shortLived = call(req);
    if (shortLived.path("data").isArray()) {
      shortLived = shortLived.path("data").path(0);
    }
    String first = token(shortLived);
    JsonNode longLived = call(OutboundHttp.request(URI.create(hosts.graphInstagram() + "/access_token?" + GraphApi.form(Map.of(
        "grant_type", "ig_exchange_token", "client_secret", client.clientSecret(), "access_token", first)))).GET().build());
    String token = token(longLived);
    Instant expires = clock.instant().plusSeconds(longLived.path("expires_in").asLong(60L * 24 * 3600));
    var api = new GraphApi(http, json, clock, hosts.graph(Hosts.INSTAGRAM_LOGIN), token, false);
    JsonNode me = api.get("/me", Map.of("fields", "user_id,username,name,profile_picture_url,account_type"));
    String id = me.path("user_id").asString(me.path("id").asString(null));
    if (id == null || id.isBlank()) {
      throw new NetworkFailure.Rejected("authorization_refused", "Instagram did not say whose token it issued");
    }
    return new NetworkConnector.Identity(id, me.path("username").asString(id), me.path("name").asString(null),
        me.path("profile_picture_url").asString(null), null,
        InstagramConnector.credentials(token, Hosts.INSTAGRAM_LOGIN, expires), expires);
  }

  /**
   * Facebook Login: code → user token → long-lived user token → the Pages it manages with their
   * Page tokens (which then do not expire) and the Instagram account linked to each: one identity
   * per Instagram account.
   */
  private List<NetworkConnector.Identity> facebookAccounts(Client client, String redirectUri, String code) throws NetworkFailure {
    String graph = hosts.graph(Hosts.FACEBOOK_LOGIN);
    JsonNode user = call(OutboundHttp.request(URI.create(graph + "/oauth/access_token?" + GraphApi.form(Map.of(
        "client_id", client.clientId(), "client_secret", client.clientSecret(), "redirect_uri", redirectUri, "code", code))))
        .GET().build());
    JsonNode longLived = call(OutboundHttp.request(URI.create(graph + "/oauth/access_token?" + GraphApi.form(Map.of(
        "grant_type", "fb_exchange_token", "client_id", client.clientId(), "client_secret", client.clientSecret(),
        "fb_exchange_token", token(user))))).GET().build());
    var api = new GraphApi(http, json, clock, graph, token(longLived), false);
    var out = new ArrayList<NetworkConnector.Identity>();
    var seen = new java.util.HashSet<String>();
    String after = null;
    for (int page = 0; page < 20; page++) {
      var query = new LinkedHashMap<String, String>();
      query.put("fields", "id,name,access_token,instagram_business_account{id,username,name,profile_picture_url}");
      query.put("limit", "100");
      if (after != null) {
        query.put("after", after);
      }
      JsonNode accounts = api.get("/me/accounts", query);
      for (JsonNode p : accounts.path("data")) {
        JsonNode ig = p.path("instagram_business_account");
        String id = ig.path("id").asString(null);
        String pageToken = p.path("access_token").asString(null);
        if (id == null || pageToken == null || !seen.add(id)) {
          continue;
        }
        String name = ig.path("name").asString(null);
        out.add(new NetworkConnector.Identity(id, ig.path("username").asString(id),
            name != null ? name : p.path("name").asString(null), ig.path("profile_picture_url").asString(null), null,
            InstagramConnector.credentials(pageToken, Hosts.FACEBOOK_LOGIN, null), null));
      }
      after = accounts.path("paging").path("cursors").path("after").asString(null);
      if (after == null || accounts.path("paging").path("next").isMissingNode()) {
        break;
      }
    }
    if (out.isEmpty()) {
      throw new NetworkFailure.Rejected("no_accounts", "None of the Facebook Pages this login granted has an Instagram"
          + " professional account linked to it: link one in the Page's settings (or use Instagram Login), then connect again");
    }
    return out;
  }

  private JsonNode call(HttpRequest request) throws NetworkFailure {
    HttpResponse<byte[]> response = NetworkCalls.send(http, request, "Instagram");
    if (response.statusCode() / 100 != 2) {
      NetworkFailure f = MetaErrors.classify(response, json, clock.instant(), false);
      if (f instanceof NetworkFailure.AccessRevoked || f instanceof NetworkFailure.Rejected) {
        throw new NetworkFailure.Rejected("authorization_refused", f.getMessage());
      }
      throw f;
    }
    try {
      return json.readTree(response.body());
    } catch (RuntimeException e) {
      throw new NetworkFailure.Unavailable("Meta answered the token request with something that is not JSON");
    }
  }

  private static String token(JsonNode node) throws NetworkFailure {
    String token = node.path("access_token").asString(null);
    if (token == null || token.isBlank()) {
      throw new NetworkFailure.Rejected("authorization_refused", "Meta answered without an access token");
    }
    return token;
  }
}

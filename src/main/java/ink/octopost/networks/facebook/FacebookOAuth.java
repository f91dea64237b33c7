package ink.octopost.networks.facebook;

import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.NetworksProperties;
import ink.octopost.networks.OAuthFlow;
import ink.octopost.networks.Platform;
import ink.octopost.shared.OutboundHttp;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Connecting Facebook Pages: Facebook Login's code flow (networks.md 7.1). The code becomes a short-lived
 * user token, that a long-lived one ({@code fb_exchange_token}), and that the Pages the user manages
 * ({@code GET /me/accounts}), each with its own Page token. A Page token fetched with a long-lived user
 * token does not expire (it dies on a password change, an admin's removal or the app's removal, and then
 * error 190 asks for a reconnect), so no expiry is recorded and nothing is refreshed. One login grants
 * several Pages: the user chooses which to connect.
 */
@Component
class FacebookOAuth implements OAuthFlow {

  /** Posting, reading what was posted, commenting as the Page, video, and listing the Pages (networks.md 7.1). */
  static final String SCOPES =
      "pages_show_list,pages_read_engagement,pages_manage_posts,pages_manage_engagement,publish_video";
  static final String DEFAULT_LOGIN = "https://www.facebook.com";
  /** The Page task that allows posting; Pages without it are not offered. */
  static final String CREATE_CONTENT = "CREATE_CONTENT";
  /** Pages of {@code /me/accounts} followed at most (100 Pages each). */
  private static final int MAX_PAGES = 20;

  private final GraphApi api;
  private final NetworksProperties props;
  private final String dialog;

  @Autowired
  FacebookOAuth(OutboundHttp http, JsonMapper json, Clock clock, NetworksProperties props,
      ObjectProvider<FacebookProperties> facebook) {
    this(http, json, clock, props, facebook.getIfAvailable(() -> FacebookProperties.DEFAULTS));
  }

  FacebookOAuth(OutboundHttp http, JsonMapper json, Clock clock, NetworksProperties props, FacebookProperties facebook) {
    facebook = facebook == null ? FacebookProperties.DEFAULTS : facebook;
    this.api = new GraphApi(http, json, clock, props, facebook);
    this.props = props;
    // The dialog lives on www.facebook.com, not the Graph host; a configured base URL (a local fake)
    // serves both unless a login URL is configured too.
    String configured = props.of(Platform.FACEBOOK).baseUrl();
    String login = facebook.loginUrl() != null ? facebook.loginUrl()
        : configured == null || configured.isBlank() ? DEFAULT_LOGIN : api.graphHost();
    this.dialog = login + "/" + facebook.graphVersion() + "/dialog/oauth";
  }

  @Override
  public Platform platform() {
    return Platform.FACEBOOK;
  }

  @Override
  public Client client(String instance, String redirectUri, ClientStore store) throws NetworkFailure {
    return FacebookConnector.client(props);
  }

  @Override
  public URI authorizationUrl(Client client, String instance, String redirectUri, String state, String codeChallenge) {
    var query = new LinkedHashMap<String, String>();
    query.put("client_id", client.clientId());
    query.put("redirect_uri", redirectUri);
    query.put("state", state);
    query.put("response_type", "code");
    query.put("scope", SCOPES);
    query.put("code_challenge", codeChallenge);
    query.put("code_challenge_method", "S256");
    return URI.create(dialog + "?" + GraphApi.form(query));
  }

  @Override
  public boolean grantsSeveralAccounts() {
    return true;
  }

  /** The first Page the login grants (the accounts feature asks {@link #exchangeAll} on this network). */
  @Override
  public NetworkConnector.Identity exchange(Client client, String instance, String redirectUri, String code,
      String codeVerifier) throws NetworkFailure {
    return exchangeAll(client, instance, redirectUri, code, codeVerifier).getFirst();
  }

  @Override
  public List<NetworkConnector.Identity> exchangeAll(Client client, String instance, String redirectUri, String code,
      String codeVerifier) throws NetworkFailure {
    var grant = new LinkedHashMap<String, String>();
    grant.put("client_id", client.clientId());
    grant.put("client_secret", client.clientSecret());
    grant.put("redirect_uri", redirectUri);
    grant.put("code", code);
    if (codeVerifier != null) {
      grant.put("code_verifier", codeVerifier);
    }
    String shortLived = token(grant, "the login code");
    String longLived = token(Map.of("grant_type", "fb_exchange_token", "client_id", client.clientId(),
        "client_secret", client.clientSecret(), "fb_exchange_token", shortLived), "the short-lived user token");
    var pages = new ArrayList<NetworkConnector.Identity>();
    JsonNode answer = api.get("me/accounts", longLived, Map.of("fields", "id,name,access_token,tasks,picture{url}", "limit", "100"));
    for (int n = 0; ; n++) {
      for (JsonNode page : answer.path("data")) {
        var identity = identity(page);
        if (identity != null) {
          pages.add(identity);
        }
      }
      String next = answer.path("paging").path("next").asString(null);
      if (next == null || next.isBlank() || n + 1 >= MAX_PAGES) {
        break;
      }
      answer = api.getNext(next);
    }
    if (pages.isEmpty()) {
      throw new NetworkFailure.Rejected("no_pages", "This Facebook login manages no Page Octopost may post to: the user "
          + "needs the Create content task on a Page, and must select the Page when Facebook asks");
    }
    return List.copyOf(pages);
  }

  /** One Page as an account, or null when the user may not post on it or Meta gave no Page token. */
  private static NetworkConnector.Identity identity(JsonNode page) {
    String id = page.path("id").asString(null);
    String token = page.path("access_token").asString(null);
    if (id == null || id.isBlank() || token == null || token.isBlank()) {
      return null;
    }
    JsonNode tasks = page.path("tasks");
    if (tasks.isArray()) {
      boolean creates = false;
      for (JsonNode t : tasks) {
        creates |= CREATE_CONTENT.equals(t.asString(""));
      }
      if (!creates) {
        return null;
      }
    }
    String name = page.path("name").asString(id);
    String avatar = page.path("picture").path("data").path("url").asString(null);
    // A Page token from a long-lived user token does not expire (networks.md 7.1): no expiry recorded.
    return new NetworkConnector.Identity(id, name, name, avatar, null, Map.of("access_token", token), null);
  }

  private String token(Map<String, String> grant, String what) throws NetworkFailure {
    JsonNode answer;
    try {
      answer = api.get("oauth/access_token", null, grant);
    } catch (NetworkFailure.Rejected e) {
      if ("client_refused".equals(e.code())) {
        throw e; // the app, not the login: no reconnect would fix it
      }
      throw new NetworkFailure.Rejected("authorization_refused", "Facebook refused " + what + ": " + e.getMessage());
    } catch (NetworkFailure.AccessRevoked e) {
      throw new NetworkFailure.Rejected("authorization_refused", "Facebook refused " + what + ": " + e.getMessage());
    }
    String token = answer.path("access_token").asString(null);
    if (token == null || token.isBlank()) {
      throw new NetworkFailure.Rejected("token_refused", "Facebook answered " + what + " without an access token");
    }
    return token;
  }
}

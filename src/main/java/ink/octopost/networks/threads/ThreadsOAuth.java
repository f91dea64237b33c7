package ink.octopost.networks.threads;

import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.NetworksProperties;
import ink.octopost.networks.OAuthFlow;
import ink.octopost.networks.Platform;
import ink.octopost.networks.TokenExpiry;
import ink.octopost.shared.OutboundHttp;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Connecting a Threads account: Meta's OAuth 2.0 code flow on threads.net (networks.md 5.1). The
 * code buys a one-hour token, traded at once for a 60-day one ({@code th_exchange_token}); the
 * profile ({@code /me}) names the account. Meta's flow takes no PKCE, so the challenge and verifier
 * the accounts feature hands over are not sent; the single-use state still guards the callback.
 */
@Component
class ThreadsOAuth implements OAuthFlow {

  /** Reading the profile, publishing, replying (reply chains), deleting (networks.md 5.1). */
  static final String SCOPES = "threads_basic,threads_content_publish,threads_manage_replies,threads_delete";
  static final String AUTHORIZE = "https://threads.net/oauth/authorize";

  private final ThreadsApi api;
  private final NetworksProperties networks;
  private final Clock clock;
  private final String authorizeUrl;

  @Autowired
  ThreadsOAuth(OutboundHttp http, JsonMapper json, Clock clock, NetworksProperties networks,
      ObjectProvider<ThreadsProperties> props) {
    this(http, json, clock, networks, props.getIfAvailable(() -> ThreadsProperties.DEFAULTS));
  }

  ThreadsOAuth(OutboundHttp http, JsonMapper json, Clock clock, NetworksProperties networks, ThreadsProperties props) {
    this.api = ThreadsConnector.api(http, json, clock, networks, props);
    this.networks = networks;
    this.clock = clock;
    // The consent page lives on threads.net, not the API host; a configured base URL (a local
    // fake) serves both unless the consent page is configured on its own.
    String configured = networks.of(Platform.THREADS).baseUrl();
    this.authorizeUrl = props.authorizeUrl() != null ? props.authorizeUrl()
        : configured == null || configured.isBlank() ? AUTHORIZE : api.base() + "/oauth/authorize";
  }

  @Override
  public Platform platform() {
    return Platform.THREADS;
  }

  @Override
  public Client client(String instance, String redirectUri, ClientStore store) throws NetworkFailure {
    return ThreadsConnector.client(networks);
  }

  @Override
  public URI authorizationUrl(Client client, String instance, String redirectUri, String state, String codeChallenge) {
    var query = new LinkedHashMap<String, String>();
    query.put("client_id", client.clientId());
    query.put("redirect_uri", redirectUri);
    query.put("scope", SCOPES);
    query.put("response_type", "code");
    query.put("state", state);
    return URI.create(authorizeUrl + "?" + ThreadsApi.form(query).replace("%2C", ","));
  }

  @Override
  public NetworkConnector.Identity exchange(Client client, String instance, String redirectUri, String code,
      String codeVerifier) throws NetworkFailure {
    ThreadsApi.Tokens shortLived;
    ThreadsApi.Tokens longLived;
    try {
      shortLived = api.exchangeCode(client, redirectUri, code);
      longLived = api.longLived(client.clientSecret(), shortLived.accessToken());
    } catch (NetworkFailure.CredentialsExpired | NetworkFailure.AccessRevoked e) {
      throw new NetworkFailure.Rejected("authorization_refused", e.getMessage());
    }
    var credentials = ThreadsTokens.of(longLived.accessToken(), longLived.expiresIn(), clock.instant());
    var me = api.me(longLived.accessToken());
    String id = me.path("id").asString(shortLived.userId());
    if (id == null || id.isBlank()) {
      throw new NetworkFailure.Rejected("rejected", "Threads did not say which account the token belongs to");
    }
    String username = me.path("username").asString(null);
    return new NetworkConnector.Identity(id, username, me.path("name").asString(username),
        me.path("threads_profile_picture_url").asString(null), null, credentials, TokenExpiry.expiresAt(credentials));
  }
}

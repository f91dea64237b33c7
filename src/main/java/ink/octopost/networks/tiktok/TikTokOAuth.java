package ink.octopost.networks.tiktok;

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
 * Connecting a TikTok account: Login Kit's OAuth 2.0 code flow (networks.md 8.1) with a {@code
 * client_key} instead of a client id, comma-separated scopes, and PKCE (S256 challenge on the
 * consent page, the verifier at the token endpoint). The token answer names the account ({@code
 * open_id}); {@code /v2/user/info/} gives its name and avatar.
 */
@Component
class TikTokOAuth implements OAuthFlow {

  static final String SCOPES = "user.info.basic,video.publish,video.upload";
  static final String AUTHORIZE = "https://www.tiktok.com/v2/auth/authorize/";

  private final TikTokApi api;
  private final TikTokConnector connector;
  private final NetworksProperties networks;
  private final Clock clock;
  private final String authorizeUrl;

  @Autowired
  TikTokOAuth(OutboundHttp http, JsonMapper json, Clock clock, NetworksProperties networks,
      ObjectProvider<TikTokProperties> props) {
    this(http, json, clock, networks, props.getIfAvailable(() -> TikTokProperties.DEFAULTS));
  }

  TikTokOAuth(OutboundHttp http, JsonMapper json, Clock clock, NetworksProperties networks, TikTokProperties props) {
    this.api = TikTokConnector.api(http, json, clock, networks);
    this.connector = new TikTokConnector(http, json, clock, null, networks, props);
    this.networks = networks;
    this.clock = clock;
    String configured = networks.of(Platform.TIKTOK).baseUrl();
    this.authorizeUrl = props.authorizeUrl() != null ? props.authorizeUrl()
        : configured == null || configured.isBlank() ? AUTHORIZE : api.base() + "/v2/auth/authorize/";
  }

  @Override
  public Platform platform() {
    return Platform.TIKTOK;
  }

  @Override
  public Client client(String instance, String redirectUri, ClientStore store) throws NetworkFailure {
    return TikTokConnector.client(networks);
  }

  @Override
  public URI authorizationUrl(Client client, String instance, String redirectUri, String state, String codeChallenge) {
    var query = new LinkedHashMap<String, String>();
    query.put("client_key", client.clientId());
    query.put("response_type", "code");
    query.put("scope", SCOPES);
    query.put("redirect_uri", redirectUri);
    query.put("state", state);
    if (codeChallenge != null) {
      query.put("code_challenge", codeChallenge);
      query.put("code_challenge_method", "S256");
    }
    return URI.create(authorizeUrl + "?" + TikTokApi.form(query).replace("%2C", ","));
  }

  @Override
  public NetworkConnector.Identity exchange(Client client, String instance, String redirectUri, String code,
      String codeVerifier) throws NetworkFailure {
    var form = new LinkedHashMap<String, String>();
    form.put("client_key", client.clientId());
    form.put("client_secret", client.clientSecret());
    form.put("code", code);
    form.put("grant_type", "authorization_code");
    form.put("redirect_uri", redirectUri);
    form.put("code_verifier", codeVerifier);
    TikTokApi.Tokens t;
    try {
      t = api.token(form);
    } catch (NetworkFailure.CredentialsExpired | NetworkFailure.AccessRevoked e) {
      throw new NetworkFailure.Rejected("authorization_refused", e.getMessage());
    }
    var credentials = TikTokTokens.of(t, null, clock.instant());
    var user = api.userInfo(t.accessToken());
    String id = t.openId() != null ? t.openId() : user.path("open_id").asString(null);
    if (id == null || id.isBlank()) {
      throw new NetworkFailure.Rejected("rejected", "TikTok did not say which account the token belongs to");
    }
    String username = user.path("username").asString(null);
    String name = user.path("display_name").asString(username);
    ink.octopost.networks.AccountLimits limits = null;
    try {
      limits = connector.limits(new ink.octopost.networks.Publication.AccountContext(null, Platform.TIKTOK, id, username, null,
          credentials)).orElse(null);
    } catch (NetworkFailure later) {
      // read again later; the post itself queries creator_info anyway
    }
    return new NetworkConnector.Identity(id, username, name, user.path("avatar_url").asString(null), null, credentials,
        TokenExpiry.expiresAt(credentials), limits);
  }
}

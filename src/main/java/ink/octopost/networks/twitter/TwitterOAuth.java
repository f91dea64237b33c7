package ink.octopost.networks.twitter;

import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.NetworksProperties;
import ink.octopost.networks.OAuthFlow;
import ink.octopost.networks.Platform;
import ink.octopost.shared.OutboundHttp;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Connecting an X account: OAuth 2.0 Authorization Code with PKCE (networks.md 1.1). The scopes
 * cover posting text and media and, through {@code offline.access}, a refresh token; without it
 * the account would need reconnecting every two hours.
 */
@Component
class TwitterOAuth implements OAuthFlow {

  static final String SCOPES = "tweet.read tweet.write users.read media.write offline.access";
  private static final String AUTHORIZE = "https://x.com/i/oauth2/authorize";

  private final XApi api;
  private final NetworksProperties props;
  private final Clock clock;
  private final String authorizeUrl;

  TwitterOAuth(OutboundHttp http, JsonMapper json, Clock clock, NetworksProperties props) {
    this.api = new XApi(http, json, clock, props.baseUrl(Platform.TWITTER, XApi.DEFAULT_BASE));
    this.props = props;
    this.clock = clock;
    // The consent page lives on x.com, not the API host; a configured base URL (a local fake)
    // serves both.
    String configured = props.of(Platform.TWITTER).baseUrl();
    this.authorizeUrl = configured == null || configured.isBlank() ? AUTHORIZE : api.base() + "/i/oauth2/authorize";
  }

  @Override
  public Platform platform() {
    return Platform.TWITTER;
  }

  @Override
  public Client client(String instance, String redirectUri, ClientStore store) throws NetworkFailure {
    return TwitterConnector.client(props);
  }

  @Override
  public URI authorizationUrl(Client client, String instance, String redirectUri, String state, String codeChallenge) {
    var query = new LinkedHashMap<String, String>();
    query.put("response_type", "code");
    query.put("client_id", client.clientId());
    query.put("redirect_uri", redirectUri);
    query.put("scope", SCOPES);
    query.put("state", state);
    query.put("code_challenge", codeChallenge);
    query.put("code_challenge_method", "S256");
    return URI.create(authorizeUrl + "?" + XApi.form(query).replace("+", "%20"));
  }

  @Override
  public NetworkConnector.Identity exchange(Client client, String instance, String redirectUri, String code,
      String codeVerifier) throws NetworkFailure {
    var now = clock.instant();
    XApi.Tokens tokens;
    try {
      tokens = api.token(client, Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri,
          "code_verifier", codeVerifier));
    } catch (XApi.GrantRefused e) {
      throw new NetworkFailure.Rejected("authorization_refused", e.getMessage());
    }
    var credentials = XCredentials.of(tokens, null, now);
    var me = api.me(XCredentials.bearer(credentials));
    String id = me.path("id").asString(null);
    if (id == null || id.isBlank()) {
      throw new NetworkFailure.Rejected("rejected", "X did not say which account the token belongs to");
    }
    return new NetworkConnector.Identity(id, me.path("username").asString(null), me.path("name").asString(null),
        me.path("profile_image_url").asString(null), null, credentials, XCredentials.expiresAt(tokens, now));
  }
}

package ink.octopost.networks.mastodon;

import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.OAuthFlow;
import ink.octopost.networks.Platform;
import ink.octopost.shared.OutboundHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Connecting a Mastodon account without pasting a token (networks.md 3.1): Octopost registers
 * itself once per instance ({@code POST /api/v1/apps}), then runs the authorization-code flow with
 * PKCE against that instance. {@code read:accounts} lets it ask whose token it got.
 */
@Component
class MastodonOAuth implements OAuthFlow {

  static final String SCOPES = "read:accounts write:statuses write:media";

  private final MastodonApi api;

  MastodonOAuth(OutboundHttp http, JsonMapper json, Clock clock) {
    this.api = new MastodonApi(http, json, clock);
  }

  @Override
  public Platform platform() {
    return Platform.MASTODON;
  }

  @Override
  public String instance(String instanceUrl) {
    return MastodonConnector.instance(instanceUrl);
  }

  @Override
  public Client client(String instance, String redirectUri, ClientStore store) throws NetworkFailure {
    var known = store.find(instance, redirectUri);
    if (known.isPresent()) {
      return known.get();
    }
    var app = api.registerApp(instance, redirectUri, SCOPES, null);
    String id = app.path("client_id").asString(null);
    if (id == null || id.isBlank()) {
      throw new NetworkFailure.Rejected("rejected", "Mastodon did not register Octopost as an app on " + instance);
    }
    return store.save(instance, redirectUri, new Client(id, app.path("client_secret").asString(null)));
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
    return URI.create(instance + "/oauth/authorize?" + form(query));
  }

  @Override
  public NetworkConnector.Identity exchange(Client client, String instance, String redirectUri, String code,
      String codeVerifier) throws NetworkFailure {
    var form = new LinkedHashMap<String, String>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("client_id", client.clientId());
    if (client.clientSecret() != null) {
      form.put("client_secret", client.clientSecret());
    }
    form.put("redirect_uri", redirectUri);
    form.put("code_verifier", codeVerifier);
    String token = api.token(instance, form).path("access_token").asString(null);
    if (token == null || token.isBlank()) {
      throw new NetworkFailure.Rejected("authorization_refused", "Mastodon answered without an access token");
    }
    return MastodonConnector.identity(api, instance, token);
  }

  private static String form(Map<String, String> fields) {
    var out = new StringJoiner("&");
    fields.forEach((k, v) -> out.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20")));
    return out.toString();
  }
}

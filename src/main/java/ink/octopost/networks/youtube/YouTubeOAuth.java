package ink.octopost.networks.youtube;

import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.NetworksProperties;
import ink.octopost.networks.OAuthFlow;
import ink.octopost.networks.Platform;
import ink.octopost.shared.OutboundHttp;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Connecting YouTube channels: Google OAuth 2.0's web-server flow with PKCE (networks.md 9.1), offline
 * access and forced consent so Google always hands out a refresh token. The code becomes tokens, and
 * {@code GET /youtube/v3/channels?mine=true} the channels they act for: one account per channel, all
 * sharing the login's tokens. Access tokens last about an hour and are refreshed ({@link YouTubeConnector#refresh}).
 */
@Component
class YouTubeOAuth implements OAuthFlow {

  /**
   * Upload, list the channels (readonly), and delete videos and add them to playlists (force-ssl:
   * {@code youtube.upload} alone allows neither, networks.md 9.2).
   */
  static final String SCOPES = "https://www.googleapis.com/auth/youtube.upload https://www.googleapis.com/auth/youtube.readonly "
      + "https://www.googleapis.com/auth/youtube.force-ssl";

  private final GoogleApi api;
  private final NetworksProperties props;
  private final Clock clock;
  private final YouTubeQuota quota;

  @org.springframework.beans.factory.annotation.Autowired
  YouTubeOAuth(OutboundHttp http, JsonMapper json, Clock clock, NetworksProperties props, YouTubeQuota quota) {
    this.api = new GoogleApi(http, json, clock, props);
    this.props = props;
    this.clock = clock;
    this.quota = quota;
  }

  YouTubeOAuth(OutboundHttp http, JsonMapper json, Clock clock, NetworksProperties props) {
    this(http, json, clock, props, new YouTubeQuota(clock, YouTubeProperties.DEFAULTS.dailyQuota()));
  }

  @Override
  public Platform platform() {
    return Platform.YOUTUBE;
  }

  @Override
  public Client client(String instance, String redirectUri, ClientStore store) throws NetworkFailure {
    return YouTubeConnector.client(props);
  }

  @Override
  public URI authorizationUrl(Client client, String instance, String redirectUri, String state, String codeChallenge) {
    var query = new LinkedHashMap<String, String>();
    query.put("client_id", client.clientId());
    query.put("redirect_uri", redirectUri);
    query.put("response_type", "code");
    query.put("scope", SCOPES);
    query.put("access_type", "offline");
    query.put("prompt", "consent");
    query.put("include_granted_scopes", "true");
    query.put("state", state);
    query.put("code_challenge", codeChallenge);
    query.put("code_challenge_method", "S256");
    return URI.create(api.authorize + "?" + GoogleApi.form(query));
  }

  /** A Google account may own several channels (Brand Accounts): the user chooses which to connect. */
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
    var grant = new LinkedHashMap<String, String>();
    grant.put("grant_type", "authorization_code");
    grant.put("code", code);
    grant.put("client_id", client.clientId());
    grant.put("client_secret", client.clientSecret());
    grant.put("redirect_uri", redirectUri);
    if (codeVerifier != null) {
      grant.put("code_verifier", codeVerifier);
    }
    JsonNode tokens;
    try {
      tokens = api.tokenGrant(grant, "the login code");
    } catch (NetworkFailure.AccessRevoked e) {
      throw new NetworkFailure.Rejected("authorization_refused", e.getMessage());
    }
    String access = tokens.path("access_token").asString(null);
    String refresh = tokens.path("refresh_token").asString(null);
    if (access == null || access.isBlank()) {
      throw new NetworkFailure.Rejected("token_refused", "Google answered the login code without an access token");
    }
    Instant expires = clock.instant().plusSeconds(tokens.path("expires_in").asLong(3600));
    var credentials = new LinkedHashMap<String, String>();
    credentials.put("access_token", access);
    if (refresh != null && !refresh.isBlank()) {
      credentials.put("refresh_token", refresh);
    }
    JsonNode answer = api.get("channels", access, Map.of("part", "snippet", "mine", "true", "maxResults", "50"));
    quota.spend(client.clientId(), YouTubeQuota.LIST, "channels.list");
    var channels = new ArrayList<NetworkConnector.Identity>();
    for (JsonNode ch : answer.path("items")) {
      String id = ch.path("id").asString(null);
      if (id == null || id.isBlank()) {
        continue;
      }
      JsonNode snippet = ch.path("snippet");
      String title = snippet.path("title").asString(id);
      String handle = snippet.path("customUrl").asString(null);
      String avatar = snippet.path("thumbnails").path("default").path("url").asString(null);
      channels.add(new NetworkConnector.Identity(id, handle == null || handle.isBlank() ? title : handle, title, avatar, null,
          Map.copyOf(credentials), expires));
    }
    if (channels.isEmpty()) {
      throw new NetworkFailure.Rejected("no_channels",
          "This Google account has no YouTube channel: create one on youtube.com, then connect again");
    }
    return List.copyOf(channels);
  }
}

package ink.octopost.networks.linkedin;

import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.NetworksProperties;
import ink.octopost.networks.OAuthFlow;
import ink.octopost.networks.Platform;
import ink.octopost.networks.TokenExpiry;
import ink.octopost.shared.OutboundHttp;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Connecting LinkedIn: the OAuth 2.0 authorization code flow with the app's secret (networks.md 4.1). The
 * code becomes a 60-day access token (and, for approved partners, a refresh token); {@code GET /v2/userinfo}
 * names the member ({@code urn:li:person:{sub}}). When the login granted {@code w_organization_social}, the
 * organization pages the member administers ({@code GET /rest/organizationAcls?q=roleAssignee}) are offered
 * too, each its own account posting as the organization with the same token; the user chooses which.
 */
@Component
class LinkedInOAuth implements OAuthFlow {

  private static final Logger log = LoggerFactory.getLogger(LinkedInOAuth.class);

  static final String MEMBER_SCOPES = "openid profile w_member_social";
  static final String ORGANIZATION_SCOPES = "w_organization_social rw_organization_admin";
  static final String ORGANIZATION_SOCIAL = "w_organization_social";
  /** Roles that may post for a page (networks.md 4.2). */
  static final Set<String> POSTING_ROLES = Set.of("ADMINISTRATOR", "CONTENT_ADMINISTRATOR", "DIRECT_SPONSORED_CONTENT_POSTER");

  private final LinkedInApi api;
  private final NetworksProperties props;
  private final Clock clock;
  private final boolean organizations;

  @Autowired
  LinkedInOAuth(OutboundHttp http, JsonMapper json, Clock clock, NetworksProperties props,
      ObjectProvider<LinkedInProperties> linkedin) {
    this(http, json, clock, props, linkedin.getIfAvailable(() -> LinkedInProperties.DEFAULTS));
  }

  LinkedInOAuth(OutboundHttp http, JsonMapper json, Clock clock, NetworksProperties props, LinkedInProperties linkedin) {
    linkedin = linkedin == null ? LinkedInProperties.DEFAULTS : linkedin;
    this.api = new LinkedInApi(http, json, clock, props, linkedin);
    this.props = props;
    this.clock = clock;
    this.organizations = linkedin.organizations();
  }

  @Override
  public Platform platform() {
    return Platform.LINKEDIN;
  }

  @Override
  public Client client(String instance, String redirectUri, ClientStore store) throws NetworkFailure {
    return LinkedInConnector.client(props);
  }

  String scopes() {
    return organizations ? MEMBER_SCOPES + " " + ORGANIZATION_SCOPES : MEMBER_SCOPES;
  }

  /** LinkedIn documents no PKCE for web apps (networks.md 4.1): the client secret authenticates the exchange. */
  @Override
  public URI authorizationUrl(Client client, String instance, String redirectUri, String state, String codeChallenge) {
    var query = new LinkedHashMap<String, String>();
    query.put("response_type", "code");
    query.put("client_id", client.clientId());
    query.put("redirect_uri", redirectUri);
    query.put("state", state);
    query.put("scope", scopes());
    return URI.create(api.oauth() + "/authorization?" + LinkedInApi.form(query));
  }

  @Override
  public boolean grantsSeveralAccounts() {
    return true;
  }

  /** The member (the accounts feature asks {@link #exchangeAll} on this network). */
  @Override
  public NetworkConnector.Identity exchange(Client client, String instance, String redirectUri, String code, String codeVerifier)
      throws NetworkFailure {
    return exchangeAll(client, instance, redirectUri, code, codeVerifier).getFirst();
  }

  @Override
  public List<NetworkConnector.Identity> exchangeAll(Client client, String instance, String redirectUri, String code,
      String codeVerifier) throws NetworkFailure {
    JsonNode answer;
    try {
      answer = api.token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri,
          "client_id", client.clientId(), "client_secret", client.clientSecret()));
    } catch (NetworkFailure.AccessRevoked e) {
      throw new NetworkFailure.Rejected("authorization_refused", "LinkedIn refused the login code: " + e.getMessage());
    }
    var credentials = LinkedInTokens.credentials(answer, null, clock.instant());
    String token = credentials.get(LinkedInTokens.ACCESS_TOKEN);
    var expires = TokenExpiry.expiresAt(credentials);
    JsonNode me = api.getV2("userinfo", token);
    String sub = me.path("sub").asString(null);
    if (sub == null || sub.isBlank()) {
      throw new NetworkFailure.Rejected("authorization_refused", "LinkedIn did not name the member (no openid/profile scope?)");
    }
    String name = me.path("name").asString(sub);
    var accounts = new ArrayList<NetworkConnector.Identity>();
    accounts.add(new NetworkConnector.Identity("urn:li:person:" + sub, name, name, me.path("picture").asString(null), null,
        credentials, expires));
    if (granted(answer).contains(ORGANIZATION_SOCIAL)) {
      for (var org : organizations(token)) {
        accounts.add(new NetworkConnector.Identity(org[0], org[1], org[1], null, null, credentials, expires));
      }
    }
    return List.copyOf(accounts);
  }

  /** The scopes the token answer says were granted (comma or space separated). */
  private static Set<String> granted(JsonNode answer) {
    String scope = answer.path("scope").asString("");
    return Set.copyOf(Arrays.asList(scope.split("[,\\s]+")));
  }

  /** {@code [urn, name]} of each page the member may post for; none when LinkedIn refuses the list. */
  private List<String[]> organizations(String token) throws NetworkFailure {
    var out = new ArrayList<String[]>();
    JsonNode acls;
    try {
      acls = api.get("organizationAcls?q=roleAssignee&state=APPROVED&count=100", token, false);
    } catch (NetworkFailure.Rejected e) {
      log.info("LinkedIn would not list the member's organization pages: {}", e.getMessage());
      return out;
    }
    var seen = new java.util.HashSet<String>();
    for (JsonNode acl : acls.path("elements")) {
      String urn = acl.path("organization").asString(acl.path("organizationalTarget").asString(""));
      if (!urn.matches("urn:li:organization:\\d+") || !POSTING_ROLES.contains(acl.path("role").asString(""))
          || !seen.add(urn)) {
        continue;
      }
      String id = urn.substring("urn:li:organization:".length());
      String name = "Organization " + id;
      try {
        JsonNode org = api.get("organizations/" + id, token, false);
        name = org.path("localizedName").asString(name);
      } catch (NetworkFailure.Rejected e) {
        // keep the placeholder name
      }
      out.add(new String[] {urn, name});
    }
    return out;
  }
}

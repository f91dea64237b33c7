package ink.octopost.accounts;

import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.OAuthFlow;
import ink.octopost.networks.Platform;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A test-only OAuth flow whose login grants several accounts, against {@link
 * ink.octopost.fakes.FakeMultiAccountLogin} (shaped like Facebook Login and {@code /me/accounts}).
 * It stands in for LinkedIn, a platform with no flow of its own yet, so it never meets a real one.
 */
final class MultiAccountFlow implements OAuthFlow {

  static final String CLIENT_ID = "multi-client";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();
  private final Supplier<String> baseUrl;

  MultiAccountFlow(Supplier<String> baseUrl) {
    this.baseUrl = baseUrl;
  }

  @Override
  public Platform platform() {
    return Platform.LINKEDIN;
  }

  @Override
  public String instance(String instanceUrl) {
    return null;
  }

  @Override
  public Client client(String instance, String redirectUri, ClientStore store) {
    return new Client(CLIENT_ID, null);
  }

  @Override
  public URI authorizationUrl(Client client, String instance, String redirectUri, String state, String codeChallenge) {
    return URI.create(baseUrl.get() + "/dialog/oauth?client_id=" + enc(client.clientId()) + "&redirect_uri=" + enc(redirectUri)
        + "&state=" + enc(state) + "&code_challenge=" + enc(codeChallenge) + "&code_challenge_method=S256");
  }

  @Override
  public boolean grantsSeveralAccounts() {
    return true;
  }

  @Override
  public NetworkConnector.Identity exchange(Client client, String instance, String redirectUri, String code, String verifier)
      throws NetworkFailure {
    throw new NetworkFailure.Rejected("not_supported", "this flow only grants several accounts");
  }

  @Override
  public List<NetworkConnector.Identity> exchangeAll(Client client, String instance, String redirectUri, String code,
      String verifier) throws NetworkFailure {
    var token = send(HttpRequest.newBuilder(URI.create(baseUrl.get() + "/oauth/access_token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("client_id=" + enc(client.clientId()) + "&redirect_uri=" + enc(redirectUri)
            + "&code=" + enc(code) + "&code_verifier=" + enc(verifier))));
    var accounts = send(HttpRequest.newBuilder(URI.create(baseUrl.get() + "/me/accounts"))
        .header("Authorization", "Bearer " + token.path("access_token").asString()).GET());
    var out = new ArrayList<NetworkConnector.Identity>();
    for (var a : accounts.path("data")) {
      out.add(new NetworkConnector.Identity(a.path("id").asString(), text(a.path("username")), text(a.path("name")),
          text(a.path("picture")), null, Map.of("access_token", a.path("access_token").asString()), null));
    }
    return out;
  }

  private JsonNode send(HttpRequest.Builder request) throws NetworkFailure {
    try {
      var r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new NetworkFailure.Rejected("refused", "the fake said " + r.statusCode() + ": " + r.body());
      }
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new NetworkFailure.Unavailable(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NetworkFailure.Unavailable("interrupted");
    }
  }

  private static String text(JsonNode n) {
    return n.isString() ? n.asString() : null;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}

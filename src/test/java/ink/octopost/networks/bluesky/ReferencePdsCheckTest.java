package ink.octopost.networks.bluesky;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import tools.jackson.databind.JsonNode;

/**
 * The PDS scenarios against a running reference PDS (@atproto/pds), started by
 * {@code scripts/check-bluesky-pds.sh}, which sets {@code OCTOPOST_PDS_CHECK} to the JSON file the
 * PDS launcher writes: {@code {url, accounts: [{handle, did, appPassword, password}]}}. Skipped
 * without it, so the normal build needs no Node and no PDS. The video service stays a local fake
 * (video.bsky.app cannot be reached from here), but it stores the video on the real PDS with the
 * service-auth token the real PDS issued, so the PDS checks that token.
 */
@EnabledIfEnvironmentVariable(named = "OCTOPOST_PDS_CHECK", matches = ".+")
class ReferencePdsCheckTest extends PdsScenarios {

  private static final Map<String, String> APP_PASSWORD_NAMES = new ConcurrentHashMap<>();

  private final JsonNode info;

  ReferencePdsCheckTest() throws Exception {
    info = JSON.readTree(Files.readString(Path.of(System.getenv("OCTOPOST_PDS_CHECK"))));
  }

  @Override
  protected String pdsUrl() {
    return info.path("url").asString();
  }

  private Account account(int i) {
    JsonNode a = info.path("accounts").get(i);
    return new Account(a.path("handle").asString(), a.path("did").asString(), a.path("appPassword").asString());
  }

  @Override
  protected Account alice() {
    return account(0);
  }

  @Override
  protected Account bob() {
    return account(1);
  }

  /** A session with the account's main password: only it may manage app passwords. */
  private String mainSession(Account a) throws Exception {
    String password = info.path("accounts").valueStream().filter(n -> n.path("did").asString().equals(a.did()))
        .findFirst().orElseThrow().path("password").asString();
    return call("com.atproto.server.createSession", null, Map.of("identifier", a.handle(), "password", password))
        .path("accessJwt").asString();
  }

  @Override
  protected String newAppPassword(Account a) throws Exception {
    String name = "check-" + System.nanoTime();
    String password = call("com.atproto.server.createAppPassword", mainSession(a), Map.of("name", name)).path("password").asString();
    APP_PASSWORD_NAMES.put(password, name);
    return password;
  }

  @Override
  protected void revokeAppPassword(Account a, String appPassword) throws Exception {
    call("com.atproto.server.revokeAppPassword", mainSession(a), Map.of("name", APP_PASSWORD_NAMES.get(appPassword)));
  }

  private JsonNode call(String nsid, String bearer, Map<String, String> body) throws Exception {
    var b = HttpRequest.newBuilder(URI.create(pdsUrl() + "/xrpc/" + nsid)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    var r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(nsid + " answered " + r.statusCode() + ": " + new String(r.body()));
    }
    return r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body());
  }
}

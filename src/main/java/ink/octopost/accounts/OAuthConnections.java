package ink.octopost.accounts;

import ink.octopost.auth.ApiKeyPrincipal;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.OAuthFlow;
import ink.octopost.networks.Platform;
import ink.octopost.shared.ApiException;
import ink.octopost.shared.Ids;
import ink.octopost.shared.OctopostProperties;
import ink.octopost.shared.SecretBox;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * OAuth connections: {@link #start} hands out the network's consent URL with a fresh state and
 * PKCE challenge; {@link #complete} takes the network's redirect, checks the state (known, unused,
 * unexpired, same platform), exchanges the code with the sealed verifier, and connects the account
 * in the workspace that asked. The state is stored only as a hash, so a database read does not
 * yield a usable callback. A login that can grant several accounts ({@link OAuthFlow#grantsSeveralAccounts})
 * connects its only account at once, and keeps two or more as a {@link PendingConnections pending
 * connection} for the user to choose from.
 */
@Service
class OAuthConnections {

  private static final Logger log = LoggerFactory.getLogger(OAuthConnections.class);
  static final Duration STATE_LIFETIME = Duration.ofMinutes(10);
  static final String CALLBACK_PATH = "/oauth/callback/";

  private final Map<Platform, OAuthFlow> flows = new EnumMap<>(Platform.class);
  private final OAuthRepository repository;
  private final AccountService accounts;
  private final SecretBox box;
  private final ConnectionMethods methods;
  private final PendingConnections choices;
  private final Clock clock;
  private final String publicUrl;
  private final SecureRandom random = new SecureRandom();

  OAuthConnections(List<OAuthFlow> flows, OAuthRepository repository, AccountService accounts, SecretBox box,
      ConnectionMethods methods, PendingConnections pending, Clock clock, OctopostProperties properties) {
    flows.forEach(f -> this.flows.put(f.platform(), f));
    this.repository = repository;
    this.accounts = accounts;
    this.box = box;
    this.methods = methods;
    this.choices = pending;
    this.clock = clock;
    String url = properties.publicUrl().strip();
    this.publicUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  record Started(String authUrl, Instant expiresAt) {}

  Started start(ApiKeyPrincipal caller, String platformId, String instanceUrl) {
    if (caller.sandbox()) {
      throw ApiException.forbidden("Test keys publish through the built-in sandbox accounts; connect real accounts with a live key");
    }
    if (platformId == null || platformId.isBlank()) {
      throw ApiException.badRequest("The query parameter platform is required, e.g. ?platform=twitter");
    }
    Platform platform = Platform.fromId(platformId).orElseThrow(
        () -> ApiException.badRequest("Unknown platform '" + platformId + "'; use one of " + Platform.ids()));
    OAuthFlow flow = flows.get(platform);
    if (flow == null) {
      throw methods.noOAuth(platform);
    }
    String instance;
    try {
      instance = flow.instance(instanceUrl);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("instance_url", e.getMessage());
    }
    String redirectUri = redirectUri(platform);
    OAuthFlow.Client client;
    try {
      client = flow.client(instance, redirectUri, new Clients(platform));
    } catch (NetworkFailure f) {
      throw methods.failure(platform, f, instance == null ? "platform" : "instance_url",
          platform.id() + " cannot start a connection");
    }
    Instant now = now();
    Instant expires = now.plus(STATE_LIFETIME);
    String state = randomToken();
    String verifier = randomToken();
    String id = Ids.newId("oas");
    repository.deleteExpired(now.minus(Duration.ofDays(1)));
    repository.insertState(new OAuthRepository.Pending(id, caller.workspaceId(), caller.userId(), false, platform.id(),
        instance, redirectUri, box.seal(verifier.getBytes(StandardCharsets.US_ASCII), "oauth_state:" + id)),
        sha256(state), now, expires);
    var url = flow.authorizationUrl(client, instance, redirectUri, state, challenge(verifier));
    return new Started(url.toString(), expires);
  }

  /** How a callback ended: an account, or a reason to show the user. */
  sealed interface Outcome {}

  record Connected(Account account) implements Outcome {}

  /** The login granted several accounts: the browser goes on to {@code pageUrl}, where the user chooses. */
  record Choose(String pageUrl) implements Outcome {}

  /** The login granted no account at all (a Facebook login with no Page selected). */
  record NothingGranted(String platform) implements Outcome {}

  /** {@code status} is the page's HTTP status: 400 for a bad link, 404 for an unknown network, 502 when the network refused. */
  record Refused(int status, String title, String message) implements Outcome {}

  Outcome complete(String platformId, String code, String state, String error, String errorDescription) {
    Platform platform = Platform.fromId(platformId).filter(flows::containsKey).orElse(null);
    if (platform == null) {
      return new Refused(404, "Unknown network", "There is no OAuth connection for '" + platformId + "'.");
    }
    if (state == null || state.isBlank()) {
      return new Refused(400, "Link incomplete", "This callback carries no state. Start the connection again from Octopost.");
    }
    byte[] hash = sha256(state);
    Instant now = now();
    var pending = repository.consume(hash, platform.id(), now);
    if (pending.isEmpty()) {
      return spent(hash, platform, now);
    }
    var p = pending.get();
    if (error != null && !error.isBlank()) {
      // The error comes from the browser's URL: log it only if it looks like an OAuth error code.
      log.info("{} declined an OAuth connection for workspace {}: {}", platform.id(), p.workspaceId(),
          error.matches("[a-z_]{1,40}") ? error : "(unrecognized error)");
      return new Refused(400, "Not connected", platform.id() + " did not authorize Octopost (" + cut(error)
          + (errorDescription == null || errorDescription.isBlank() ? "" : ": " + cut(errorDescription)) + ").");
    }
    if (code == null || code.isBlank()) {
      return new Refused(400, "Link incomplete", "This callback carries no authorization code. Start the connection again.");
    }
    String verifier;
    try {
      verifier = new String(box.open(p.verifierSealed(), "oauth_state:" + p.id()), StandardCharsets.US_ASCII);
    } catch (SecretBox.WrongKeyException e) {
      return new Refused(400, "Link no longer valid", "This connection was started under another secret key. Start it again.");
    }
    var flow = flows.get(platform);
    try {
      var client = flow.client(p.instanceUrl(), p.redirectUri(), new Clients(platform));
      if (!flow.grantsSeveralAccounts()) {
        var identity = flow.exchange(client, p.instanceUrl(), p.redirectUri(), code, verifier);
        return new Connected(accounts.connect(Connection.of(p.workspaceId(), p.sandbox(), platform, identity)));
      }
      var byId = new java.util.LinkedHashMap<String, ink.octopost.networks.NetworkConnector.Identity>();
      for (var i : flow.exchangeAll(client, p.instanceUrl(), p.redirectUri(), code, verifier)) {
        if (i.platformUserId() != null && !i.platformUserId().isBlank()) {
          byId.putIfAbsent(i.platformUserId(), i);
        }
      }
      var granted = List.copyOf(byId.values());
      if (granted.isEmpty()) {
        return new NothingGranted(platform.id());
      }
      if (granted.size() == 1) {
        return new Connected(accounts.connect(Connection.of(p.workspaceId(), p.sandbox(), platform, granted.getFirst())));
      }
      var created = choices.create(p.workspaceId(), p.userId(), p.sandbox(), platform, p.instanceUrl(), granted);
      return new Choose(publicUrl + PendingConnections.PAGE_PATH + created.id() + "?token=" + created.pageToken());
    } catch (NetworkFailure f) {
      log.info("{} refused an OAuth code exchange for workspace {}: {}", platform.id(), p.workspaceId(), f.code());
      String what = ConnectionMethods.transientFailure(f) ? " could not be reached to finish the connection: "
          : " refused the connection: ";
      return new Refused(502, "Not connected", platform.id() + what + f.getMessage()
          + " Start the connection again from Octopost.");
    }
  }

  /** Text from the URL goes on the page only in small doses. */
  private static String cut(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }

  private Refused spent(byte[] hash, Platform platform, Instant now) {
    var row = repository.spent(hash).filter(s -> s.platform().equals(platform.id()));
    String again = " Ask Octopost for a new link (GET /v1/accounts/connect-url) and try again.";
    if (row.isEmpty()) {
      return new Refused(400, "Link not recognized", "This connection link is unknown or belongs to another network." + again);
    }
    if (row.get().usedAt() != null) {
      return new Refused(400, "Link already used", "This connection link was already used; each works once." + again);
    }
    return new Refused(400, "Link expired", "This connection link expired (links last "
        + STATE_LIFETIME.toMinutes() + " minutes)." + again);
  }

  String redirectUri(Platform platform) {
    return publicUrl + CALLBACK_PATH + platform.id();
  }

  /** Per-instance OAuth apps, their secrets sealed and bound to the instance they belong to. */
  private final class Clients implements OAuthFlow.ClientStore {
    private final Platform platform;

    Clients(Platform platform) {
      this.platform = platform;
    }

    @Override
    public Optional<OAuthFlow.Client> find(String instance, String redirectUri) {
      return repository.client(platform.id(), instance, redirectUri).map(c -> new OAuthFlow.Client(c.clientId(),
          c.secretSealed() == null ? null
              : new String(box.open(c.secretSealed(), context(instance, redirectUri)), StandardCharsets.UTF_8)));
    }

    @Override
    public OAuthFlow.Client save(String instance, String redirectUri, OAuthFlow.Client client) {
      byte[] sealed = client.clientSecret() == null ? null
          : box.seal(client.clientSecret().getBytes(StandardCharsets.UTF_8), context(instance, redirectUri));
      repository.insertClient(platform.id(), instance, redirectUri, client.clientId(), sealed, now());
      return find(instance, redirectUri).orElse(client);
    }

    private String context(String instance, String redirectUri) {
      return "oauth_client:" + platform.id() + "|" + instance + "|" + redirectUri;
    }
  }

  /** 32 random bytes, base64url: a state, or a PKCE verifier (43 characters, within RFC 7636's 43 to 128). */
  private String randomToken() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** RFC 7636 S256: BASE64URL(SHA256(ASCII(verifier))). */
  static String challenge(String verifier) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}

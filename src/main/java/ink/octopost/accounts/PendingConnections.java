package ink.octopost.accounts;

import ink.octopost.auth.ApiKeyPrincipal;
import ink.octopost.networks.AccountLimits;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.Platform;
import ink.octopost.shared.ApiException;
import ink.octopost.shared.ErrorCode;
import ink.octopost.shared.Ids;
import ink.octopost.shared.SecretBox;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The choice step of a login that grants several accounts. The OAuth callback keeps the granted
 * candidates here for {@link #LIFETIME}, their credentials sealed (bound to the pending id and the
 * candidate), and the browser goes on to a page that lists them; the API offers the same list to
 * the workspace's keys. Choosing connects the chosen candidates exactly as any connection does
 * (same identity, same account id; account.connected) and uses the pending connection up: the
 * sealed credentials of every candidate are destroyed then, chosen or not.
 */
@Service
class PendingConnections {

  static final Duration LIFETIME = Duration.ofMinutes(30);
  static final String PAGE_PATH = "/connect/pending/";
  private static final String AGAIN = " Start again with GET /v1/accounts/connect-url.";

  private final PendingRepository repository;
  private final AccountService accounts;
  private final SecretBox box;
  private final JsonMapper json;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  PendingConnections(PendingRepository repository, AccountService accounts, SecretBox box, JsonMapper json, Clock clock) {
    this.repository = repository;
    this.accounts = accounts;
    this.box = box;
    this.json = json;
    this.clock = clock;
  }

  /** A stored pending connection and the token of its page (the token is nowhere else). */
  record Created(String id, String pageToken) {}

  /** Keeps what a login granted for the user to choose from; candidates with the same id are kept once. */
  @Transactional
  Created create(String workspaceId, String userId, boolean sandbox, Platform platform, String instanceUrl,
      List<NetworkConnector.Identity> identities) {
    Instant now = now();
    repository.prune(now, now.minus(Duration.ofDays(1)));
    String id = Ids.newId("pcn");
    String pageToken = randomToken();
    String formToken = randomToken();
    var unique = new LinkedHashMap<String, NetworkConnector.Identity>();
    identities.forEach(i -> unique.putIfAbsent(i.platformUserId(), i));
    var connected = new java.util.HashSet<String>();
    unique.values().stream().map(i -> i.instanceUrl() == null ? "" : i.instanceUrl()).distinct()
        .forEach(instance -> connected.addAll(repository.connected(workspaceId, sandbox, platform.id(), instance,
            unique.values().stream().filter(i -> instance.equals(i.instanceUrl() == null ? "" : i.instanceUrl()))
                .map(NetworkConnector.Identity::platformUserId).toList())));
    var candidates = unique.values().stream().map(i -> new PendingRepository.Candidate(i.platformUserId(), i.username(),
        i.displayName(), i.avatarUrl(), connected.contains(i.platformUserId()), seal(id, i))).toList();
    repository.insert(new PendingRepository.Row(id, workspaceId, sandbox, platform.id(), instanceUrl,
        box.seal(formToken.getBytes(StandardCharsets.US_ASCII), formContext(id)), now, now.plus(LIFETIME), null),
        userId, sha256(pageToken), candidates);
    return new Created(id, pageToken);
  }

  /** A candidate as the user sees it: never its credentials. */
  record Candidate(String platformUserId, String username, String displayName, String avatarUrl, boolean alreadyConnected) {}

  /** A pending connection as the API and the page show it. */
  record View(String id, Platform platform, Instant expiresAt, List<Candidate> candidates) {}

  /** For a key of the workspace that asked for the connection: 404 for anyone else, 410 once used or expired. */
  View get(ApiKeyPrincipal caller, String id) {
    var row = mine(caller, id);
    requireOpen(row);
    return view(row);
  }

  /** The workspace's open pending connections, newest first (at most 50: each lasts {@link #LIFETIME}). */
  List<View> open(ApiKeyPrincipal caller) {
    return repository.open(caller.workspaceId(), caller.sandbox(), now(), 50).stream().map(this::view).toList();
  }

  /** Connects the chosen candidates for a key of the workspace that asked; see {@link #choose(PendingRepository.Row, List)}. */
  @Transactional
  List<Account> choose(ApiKeyPrincipal caller, String id, List<String> platformUserIds) {
    return choose(mine(caller, id), platformUserIds);
  }

  /** What the page shows: the pending connection, and the token its form posts back. */
  record Page(View view, String formToken, boolean used, boolean expired) {}

  /** The page behind the link the callback sent the browser to; empty when the id and token do not match. */
  Optional<Page> page(String id, String pageToken) {
    if (id == null || pageToken == null || pageToken.isBlank()) {
      return Optional.empty();
    }
    return repository.findByPageToken(id, sha256(pageToken)).flatMap(row -> formToken(row).map(form -> new Page(view(row),
        form, row.usedAt() != null, !row.expiresAt().isAfter(now()))));
  }

  /** The page again, for a form that carried this pending connection's form token; empty for any other. */
  Optional<Page> formPage(String id, String formToken) {
    return form(id, formToken).flatMap(row -> formToken(row).map(form -> new Page(view(row), form, row.usedAt() != null,
        !row.expiresAt().isAfter(now()))));
  }

  /**
   * The page's form: the token it carries must be the one of this pending connection (a page
   * elsewhere cannot post a choice for the user). 404 when it is not.
   */
  @Transactional
  List<Account> chooseFromPage(String id, String formToken, List<String> platformUserIds) {
    return choose(form(id, formToken).orElseThrow(() -> ApiException.notFound("Pending connection")), platformUserIds);
  }

  private Optional<PendingRepository.Row> form(String id, String formToken) {
    if (id == null || formToken == null) {
      return Optional.empty();
    }
    return repository.find(id).filter(r -> formToken(r).filter(t -> MessageDigest.isEqual(
        formToken.getBytes(StandardCharsets.UTF_8), t.getBytes(StandardCharsets.UTF_8))).isPresent());
  }

  /**
   * Checks the choice (at least one, each a candidate: 422 naming the others), takes the pending
   * connection (410 if it was used or expired meanwhile) and connects each chosen candidate, in
   * the network's order. All or nothing: one transaction.
   */
  private List<Account> choose(PendingRepository.Row row, List<String> platformUserIds) {
    requireOpen(row);
    var chosen = new LinkedHashSet<>(platformUserIds);
    if (chosen.isEmpty()) {
      throw ApiException.invalid("platform_user_ids", "choose at least one of the candidates");
    }
    var known = repository.candidates(row.id()).stream().map(PendingRepository.Candidate::platformUserId).toList();
    var unknown = chosen.stream().filter(c -> !known.contains(c)).toList();
    if (!unknown.isEmpty()) {
      throw ApiException.invalid("platform_user_ids", "not among this login's candidates: " + String.join(", ", unknown.stream()
          .map(u -> "'" + (u.length() > 100 ? u.substring(0, 100) + "…" : u) + "'").toList()));
    }
    var candidates = repository.consume(row.id(), now()).orElseThrow(() -> gone(repository.find(row.id()).orElse(row)));
    Platform platform = Platform.fromId(row.platform()).orElseThrow();
    var out = new ArrayList<Account>();
    for (var c : candidates) {
      if (chosen.contains(c.platformUserId())) {
        out.add(accounts.connect(connection(row, platform, c)));
      }
    }
    return out;
  }

  /** The form's token; empty when it was sealed under another secret key (the link is then no good). */
  private Optional<String> formToken(PendingRepository.Row row) {
    try {
      return Optional.of(new String(box.open(row.formTokenSealed(), formContext(row.id())), StandardCharsets.US_ASCII));
    } catch (SecretBox.WrongKeyException e) {
      return Optional.empty();
    }
  }

  private PendingRepository.Row mine(ApiKeyPrincipal caller, String id) {
    return repository.find(id)
        .filter(r -> r.workspaceId().equals(caller.workspaceId()) && r.sandbox() == caller.sandbox())
        .orElseThrow(() -> ApiException.notFound("Pending connection"));
  }

  private void requireOpen(PendingRepository.Row row) {
    if (row.usedAt() != null || !row.expiresAt().isAfter(now())) {
      throw gone(row);
    }
  }

  private static ApiException gone(PendingRepository.Row row) {
    return new ApiException(ErrorCode.GONE, row.usedAt() != null
        ? "This pending connection was already used: each works once." + AGAIN
        : "This pending connection expired (they last " + LIFETIME.toMinutes() + " minutes)." + AGAIN);
  }

  private View view(PendingRepository.Row row) {
    return new View(row.id(), Platform.fromId(row.platform()).orElseThrow(), row.expiresAt(),
        repository.candidates(row.id()).stream().map(c -> new Candidate(c.platformUserId(), c.username(), c.displayName(),
            c.avatarUrl(), c.alreadyConnected())).toList());
  }

  /** Credentials, token expiry, instance and limits, sealed together for one candidate of one pending connection. */
  private byte[] seal(String pendingId, NetworkConnector.Identity i) {
    var node = json.createObjectNode();
    var credentials = node.putObject("credentials");
    (i.credentials() == null ? Map.<String, String>of() : i.credentials()).forEach(credentials::put);
    node.put("token_expires_at", i.tokenExpiresAt() == null ? null : i.tokenExpiresAt().toString());
    node.put("instance_url", i.instanceUrl());
    if (i.limits() != null) {
      node.set("limits", i.limits().values());
      node.put("limits_fetched_at", i.limits().fetchedAt() == null ? null : i.limits().fetchedAt().toString());
    }
    return box.seal(json.writeValueAsBytes(node), candidateContext(pendingId, i.platformUserId()));
  }

  private Connection connection(PendingRepository.Row row, Platform platform, PendingRepository.Candidate c) {
    if (c.secretsSealed() == null) {
      throw gone(row);
    }
    JsonNode node;
    try {
      node = json.readTree(box.open(c.secretsSealed(), candidateContext(row.id(), c.platformUserId())));
    } catch (SecretBox.WrongKeyException e) {
      throw new ApiException(ErrorCode.GONE, "This pending connection was kept under another secret key." + AGAIN);
    }
    var credentials = new LinkedHashMap<String, String>();
    node.path("credentials").properties().forEach(e -> credentials.put(e.getKey(), e.getValue().asString()));
    AccountLimits limits = node.has("limits") && !node.get("limits").isNull()
        ? new AccountLimits(node.get("limits"), instant(node.path("limits_fetched_at"))) : null;
    return new Connection(row.workspaceId(), row.sandbox(), platform, c.platformUserId(),
        Connection.username(c.username(), c.platformUserId()), c.displayName(),
        c.avatarUrl(), text(node.path("instance_url")), credentials, instant(node.path("token_expires_at")), limits);
  }

  private static String text(JsonNode n) {
    return n.isString() ? n.asString() : null;
  }

  private static Instant instant(JsonNode n) {
    return n.isString() ? Instant.parse(n.asString()) : null;
  }

  private static String candidateContext(String pendingId, String platformUserId) {
    return "pending_candidate:" + pendingId + "|" + platformUserId;
  }

  private static String formContext(String pendingId) {
    return "pending_form:" + pendingId;
  }

  private String randomToken() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
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

package ink.octopost.accounts;

import ink.octopost.events.EventOutbox;
import ink.octopost.events.EventType;
import ink.octopost.networks.ConnectorRegistry;
import ink.octopost.networks.NetworkCapabilities;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.Platform;
import ink.octopost.networks.Publication;
import ink.octopost.shared.ApiException;
import ink.octopost.shared.Cursor;
import ink.octopost.shared.Ids;
import ink.octopost.shared.Page;
import ink.octopost.shared.SecretBox;
import ink.octopost.workspaces.WorkspaceCreated;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Connected accounts: the public face of this feature. */
@Service
public class AccountService {

  private static final Logger log = LoggerFactory.getLogger(AccountService.class);
  /** How old an account's limits may grow before its next publish asks the network again. */
  static final Duration LIMITS_MAX_AGE = Duration.ofHours(24);
  /** After a failed attempt to read them, how long until the next. */
  static final Duration LIMITS_RETRY = Duration.ofMinutes(15);

  private final AccountRepository accounts;
  private final SecretBox box;
  private final JsonMapper json;
  private final EventOutbox events;
  private final ConnectorRegistry registry;
  private final Clock clock;

  AccountService(AccountRepository accounts, SecretBox box, JsonMapper json, EventOutbox events,
      ConnectorRegistry registry, Clock clock) {
    this.accounts = accounts;
    this.box = box;
    this.json = json;
    this.events = events;
    this.registry = registry;
    this.clock = clock;
  }

  public Page<Account> page(String ws, boolean sandbox, Platform platform, Cursor after, int limit) {
    return Page.of(accounts.page(ws, sandbox, platform, after, limit + 1), limit, Account::connectedAt, Account::id);
  }

  public Account get(String ws, boolean sandbox, String id) {
    return accounts.find(ws, sandbox, id).orElseThrow(() -> ApiException.notFound("Account"));
  }

  /** Any account by id, for the engine; callers check the workspace themselves. */
  public Optional<Account> find(String id) {
    return accounts.find(id);
  }

  /**
   * Stores a verified connection: a new account, or the same account again (same network
   * identity) with its id kept. A refresh token the new credentials lack is kept from the old.
   */
  @Transactional
  public Account connect(Connection c) {
    Instant now = now();
    String instance = c.instanceUrl() == null ? "" : c.instanceUrl();
    var existing = accounts.lockIdentity(c.workspaceId(), c.sandbox(), c.platform(), instance, c.platformUserId());
    String id;
    if (existing.isPresent()) {
      id = existing.get();
      var merged = new LinkedHashMap<>(c.credentials());
      currentCredentials(id).ifPresent(old -> {
        if (!merged.containsKey("refresh_token") && old.values().containsKey("refresh_token")) {
          merged.put("refresh_token", old.values().get("refresh_token"));
        }
      });
      accounts.reconnect(id, c, seal(id, merged), now);
    } else {
      id = Ids.newId("acc");
      boolean first = accounts.findDefault(c.workspaceId(), c.sandbox(), c.platform()).isEmpty();
      accounts.insert(id, c, instance, seal(id, c.credentials()), first, now);
    }
    if (accounts.findDefault(c.workspaceId(), c.sandbox(), c.platform()).isEmpty()) {
      accounts.setDefault(id);
    }
    var account = accounts.find(id).orElseThrow();
    events.record(c.workspaceId(), c.sandbox(), EventType.ACCOUNT_CONNECTED, "account", AccountView.of(account));
    return account;
  }

  /**
   * Destroys the credentials; the account stays, so posts keep their history. The built-in
   * sandbox accounts are refused: every test key of the workspace publishes through them.
   */
  @Transactional
  public void disconnect(String ws, boolean sandbox, String id) {
    var account = get(ws, sandbox, id);
    if (account.sandbox()) {
      throw ApiException.forbidden("Sandbox accounts are built in: every test key of this workspace publishes to "
          + account.platform().id() + " through this one, so it cannot be disconnected");
    }
    if (account.status() == AccountStatus.DISCONNECTED) {
      return;
    }
    accounts.disconnect(id, now());
    if (account.isDefault()) {
      accounts.oldestActive(ws, sandbox, account.platform()).ifPresent(accounts::setDefault);
    }
    events.record(ws, sandbox, EventType.ACCOUNT_DISCONNECTED, "account", AccountView.of(accounts.find(id).orElseThrow()));
  }

  @Transactional
  public Account makeDefault(String ws, boolean sandbox, String id) {
    var account = get(ws, sandbox, id);
    if (account.status() == AccountStatus.DISCONNECTED) {
      throw ApiException.invalid("id", "a disconnected account cannot be the default; reconnect it first");
    }
    accounts.clearDefault(ws, sandbox, account.platform());
    accounts.setDefault(id);
    return accounts.find(id).orElseThrow();
  }

  /** Credentials and the version they were read at, for a compare-and-set refresh. */
  public record Credentials(Map<String, String> values, long version) {}

  public Optional<Credentials> currentCredentials(String accountId) {
    return Optional.ofNullable(currentCredentials(List.of(accountId)).get(accountId));
  }

  /** The current credentials of several accounts in one query, by account id. */
  public Map<String, Credentials> currentCredentials(java.util.Collection<String> accountIds) {
    var out = new java.util.HashMap<String, Credentials>();
    accounts.credentials(accountIds).forEach((id, s) -> out.put(id, new Credentials(open(id, s.sealed()), s.version())));
    return out;
  }

  /**
   * Replaces credentials (a token refresh) only if nobody replaced them since {@code version}
   * was read; rotated refresh tokens are thus stored atomically. False when another node won.
   */
  @Transactional
  public boolean replaceCredentials(String accountId, long version, Map<String, String> values, Instant expiresAt) {
    return accounts.replaceCredentials(accountId, version, seal(accountId, values), expiresAt, now());
  }

  /** The account can no longer publish until reconnected; emits account.needs_reconnect once. */
  @Transactional
  public void markNeedsReconnect(String accountId, String reason) {
    if (accounts.setStatus(accountId, AccountStatus.ACTIVE, AccountStatus.NEEDS_RECONNECT, reason, now())) {
      var a = accounts.find(accountId).orElseThrow();
      events.record(a.workspaceId(), a.sandbox(), EventType.ACCOUNT_NEEDS_RECONNECT, "account", AccountView.of(a));
    }
  }

  /**
   * What this account can publish: its network's capabilities, adjusted by the limits the network
   * reported for it (a Mastodon instance's). Validation, scheduling and publishing all ask here, so
   * they agree.
   */
  public NetworkCapabilities capabilities(Account account) {
    return connector(account).capabilities(account.limits());
  }

  /**
   * The account with up-to-date limits. They are read when the account connects and again when a
   * day old, on its next publish (one node and thread at a time); a network that cannot say just
   * then leaves the stored ones in place and is asked again {@link #LIMITS_RETRY} later, so
   * publishing never depends on it. Never throws for the network's sake.
   */
  public Account withFreshLimits(Account account, Map<String, String> credentials) {
    Instant now = clock.instant();
    Instant staleBefore = now.minus(LIMITS_MAX_AGE);
    if (account.sandbox() || !account.active()
        || (account.limitsCheckedAt() != null && account.limitsCheckedAt().isAfter(staleBefore))
        || !accounts.claimLimitsCheck(account.id(), now, staleBefore)) {
      return account;
    }
    try {
      var limits = connector(account).limits(new Publication.AccountContext(account.id(), account.platform(),
          account.platformUserId(), account.username(), account.instanceUrl(), credentials, account.limits()));
      if (limits.isEmpty()) {
        return account;
      }
      accounts.storeLimits(account.id(), limits.get());
    } catch (NetworkFailure | RuntimeException e) {
      log.info("Could not read the {} limits of account {} (asking again in {} min): {}", account.platform().id(),
          account.id(), LIMITS_RETRY.toMinutes(), e.getMessage());
      accounts.limitsCheckedAt(account.id(), staleBefore.plus(LIMITS_RETRY));
      return account;
    }
    return accounts.find(account.id()).orElse(account);
  }

  private NetworkConnector connector(Account account) {
    return account.sandbox() ? registry.sandbox(account.platform()) : registry.connector(account.platform());
  }

  public void touch(String accountId) {
    accounts.touch(accountId, now());
  }

  /** The accounts a post targets, and what could not be resolved. */
  public record Resolution(List<Account> accounts, List<Platform> platformsWithoutAccount) {}

  /**
   * Resolves platforms to their default accounts and adds the named accounts (the union, each
   * once, in request order). A named account that is unknown or another workspace's is a 404.
   */
  public Resolution resolve(String ws, boolean sandbox, List<Platform> platforms, List<String> accountIds) {
    var out = new LinkedHashMap<String, Account>();
    var missing = new ArrayList<Platform>();
    for (var p : platforms) {
      var d = accounts.findDefault(ws, sandbox, p).filter(a -> a.status() != AccountStatus.DISCONNECTED);
      if (d.isPresent()) {
        out.putIfAbsent(d.get().id(), d.get());
      } else {
        missing.add(p);
      }
    }
    if (!accountIds.isEmpty()) {
      var found = new LinkedHashMap<String, Account>();
      accounts.findAll(ws, sandbox, accountIds).forEach(a -> found.put(a.id(), a));
      for (String id : accountIds) {
        var a = found.get(id);
        if (a == null) {
          throw ApiException.notFound("Account " + id);
        }
        if (a.status() == AccountStatus.DISCONNECTED) {
          throw ApiException.invalid("account_ids", "account " + id + " is disconnected; reconnect it or remove it");
        }
        out.putIfAbsent(id, a);
      }
    }
    return new Resolution(List.copyOf(out.values()), List.copyOf(missing));
  }

  /**
   * Test keys publish through built-in sandbox accounts, one per platform, made with the workspace
   * (in its creating transaction) so that they exist before any test key does; V15 made them for
   * the workspaces that existed before. Never made on a read path: those run read-only.
   */
  @EventListener
  void onWorkspaceCreated(WorkspaceCreated created) {
    accounts.insertSandboxAccounts(created.workspaceId(), Platform.values(), now());
  }

  private byte[] seal(String accountId, Map<String, String> credentials) {
    return box.seal(json.writeValueAsBytes(credentials), "account:" + accountId);
  }

  private Map<String, String> open(String accountId, byte[] sealed) {
    return json.readValue(box.open(sealed, "account:" + accountId), new TypeReference<Map<String, String>>() {});
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** Several accounts by id, in one query (the engine loads a claimed batch at once). */
  public java.util.Map<String, Account> findAll(java.util.Collection<String> ids) {
    var out = new java.util.LinkedHashMap<String, Account>();
    accounts.findAllById(ids).forEach(a -> out.put(a.id(), a));
    return out;
  }
}

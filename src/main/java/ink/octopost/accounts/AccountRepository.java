package ink.octopost.accounts;

import ink.octopost.networks.AccountLimits;
import ink.octopost.networks.Platform;
import ink.octopost.shared.Cursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

@Repository
class AccountRepository {

  private static final String COLUMNS =
      "id, workspace_id, sandbox, platform, platform_user_id, username, display_name, avatar_url,"
          + " instance_url, status, status_reason, is_default, token_expires_at, connected_at, last_used_at,"
          + " limits, limits_fetched_at, limits_checked_at";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  AccountRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  List<Account> page(String ws, boolean sandbox, Platform platform, Cursor after, int limit) {
    return jdbc.sql(
            "SELECT " + COLUMNS + " FROM accounts WHERE workspace_id = :ws AND sandbox = :sandbox"
                + " AND (CAST(:platform AS text) IS NULL OR platform = :platform)"
                + " AND (CAST(:afterAt AS timestamptz) IS NULL OR (connected_at, id) < (:afterAt, :afterId))"
                + " ORDER BY connected_at DESC, id DESC LIMIT :limit")
        .param("ws", ws)
        .param("sandbox", sandbox)
        .param("platform", platform == null ? null : platform.id())
        .param("afterAt", after == null ? null : Timestamp.from(after.at()))
        .param("afterId", after == null ? "" : after.id())
        .param("limit", limit)
        .query(this::account)
        .list();
  }

  Optional<Account> find(String ws, boolean sandbox, String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE workspace_id = ? AND sandbox = ? AND id = ?")
        .params(ws, sandbox, id)
        .query(this::account)
        .optional();
  }

  Optional<Account> find(String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE id = ?").param(id).query(this::account).optional();
  }

  List<Account> findAll(String ws, boolean sandbox, List<String> ids) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE workspace_id = ? AND sandbox = ? AND id = ANY(?)")
        .params(ws, sandbox, ids.toArray(String[]::new))
        .query(this::account)
        .list();
  }

  List<Account> findAllById(java.util.Collection<String> ids) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE id = ANY(?)")
        .param(ids.toArray(String[]::new))
        .query(this::account)
        .list();
  }

  Optional<Account> findDefault(String ws, boolean sandbox, Platform platform) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE workspace_id = ? AND sandbox = ? AND platform = ? AND is_default")
        .params(ws, sandbox, platform.id())
        .query(this::account)
        .optional();
  }

  /** The id of the row for this network identity, disconnected or not, locked for update. */
  Optional<String> lockIdentity(String ws, boolean sandbox, Platform platform, String instanceUrl, String platformUserId) {
    return jdbc.sql(
            "SELECT id FROM accounts WHERE workspace_id = ? AND sandbox = ? AND platform = ?"
                + " AND instance_url = ? AND platform_user_id = ? FOR UPDATE")
        .params(ws, sandbox, platform.id(), instanceUrl, platformUserId)
        .query(String.class)
        .optional();
  }

  void insert(String id, Connection c, String instanceUrl, byte[] sealed, boolean isDefault, Instant now) {
    jdbc.sql(
            """
            INSERT INTO accounts (id, workspace_id, sandbox, platform, platform_user_id, username, display_name,
              avatar_url, instance_url, status, is_default, credentials_sealed, token_expires_at, connected_at, updated_at,
              limits, limits_fetched_at, limits_checked_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?)""")
        .params(id, c.workspaceId(), c.sandbox(), c.platform().id(), c.platformUserId(), c.username(),
            c.displayName(), c.avatarUrl(), instanceUrl, isDefault, sealed, ts(c.tokenExpiresAt()), ts(now), ts(now),
            limitsJson(c.limits()), limitsAt(c.limits()), c.limits() == null ? null : ts(now))
        .update();
  }

  /** One sandbox account per platform, default for it; those the workspace has already stay. */
  void insertSandboxAccounts(String ws, Platform[] platforms, Instant now) {
    jdbc.sql(
            """
            INSERT INTO accounts (id, workspace_id, sandbox, platform, platform_user_id, username, display_name,
              status, is_default, connected_at, updated_at)
            SELECT p.id, ?, true, p.platform, 'sandbox', 'sandbox', 'Sandbox ' || p.platform, 'active', true, ?, ?
            FROM unnest(?, ?) AS p(id, platform)
            ON CONFLICT DO NOTHING""")
        .params(ws, ts(now), ts(now),
            java.util.Arrays.stream(platforms).map(p -> ink.octopost.shared.Ids.newId("acc")).toArray(String[]::new),
            java.util.Arrays.stream(platforms).map(Platform::id).toArray(String[]::new))
        .update();
  }

  void reconnect(String id, Connection c, byte[] sealed, Instant now) {
    jdbc.sql(
            """
            UPDATE accounts SET username = ?, display_name = ?, avatar_url = ?, status = 'active', status_reason = NULL,
              credentials_sealed = ?, credentials_version = credentials_version + 1, token_expires_at = ?,
              connected_at = CASE WHEN status = 'disconnected' THEN ? ELSE connected_at END,
              disconnected_at = NULL, updated_at = ?,
              limits = COALESCE(CAST(? AS jsonb), limits), limits_fetched_at = COALESCE(?, limits_fetched_at),
              limits_checked_at = COALESCE(?, limits_checked_at)
            WHERE id = ?""")
        .params(c.username(), c.displayName(), c.avatarUrl(), sealed, ts(c.tokenExpiresAt()), ts(now), ts(now),
            limitsJson(c.limits()), limitsAt(c.limits()), c.limits() == null ? null : ts(now), id)
        .update();
  }

  /**
   * Takes this node's turn to ask the network for an active account's limits, unless someone asked
   * since {@code staleBefore}: of several nodes and threads, one asks.
   */
  boolean claimLimitsCheck(String id, Instant now, Instant staleBefore) {
    return jdbc.sql(
            """
            UPDATE accounts SET limits_checked_at = ?
            WHERE id = ? AND status = 'active' AND (limits_checked_at IS NULL OR limits_checked_at < ?)""")
        .params(ts(now), id, ts(staleBefore))
        .update() == 1;
  }

  void storeLimits(String id, AccountLimits limits) {
    jdbc.sql("UPDATE accounts SET limits = CAST(? AS jsonb), limits_fetched_at = ? WHERE id = ?")
        .params(limitsJson(limits), limitsAt(limits), id)
        .update();
  }

  /** After a failed check: the next one is due at {@code checkedAt} plus the usual age. */
  void limitsCheckedAt(String id, Instant checkedAt) {
    jdbc.sql("UPDATE accounts SET limits_checked_at = ? WHERE id = ?").params(ts(checkedAt), id).update();
  }

  record SealedCredentials(byte[] sealed, long version) {}

  /**
   * The sealed credentials of several accounts and their versions (for a compare-and-set
   * replacement), by account id; accounts without any are left out.
   */
  java.util.Map<String, SealedCredentials> credentials(java.util.Collection<String> ids) {
    var out = new java.util.HashMap<String, SealedCredentials>();
    jdbc.sql("SELECT id, credentials_sealed, credentials_version FROM accounts WHERE id = ANY(?) AND credentials_sealed IS NOT NULL")
        .param(ids.toArray(String[]::new))
        .query(rs -> {
          out.put(rs.getString(1), new SealedCredentials(rs.getBytes(2), rs.getLong(3)));
        });
    return out;
  }

  boolean replaceCredentials(String id, long expectedVersion, byte[] sealed, Instant expiresAt, Instant now) {
    return jdbc.sql(
            """
            UPDATE accounts SET credentials_sealed = ?, credentials_version = credentials_version + 1,
              token_expires_at = ?, updated_at = ?
            WHERE id = ? AND credentials_version = ? AND status <> 'disconnected'""")
        .params(sealed, ts(expiresAt), ts(now), id, expectedVersion)
        .update() == 1;
  }

  boolean setStatus(String id, AccountStatus from, AccountStatus to, String reason, Instant now) {
    return jdbc.sql("UPDATE accounts SET status = ?, status_reason = ?, updated_at = ? WHERE id = ? AND status = ?")
        .params(to.wire(), reason, ts(now), id, from.wire())
        .update() == 1;
  }

  void disconnect(String id, Instant now) {
    jdbc.sql(
            """
            UPDATE accounts SET status = 'disconnected', status_reason = NULL, credentials_sealed = NULL,
              token_expires_at = NULL, is_default = false, disconnected_at = ?, updated_at = ?
            WHERE id = ?""")
        .params(ts(now), ts(now), id)
        .update();
  }

  void clearDefault(String ws, boolean sandbox, Platform platform) {
    jdbc.sql("UPDATE accounts SET is_default = false WHERE workspace_id = ? AND sandbox = ? AND platform = ? AND is_default")
        .params(ws, sandbox, platform.id())
        .update();
  }

  void setDefault(String id) {
    jdbc.sql("UPDATE accounts SET is_default = true WHERE id = ?").param(id).update();
  }

  /** The oldest active account of a platform, to inherit the default when the default goes. */
  Optional<String> oldestActive(String ws, boolean sandbox, Platform platform) {
    return jdbc.sql(
            "SELECT id FROM accounts WHERE workspace_id = ? AND sandbox = ? AND platform = ? AND status = 'active'"
                + " ORDER BY connected_at, id LIMIT 1")
        .params(ws, sandbox, platform.id())
        .query(String.class)
        .optional();
  }

  /** Kept to the minute: one write a minute per account, not one per post (a hot row otherwise). */
  void touch(String id, Instant now) {
    jdbc.sql("UPDATE accounts SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)")
        .params(ts(now), id, ts(now.minusSeconds(60)))
        .update();
  }

  private static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  private String limitsJson(AccountLimits limits) {
    return limits == null || limits.values() == null ? null : json.writeValueAsString(limits.values());
  }

  private static Timestamp limitsAt(AccountLimits limits) {
    return limits == null ? null : ts(limits.fetchedAt());
  }

  Account account(ResultSet rs, int n) throws SQLException {
    String limits = rs.getString("limits");
    return new Account(
        rs.getString("id"),
        rs.getString("workspace_id"),
        rs.getBoolean("sandbox"),
        Platform.fromId(rs.getString("platform")).orElseThrow(),
        rs.getString("platform_user_id"),
        rs.getString("username"),
        rs.getString("display_name"),
        rs.getString("avatar_url"),
        rs.getString("instance_url").isEmpty() ? null : rs.getString("instance_url"),
        AccountStatus.fromWire(rs.getString("status")),
        rs.getString("status_reason"),
        rs.getBoolean("is_default"),
        instant(rs.getTimestamp("token_expires_at")),
        rs.getTimestamp("connected_at").toInstant(),
        instant(rs.getTimestamp("last_used_at")),
        limits == null ? null : new AccountLimits(json.readTree(limits), instant(rs.getTimestamp("limits_fetched_at"))),
        instant(rs.getTimestamp("limits_checked_at")));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}

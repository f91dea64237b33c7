package ink.octopost.accounts;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Pending OAuth authorizations and the OAuth apps registered per instance. */
@Repository
class OAuthRepository {

  private final JdbcClient jdbc;

  OAuthRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A pending authorization, as the callback needs it. */
  record Pending(String id, String workspaceId, String userId, boolean sandbox, String platform, String instanceUrl,
      String redirectUri, byte[] verifierSealed) {}

  void insertState(Pending p, byte[] stateHash, Instant now, Instant expiresAt) {
    jdbc.sql(
            """
            INSERT INTO oauth_states (id, state_hash, workspace_id, user_id, sandbox, platform, instance_url,
              redirect_uri, verifier_sealed, created_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(p.id(), stateHash, p.workspaceId(), p.userId(), p.sandbox(), p.platform(),
            p.instanceUrl() == null ? "" : p.instanceUrl(), p.redirectUri(), p.verifierSealed(), ts(now), ts(expiresAt))
        .update();
  }

  /** Forgets authorizations nobody can use any more. */
  void deleteExpired(Instant before) {
    jdbc.sql("DELETE FROM oauth_states WHERE expires_at < ?").param(ts(before)).update();
  }

  /**
   * Marks the state used and returns it, if it is unused, unexpired and for this platform. One
   * statement, so of two callbacks racing with the same state exactly one wins.
   */
  Optional<Pending> consume(byte[] stateHash, String platform, Instant now) {
    return jdbc.sql(
            """
            UPDATE oauth_states SET used_at = ?
            WHERE state_hash = ? AND platform = ? AND used_at IS NULL AND expires_at > ?
            RETURNING id, workspace_id, user_id, sandbox, platform, instance_url, redirect_uri, verifier_sealed""")
        .params(ts(now), stateHash, platform, ts(now))
        .query((rs, n) -> new Pending(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
            rs.getString(5), rs.getString(6).isEmpty() ? null : rs.getString(6), rs.getString(7), rs.getBytes(8)))
        .optional();
  }

  /** Why a state could not be consumed: it was used, it expired, or it is unknown (empty). */
  record Spent(String platform, Instant usedAt, Instant expiresAt) {}

  Optional<Spent> spent(byte[] stateHash) {
    return jdbc.sql("SELECT platform, used_at, expires_at FROM oauth_states WHERE state_hash = ?")
        .param(stateHash)
        .query((rs, n) -> new Spent(rs.getString(1),
            rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant()))
        .optional();
  }

  /** An app registered on an instance: its id and sealed secret. */
  record RegisteredClient(String clientId, byte[] secretSealed) {}

  Optional<RegisteredClient> client(String platform, String instanceUrl, String redirectUri) {
    return jdbc.sql("SELECT client_id, client_secret_sealed FROM oauth_clients WHERE platform = ? AND instance_url = ? AND redirect_uri = ?")
        .params(platform, instanceUrl, redirectUri)
        .query((rs, n) -> new RegisteredClient(rs.getString(1), rs.getBytes(2)))
        .optional();
  }

  /** Stores an app unless another node stored one for the same instance first. */
  void insertClient(String platform, String instanceUrl, String redirectUri, String clientId, byte[] secretSealed,
      Instant now) {
    jdbc.sql(
            """
            INSERT INTO oauth_clients (platform, instance_url, redirect_uri, client_id, client_secret_sealed, created_at)
            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
        .params(platform, instanceUrl, redirectUri, clientId, secretSealed, ts(now))
        .update();
  }

  private static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }
}

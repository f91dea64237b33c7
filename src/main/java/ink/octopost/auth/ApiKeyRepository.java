package ink.octopost.auth;

import ink.octopost.shared.Cursor;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ApiKeyRepository {

  private final JdbcClient jdbc;

  ApiKeyRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(ApiKey key, byte[] secretHash) {
    jdbc.sql(
            """
            INSERT INTO api_keys (id, workspace_id, user_id, name, mode, scopes, secret_hash, hint, created_at)
            VALUES (:id, :ws, :user, :name, :mode, :scopes::text[], :hash, :hint, :created)""")
        .param("id", key.id())
        .param("ws", key.workspaceId())
        .param("user", key.userId())
        .param("name", key.name())
        .param("mode", key.mode().wire())
        .param("scopes", pgArray(key.scopes()))
        .param("hash", secretHash)
        .param("hint", key.hint())
        .param("created", Timestamp.from(key.createdAt()))
        .update();
  }

  /** The key behind a secret hash, joined with what each request needs to know. */
  Optional<Authenticated> findBySecretHash(byte[] hash) {
    return jdbc.sql(
            """
            SELECT k.*, w.plan_tier, w.name AS workspace_name, u.email AS user_email, u.name AS user_name
            FROM api_keys k JOIN workspaces w ON w.id = k.workspace_id JOIN users u ON u.id = k.user_id
            WHERE k.secret_hash = ?""")
        .param(hash)
        .query((rs, n) -> new Authenticated(key(rs, n), rs.getString("plan_tier"),
            new ApiKeyPrincipal.Names(rs.getString("user_email"), rs.getString("user_name"), rs.getString("workspace_name"))))
        .optional();
  }

  Optional<ApiKey> find(String workspaceId, String id) {
    return jdbc.sql("SELECT * FROM api_keys WHERE workspace_id = ? AND id = ?")
        .params(workspaceId, id)
        .query(this::key)
        .optional();
  }

  List<ApiKey> page(String workspaceId, Set<KeyMode> modes, Cursor after, int limit) {
    var modeNames = modes.stream().map(KeyMode::wire).toList();
    return jdbc.sql(
            """
            SELECT * FROM api_keys
            WHERE workspace_id = :ws AND mode = ANY(:modes::text[])
              AND (CAST(:afterAt AS timestamptz) IS NULL OR (created_at, id) < (:afterAt, :afterId))
            ORDER BY created_at DESC, id DESC LIMIT :limit""")
        .param("ws", workspaceId)
        .param("modes", pgArray(modeNames))
        .param("afterAt", after == null ? null : Timestamp.from(after.at()))
        .param("afterId", after == null ? "" : after.id())
        .param("limit", limit)
        .query(this::key)
        .list();
  }

  /** Revokes once; a second revocation keeps the first time. */
  void revoke(String workspaceId, String id, Instant at) {
    jdbc.sql(
            "UPDATE api_keys SET revoked_at = ? WHERE workspace_id = ? AND id = ? AND revoked_at IS NULL")
        .params(Timestamp.from(at), workspaceId, id)
        .update();
  }

  void touch(String id, Instant at) {
    jdbc.sql("UPDATE api_keys SET last_used_at = ? WHERE id = ?").params(Timestamp.from(at), id).update();
  }

  /** Makes a key usable again with full access (the bootstrap key). */
  void restoreFullAccess(String id) {
    jdbc.sql("UPDATE api_keys SET revoked_at = NULL, scopes = '{}' WHERE id = ?").param(id).update();
  }

  record Authenticated(ApiKey key, String planTier, ApiKeyPrincipal.Names names) {}

  private ApiKey key(ResultSet rs, int n) throws SQLException {
    return new ApiKey(
        rs.getString("id"),
        rs.getString("workspace_id"),
        rs.getString("user_id"),
        rs.getString("name"),
        KeyMode.valueOf(rs.getString("mode").toUpperCase(Locale.ROOT)),
        scopes(rs.getArray("scopes")),
        rs.getString("hint"),
        rs.getTimestamp("created_at").toInstant(),
        instant(rs.getTimestamp("last_used_at")),
        instant(rs.getTimestamp("revoked_at")));
  }

  private static List<Scope> scopes(Array array) throws SQLException {
    var set = EnumSet.noneOf(Scope.class);
    Arrays.stream((String[]) array.getArray()).map(Scope::fromWire).flatMap(Optional::stream).forEach(set::add);
    return List.copyOf(set);
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }

  private static String pgArray(List<?> values) {
    var sb = new StringBuilder("{");
    for (int i = 0; i < values.size(); i++) {
      Object v = values.get(i);
      String s = v instanceof Scope scope ? scope.wire() : v.toString();
      if (i > 0) {
        sb.append(',');
      }
      sb.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return sb.append('}').toString();
  }
}

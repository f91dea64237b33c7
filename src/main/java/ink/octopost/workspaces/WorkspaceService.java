package ink.octopost.workspaces;

import ink.octopost.shared.Ids;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Workspaces and their users: the public face of this feature. */
@Service
public class WorkspaceService {

  private final JdbcClient jdbc;
  private final Clock clock;
  private final WorkspaceProperties properties;
  private final org.springframework.context.ApplicationEventPublisher publisher;

  WorkspaceService(
      JdbcClient jdbc,
      Clock clock,
      WorkspaceProperties properties,
      org.springframework.context.ApplicationEventPublisher publisher) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.properties = properties;
    this.publisher = publisher;
  }

  /** A new workspace on the configured default tier. */
  public Workspace create(String name) {
    return create(name, properties.defaultTier());
  }

  @Transactional
  public Workspace create(String name, String planTier) {
    var ws = new Workspace(Ids.newId("ws"), name, planTier, now());
    jdbc.sql("INSERT INTO workspaces (id, name, plan_tier, created_at) VALUES (?, ?, ?, ?)")
        .params(ws.id(), ws.name(), ws.planTier(), Timestamp.from(ws.createdAt()))
        .update();
    publisher.publishEvent(new WorkspaceCreated(ws.id()));
    return ws;
  }

  public void changeTier(String workspaceId, String planTier) {
    jdbc.sql("UPDATE workspaces SET plan_tier = ? WHERE id = ?").params(planTier, workspaceId).update();
  }

  public Optional<Workspace> find(String id) {
    return jdbc.sql("SELECT * FROM workspaces WHERE id = ?").param(id).query(this::workspace).optional();
  }

  /** The oldest workspace: the one the bootstrap created. */
  public Optional<Workspace> first() {
    return jdbc.sql("SELECT * FROM workspaces ORDER BY created_at, id LIMIT 1")
        .query(this::workspace)
        .optional();
  }

  /** Creates a user who owns the workspace. */
  @Transactional
  public User createOwner(String workspaceId, String email, String name, String password) {
    var user = new User(Ids.newId("usr"), email, name, now());
    jdbc.sql(
            "INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)")
        .params(user.id(), email, name, Passwords.hash(password), Timestamp.from(user.createdAt()))
        .update();
    jdbc.sql(
            "INSERT INTO workspace_members (workspace_id, user_id, role, created_at)"
                + " VALUES (?, ?, 'owner', ?)")
        .params(workspaceId, user.id(), Timestamp.from(user.createdAt()))
        .update();
    return user;
  }

  public Optional<User> findUser(String id) {
    return jdbc.sql("SELECT id, email, name, created_at FROM users WHERE id = ?")
        .param(id)
        .query(WorkspaceService::user)
        .optional();
  }

  /** A user together with the workspace they act in: one query for the request's identity. */
  public record Membership(Workspace workspace, User user) {}

  public Optional<Membership> membership(String workspaceId, String userId) {
    return jdbc.sql(
            """
            SELECT w.id, w.name, w.plan_tier, w.created_at,
                   u.id AS user_id, u.email, u.name AS user_name, u.created_at AS user_created_at
            FROM workspaces w JOIN workspace_members m ON m.workspace_id = w.id
            JOIN users u ON u.id = m.user_id WHERE w.id = ? AND u.id = ?""")
        .params(workspaceId, userId)
        .query(
            (rs, n) ->
                new Membership(
                    workspace(rs, n),
                    new User(
                        rs.getString("user_id"),
                        rs.getString("email"),
                        rs.getString("user_name"),
                        rs.getTimestamp("user_created_at").toInstant())))
        .optional();
  }

  /** The owner of a workspace (the first one, if several). */
  public Optional<User> owner(String workspaceId) {
    return jdbc.sql(
            "SELECT u.id, u.email, u.name, u.created_at FROM users u"
                + " JOIN workspace_members m ON m.user_id = u.id"
                + " WHERE m.workspace_id = ? AND m.role = 'owner' ORDER BY m.created_at LIMIT 1")
        .param(workspaceId)
        .query(WorkspaceService::user)
        .optional();
  }

  /** Checks a dashboard login; empty when the email or password is wrong. */
  public Optional<User> login(String email, String password) {
    record Row(User user, String hash) {}
    return jdbc.sql("SELECT * FROM users WHERE lower(email) = lower(?)")
        .param(email)
        .query((rs, n) -> new Row(user(rs, n), rs.getString("password_hash")))
        .optional()
        .filter(row -> Passwords.matches(password, row.hash()))
        .map(Row::user);
  }

  private Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }

  private Workspace workspace(ResultSet rs, int n) throws SQLException {
    return new Workspace(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("plan_tier"),
        rs.getTimestamp("created_at").toInstant());
  }

  private static User user(ResultSet rs, int n) throws SQLException {
    return new User(
        rs.getString("id"),
        rs.getString("email"),
        rs.getString("name"),
        rs.getTimestamp("created_at").toInstant());
  }
}

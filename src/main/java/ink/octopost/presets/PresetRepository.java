package ink.octopost.presets;

import ink.octopost.networks.Platform;
import ink.octopost.shared.Cursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class PresetRepository {

  private final JdbcClient jdbc;

  PresetRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(Preset p, String systemKey) {
    jdbc.sql(
            """
            INSERT INTO presets (id, workspace_id, system_key, name, platforms, primary_platform, cross_link_enabled,
              cross_link_template, is_default, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
        .params(p.id(), p.workspaceId(), systemKey, p.name(), ids(p.platforms()),
            p.primaryPlatform() == null ? null : p.primaryPlatform().id(), p.crossLinkEnabled(),
            p.crossLinkTemplate(), p.isDefault(), Timestamp.from(p.createdAt()), Timestamp.from(p.updatedAt()))
        .update();
  }

  void update(Preset p) {
    jdbc.sql(
            """
            UPDATE presets SET name = ?, platforms = ?, primary_platform = ?, cross_link_enabled = ?,
              cross_link_template = ?, updated_at = ? WHERE id = ? AND system_key IS NULL""")
        .params(p.name(), ids(p.platforms()), p.primaryPlatform() == null ? null : p.primaryPlatform().id(),
            p.crossLinkEnabled(), p.crossLinkTemplate(), Timestamp.from(p.updatedAt()), p.id())
        .update();
  }

  Optional<Preset> find(String ws, String id) {
    return jdbc.sql("SELECT * FROM presets WHERE workspace_id = ? AND id = ?")
        .params(ws, id)
        .query(PresetRepository::preset)
        .optional();
  }

  Optional<Preset> findDefault(String ws) {
    return jdbc.sql("SELECT * FROM presets WHERE workspace_id = ? AND is_default")
        .param(ws)
        .query(PresetRepository::preset)
        .optional();
  }

  List<Preset> page(String ws, Cursor after, int limit) {
    return jdbc.sql(
            "SELECT * FROM presets WHERE workspace_id = :ws"
                + " AND (CAST(:afterAt AS timestamptz) IS NULL OR (created_at, id) < (:afterAt, :afterId))"
                + " ORDER BY created_at DESC, id DESC LIMIT :limit")
        .param("ws", ws)
        .param("afterAt", after == null ? null : Timestamp.from(after.at()))
        .param("afterId", after == null ? "" : after.id())
        .param("limit", limit)
        .query(PresetRepository::preset)
        .list();
  }

  void delete(String id) {
    jdbc.sql("DELETE FROM presets WHERE id = ? AND system_key IS NULL").param(id).update();
  }

  void makeDefault(String ws, String id, Instant now) {
    jdbc.sql("UPDATE presets SET is_default = false WHERE workspace_id = ? AND is_default AND id <> ?").params(ws, id).update();
    jdbc.sql("UPDATE presets SET is_default = true WHERE id = ?").param(id).update();
  }

  private static String[] ids(List<Platform> platforms) {
    return platforms.stream().map(Platform::id).toArray(String[]::new);
  }

  static Preset preset(ResultSet rs, int n) throws SQLException {
    String primary = rs.getString("primary_platform");
    return new Preset(
        rs.getString("id"),
        rs.getString("workspace_id"),
        rs.getString("system_key") != null,
        rs.getString("name"),
        Arrays.stream((String[]) rs.getArray("platforms").getArray()).map(s -> Platform.fromId(s).orElseThrow()).toList(),
        primary == null ? null : Platform.fromId(primary).orElseThrow(),
        rs.getBoolean("cross_link_enabled"),
        rs.getString("cross_link_template"),
        rs.getBoolean("is_default"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }
}

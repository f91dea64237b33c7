package ink.octopost.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.auth.KeyMode;
import ink.octopost.networks.Platform;
import ink.octopost.testing.ApiTestBase;
import ink.octopost.testing.TestDatabase;
import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** Test keys publish through built-in sandbox accounts that exist from the start and cannot be lost. */
class SandboxAccountsTest extends ApiTestBase {

  @Autowired JdbcClient jdbc;

  @Test
  void validate_withAFreshTestKey_answers200_onTheSandboxAccount() {
    String test = tenants.key(tenant, KeyMode.TEST);

    var r = api.post("/v1/posts/validate", test, "{\"content\": \"x\", \"platforms\": [\"bluesky\"]}");

    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().path("valid").asBoolean()).isTrue();
    String account = r.json().path("targets").get(0).path("account_id").asString();
    assertThat(api.get("/v1/accounts/" + account, test).json().path("username").asString()).isEqualTo("sandbox");
  }

  @Test
  void everyPlatform_hasItsSandboxAccount_asSoonAsTheWorkspaceExists() {
    var stored = jdbc.sql("SELECT platform FROM accounts WHERE workspace_id = ? AND sandbox AND is_default AND status = 'active'")
        .param(tenant.workspaceId()).query(String.class).list();
    assertThat(stored).as("made with the workspace, before any request")
        .containsExactlyInAnyOrderElementsOf(Arrays.stream(Platform.values()).map(Platform::id).toList());

    String test = tenants.key(tenant, KeyMode.TEST);
    var listed = api.get("/v1/accounts?limit=100", test).json().path("accounts");
    assertThat(listed.size()).isEqualTo(Platform.values().length);
    assertThat(listed.valueStream().map(a -> a.path("username").asString())).containsOnly("sandbox");
    assertThat(api.get("/v1/accounts", tenant.key()).json().path("accounts").size()).as("live keys never see them").isZero();
  }

  @Test
  void aSandboxAccount_cannotBeDisconnected_soTestKeysKeepPublishing() {
    String test = tenants.key(tenant, KeyMode.TEST);
    String bluesky = api.get("/v1/accounts?platform=bluesky", test).json().path("accounts").get(0).path("id").asString();

    var refused = assertError(api.delete("/v1/accounts/" + bluesky, test), 403, "forbidden");
    assertThat(refused.json().path("error").asString()).contains("built in");

    assertThat(api.get("/v1/accounts/" + bluesky, test).json().path("status").asString()).isEqualTo("active");
    var post = api.post("/v1/posts", tenants.key(tenant, KeyMode.TEST), "{\"content\": \"still works\", \"platforms\": [\"bluesky\"]}");
    assertThat(post.status()).as(post.toString()).isEqualTo(201);
    assertThat(post.json().path("account_ids").get(0).asString()).isEqualTo(bluesky);
  }

  /** A database from before V15: its workspace gets the missing accounts, and a disconnected one comes back. */
  @Test
  void theMigration_givesExistingWorkspacesTheirSandboxAccounts_andBringsBackLostOnes() {
    String url = TestDatabase.newDatabase("sandbox_migration");
    var before = Flyway.configure().dataSource(url, "postgres", "").target("12").load();
    before.migrate();
    var db = JdbcClient.create(new SimpleDriverDataSource(new org.postgresql.Driver(), url, "postgres", ""));
    db.sql("INSERT INTO workspaces (id, name, plan_tier, created_at) VALUES ('ws_old', 'Old', 'free', now())").update();
    db.sql("""
        INSERT INTO accounts (id, workspace_id, sandbox, platform, platform_user_id, username, status, is_default,
          connected_at, updated_at, disconnected_at)
        VALUES ('acc_lostBluesky', 'ws_old', true, 'bluesky', 'sandbox', 'sandbox', 'disconnected', false, now(), now(), now())""")
        .update();
    db.sql("""
        INSERT INTO presets (id, workspace_id, system_key, name, platforms, cross_link_enabled, created_at, updated_at)
        VALUES ('preset_sys_old', 'ws_old', 'all_platforms', 'All Platforms',
          ARRAY['twitter', 'linkedin', 'bluesky', 'mastodon', 'threads'], false, now(), now())""").update();

    Flyway.configure().dataSource(url, "postgres", "").load().migrate();

    var active = db.sql("SELECT platform FROM accounts WHERE workspace_id = 'ws_old' AND sandbox AND status = 'active' AND is_default")
        .query(String.class).list();
    assertThat(active).containsExactlyInAnyOrderElementsOf(Arrays.stream(Platform.values()).map(Platform::id).toList());
    assertThat(db.sql("SELECT status FROM accounts WHERE id = 'acc_lostBluesky'").query(String.class).single())
        .as("the same account, so its posts keep their history").isEqualTo("active");
    var ids = db.sql("SELECT id FROM accounts WHERE workspace_id = 'ws_old'").query(String.class).list();
    assertThat(ids).allMatch(id -> id.matches("acc_[0-9A-Za-z]{3,}"));
    var presetPlatforms = db.sql("SELECT platforms FROM presets WHERE id = 'preset_sys_old'")
        .query((rs, n) -> Arrays.asList((String[]) rs.getArray(1).getArray())).single();
    assertThat(presetPlatforms).containsExactlyInAnyOrderElementsOf(Arrays.stream(Platform.values()).map(Platform::id).toList());
  }
}

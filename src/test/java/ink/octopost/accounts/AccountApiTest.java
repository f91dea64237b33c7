package ink.octopost.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.networks.Platform;
import ink.octopost.testing.ApiTestBase;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class AccountApiTest extends ApiTestBase {

  @Autowired JdbcClient jdbc;
  @Autowired AccountService accounts;

  @Test
  void list_get_andFilterByPlatform_neverShowCredentials() {
    String x = tenants.account(tenant, Platform.TWITTER, "octo_x");
    tenants.account(tenant, Platform.BLUESKY, "octo.bsky.social");

    var all = api.get("/v1/accounts", tenant.key());
    assertThat(all.json().path("accounts").size()).isEqualTo(2);
    assertThat(all.text()).doesNotContain("secret").doesNotContain("token");
    var one = api.get("/v1/accounts?platform=twitter", tenant.key()).json().path("accounts");
    assertThat(one.size()).isEqualTo(1);
    var a = api.get("/v1/accounts/" + x, tenant.key()).json();
    assertThat(a.path("platform").asString()).isEqualTo("twitter");
    assertThat(a.path("username").asString()).isEqualTo("octo_x");
    assertThat(a.path("is_active").asBoolean()).isTrue();
    assertThat(a.path("status").asString()).isEqualTo("active");
    assertThat(a.path("is_default").asBoolean()).as("first of its platform").isTrue();
    assertError(api.get("/v1/accounts?platform=myspace", tenant.key()), 400, "bad_request");
  }

  /** Until they are built, the networks without a connection say so, on both ways in; the others point to theirs. */
  @Test
  void networksThatCannotConnectYet_sayso_andTheOthersPointToTheirWayIn() {
    // every network connects now; a network added without a way in belongs in this list
    for (String p : java.util.List.<String>of()) {
      for (var r : java.util.List.of(
          api.post("/v1/accounts", tenant.key(), "{\"platform\": \"" + p + "\"}"),
          api.get("/v1/accounts/connect-url?platform=" + p, tenant.key()))) {
        assertError(r, 422, "validation_error");
        assertThat(r.json().path("error").asString()).as(p)
            .contains(p + " accounts cannot be connected yet")
            .doesNotContain("connect-url?platform=" + p)
            .doesNotContain("did not accept");
        assertThat(r.json().path("details").path("fields").get(0).path("field").asString()).isEqualTo("platform");
      }
    }
    var x = assertError(api.post("/v1/accounts", tenant.key(), "{\"platform\": \"twitter\"}"), 422, "validation_error");
    assertThat(x.json().path("error").asString()).contains("connect through OAuth").contains("connect-url?platform=twitter");
    var threads = assertError(api.post("/v1/accounts", tenant.key(), "{\"platform\": \"threads\"}"), 422, "validation_error");
    assertThat(threads.json().path("error").asString()).contains("connect through OAuth").contains("connect-url?platform=threads");
    var facebook = assertError(api.post("/v1/accounts", tenant.key(), "{\"platform\": \"facebook\"}"), 422, "validation_error");
    assertThat(facebook.json().path("error").asString()).contains("connect-url?platform=facebook");
    var youtube = assertError(api.post("/v1/accounts", tenant.key(), "{\"platform\": \"youtube\"}"), 422, "validation_error");
    assertThat(youtube.json().path("error").asString()).contains("connect through OAuth").contains("connect-url?platform=youtube");
    var linkedin = assertError(api.post("/v1/accounts", tenant.key(), "{\"platform\": \"linkedin\"}"), 422, "validation_error");
    assertThat(linkedin.json().path("error").asString()).contains("connect through OAuth").contains("connect-url?platform=linkedin");
    var tiktok = assertError(api.post("/v1/accounts", tenant.key(), "{\"platform\": \"tiktok\"}"), 422, "validation_error");
    assertThat(tiktok.json().path("error").asString()).contains("connect through OAuth").contains("connect-url?platform=tiktok");
    var bluesky = assertError(api.get("/v1/accounts/connect-url?platform=bluesky", tenant.key()), 422, "validation_error");
    assertThat(bluesky.json().path("error").asString()).contains("POST /v1/accounts");
    assertThat(api.get("/v1/accounts", tenant.key()).json().path("accounts").size()).isZero();
  }

  /** A refused address is Octopost's own rule, not the network turning the credentials down. */
  @Test
  void aBlockedAddress_isNotReportedAsRefusedCredentials() {
    var r = assertError(api.post("/v1/accounts", tenant.key(),
        "{\"platform\": \"mastodon\", \"instance_url\": \"https://127.0.0.1:9\", \"access_token\": \"x\"}"), 422, "validation_error");
    assertThat(r.json().path("error").asString()).startsWith("Octopost does not connect to that address").doesNotContain("did not accept");
  }

  @Test
  void credentials_areSealedAtRest() {
    String x = tenants.account(tenant, Platform.TWITTER, "sealed_x");
    byte[] stored = jdbc.sql("SELECT credentials_sealed FROM accounts WHERE id = ?").param(x).query(byte[].class).single();
    assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("tok-sealed_x").doesNotContain("refresh");
    assertThat(accounts.currentCredentials(x).orElseThrow().values()).containsEntry("access_token", "tok-sealed_x-secret");

  }

  @Test
  void defaultPerPlatform_canMove() {
    String first = tenants.account(tenant, Platform.MASTODON, "first");
    String second = tenants.account(tenant, Platform.MASTODON, "second");
    assertThat(api.get("/v1/accounts/" + second, tenant.key()).json().path("is_default").asBoolean()).isFalse();

    var r = api.post("/v1/accounts/" + second + "/default", tenant.key(), "{}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("is_default").asBoolean()).isTrue();
    assertThat(api.get("/v1/accounts/" + first, tenant.key()).json().path("is_default").asBoolean()).isFalse();
    var post = api.post("/v1/posts", tenant.key(), "{\"content\": \"x\", \"platforms\": [\"mastodon\"]}").json();
    assertThat(post.path("account_ids").get(0).asString()).isEqualTo(second);
  }

  @Test
  void disconnect_destroysCredentials_keepsHistory_andPassesTheDefaultOn() {
    String first = tenants.account(tenant, Platform.TWITTER, "gone");
    String second = tenants.account(tenant, Platform.TWITTER, "stays");
    String post = api.post("/v1/posts", tenant.key(), "{\"content\": \"history\", \"account_ids\": [\"" + first + "\"]}")
        .json().path("id").asString();

    assertThat(api.delete("/v1/accounts/" + first, tenant.key()).status()).isEqualTo(204);

    var a = api.get("/v1/accounts/" + first, tenant.key()).json();
    assertThat(a.path("status").asString()).isEqualTo("disconnected");
    assertThat(a.path("is_active").asBoolean()).isFalse();
    assertThat(jdbc.sql("SELECT credentials_sealed FROM accounts WHERE id = ?").param(first).query(byte[].class).optional()).isEmpty();
    assertThat(api.get("/v1/posts/" + post, tenant.key()).json().path("account_ids").get(0).asString()).isEqualTo(first);
    assertThat(api.get("/v1/accounts/" + second, tenant.key()).json().path("is_default").asBoolean()).isTrue();
    assertError(api.post("/v1/posts", tenant.key(), "{\"content\": \"x\", \"account_ids\": [\"" + first + "\"]}"), 422, "validation_error");
    assertThat(api.delete("/v1/accounts/" + first, tenant.key()).status()).as("idempotent").isEqualTo(204);
    var types = jdbc.sql("SELECT type FROM events WHERE workspace_id = ? ORDER BY seq").param(tenant.workspaceId()).query(String.class).list();
    assertThat(types).contains("account.connected", "account.disconnected");
  }

  @Test
  void reconnecting_keepsTheId_andARefreshTokenItAlreadyHad() {
    String id = tenants.account(tenant, Platform.TWITTER, "again");
    api.delete("/v1/accounts/" + id, tenant.key());
    var again = accounts.connect(new Connection(tenant.workspaceId(), false, Platform.TWITTER, "uid-again", "again",
        "Again", null, null, Map.of("access_token", "new-access"), null));
    assertThat(again.id()).isEqualTo(id);
    assertThat(again.status()).isEqualTo(AccountStatus.ACTIVE);

    var third = accounts.connect(new Connection(tenant.workspaceId(), false, Platform.TWITTER, "uid-again", "again",
        "Again", null, null, Map.of("access_token", "newer-access"), null));
    assertThat(accounts.currentCredentials(third.id()).orElseThrow().values())
        .containsEntry("access_token", "newer-access");
  }

  @Test
  void reconnectingAnActiveAccount_keepsItsRefreshToken() {
    String id = tenants.account(tenant, Platform.TWITTER, "rotating");
    accounts.connect(new Connection(tenant.workspaceId(), false, Platform.TWITTER, "uid-rotating", "rotating",
        "R", null, null, Map.of("access_token", "fresh"), null));
    assertThat(accounts.currentCredentials(id).orElseThrow().values())
        .containsEntry("access_token", "fresh").containsEntry("refresh_token", "refresh-rotating-secret");
  }

  @Test
  void credentialRefresh_isCompareAndSet() {
    String id = tenants.account(tenant, Platform.TWITTER, "cas");
    var read = accounts.currentCredentials(id).orElseThrow();
    assertThat(accounts.replaceCredentials(id, read.version(), Map.of("access_token", "a2", "refresh_token", "r2"), null)).isTrue();
    assertThat(accounts.replaceCredentials(id, read.version(), Map.of("access_token", "a3", "refresh_token", "r3"), null))
        .as("a second refresh from the same read loses").isFalse();
    assertThat(accounts.currentCredentials(id).orElseThrow().values()).containsEntry("refresh_token", "r2");
  }
}

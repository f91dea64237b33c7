package ink.octopost.posts;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.auth.KeyMode;
import ink.octopost.networks.Platform;
import ink.octopost.testing.ApiTestBase;
import org.junit.jupiter.api.Test;

/** Two workspaces, and live versus sandbox data, never see or touch each other's things. */
class IsolationTest extends ApiTestBase {

  @Test
  void workspacesCannotSeeOrTouchEachOther() {
    var other = tenants.create();
    String account = tenants.account(other, Platform.MASTODON, "them");
    String post = api.post("/v1/posts", other.key(), "{\"content\": \"theirs\", \"platforms\": [\"mastodon\"]}").json().path("id").asString();
    String preset = api.post("/v1/presets", other.key(), "{\"name\": \"theirs\", \"platforms\": [\"mastodon\"]}").json().path("id").asString();
    api.request("PUT", "/v1/queue").key(other.key()).json("{\"timezone\": \"Asia/Tokyo\"}").send();

    for (String path : new String[] {"/v1/posts/" + post, "/v1/accounts/" + account, "/v1/presets/" + preset}) {
      assertError(api.get(path, tenant.key()), 404, "not_found");
      assertError(api.delete(path, tenant.key()), 404, "not_found");
    }
    assertError(api.post("/v1/accounts/" + account + "/default", tenant.key(), "{}"), 404, "not_found");
    assertError(api.post("/v1/presets/" + preset + "/default", tenant.key(), "{}"), 404, "not_found");
    assertError(api.request("PUT", "/v1/presets/" + preset).key(tenant.key()).json("{\"name\": \"mine\"}").send(), 404, "not_found");
    assertThat(api.get("/v1/posts", tenant.key()).text()).doesNotContain(post);
    assertThat(api.get("/v1/accounts", tenant.key()).text()).doesNotContain(account);
    assertThat(api.get("/v1/presets", tenant.key()).text()).doesNotContain(preset);
    assertThat(api.get("/v1/queue", tenant.key()).json().path("timezone").asString()).isEqualTo("UTC");
    assertThat(api.get("/v1/posts/" + post, other.key()).status()).isEqualTo(200);
    assertThat(api.get("/v1/accounts/" + account, other.key()).json().path("status").asString()).isEqualTo("active");
  }

  @Test
  void sandboxAndLiveData_areInvisibleToEachOther() {
    String test = tenants.key(tenant, KeyMode.TEST);
    String live = tenants.account(tenant, Platform.TWITTER, "live_x");

    var sandboxAccounts = api.get("/v1/accounts?limit=100", test).json().path("accounts");
    assertThat(sandboxAccounts.size()).isEqualTo(Platform.values().length);
    assertThat(sandboxAccounts.valueStream().allMatch(a -> a.path("username").asString().equals("sandbox"))).isTrue();
    assertThat(api.get("/v1/accounts", test).text()).doesNotContain(live);

    var sandboxPost = api.post("/v1/posts", test, "{\"content\": \"try it\", \"platforms\": [\"twitter\", \"threads\"]}");
    assertThat(sandboxPost.status()).as("every platform resolves in sandbox").isEqualTo(201);
    String sandboxId = sandboxPost.json().path("id").asString();
    String livePost = api.post("/v1/posts", tenant.key(), "{\"content\": \"real\", \"platforms\": [\"twitter\"]}").json().path("id").asString();

    assertError(api.get("/v1/posts/" + sandboxId, tenant.key()), 404, "not_found");
    assertError(api.get("/v1/posts/" + livePost, test), 404, "not_found");
    assertError(api.get("/v1/accounts/" + live, test), 404, "not_found");
    assertThat(api.get("/v1/posts", tenant.key()).text()).doesNotContain(sandboxId).contains(livePost);
    assertThat(api.get("/v1/posts", test).text()).doesNotContain(livePost).contains(sandboxId);
    assertError(api.post("/v1/posts", test, "{\"content\": \"x\", \"account_ids\": [\"" + live + "\"]}"), 404, "not_found");
    assertThat(api.get("/v1/accounts", tenant.key()).text()).doesNotContain("\"sandbox\"");
  }
}

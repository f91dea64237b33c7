package ink.octopost.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.testing.ApiTestBase;
import ink.octopost.testing.TestSupport;
import org.junit.jupiter.api.Test;

class ApiKeyLifecycleTest extends ApiTestBase {

  @Test
  void create_showsSecretOnce_andTheNewKeyWorks() {
    var created = api.post("/v1/api-keys", tenant.key(), """
        {"name": "CI pipeline", "scopes": ["posts:read", "posts:write"], "mode": "live"}""");

    assertThat(created.status()).isEqualTo(201);
    var json = created.json();
    String secret = json.path("secret").asString();
    String id = json.path("id").asString();
    assertThat(secret).matches("oct_live_[0-9A-Za-z]{32}");
    assertThat(id).startsWith("key_");
    assertThat(json.path("hint").asString()).isEqualTo("oct_live_…" + secret.substring(secret.length() - 4));
    assertThat(json.path("scopes").valueStream().map(n -> n.asString()).toList())
        .containsExactly("posts:read", "posts:write");
    assertThat(json.path("created_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(json.path("last_used_at").isNull()).isTrue();
    assertThat(json.path("revoked_at").isNull()).isTrue();

    var me = api.get("/v1/me", secret);
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().path("workspace").path("id").asString()).isEqualTo(tenant.workspaceId());
    assertThat(me.json().path("workspace").path("name").asString()).isEqualTo("Test workspace");
    assertThat(me.json().path("workspace").path("plan_tier").asString()).isEqualTo("pro");
    assertThat(me.json().path("user").path("id").asString()).isEqualTo(tenant.userId());
    assertThat(me.json().path("user").path("email").asString()).isEqualTo("owner+" + tenant.workspaceId() + "@example.test");
    assertThat(me.json().path("user").path("name").asString()).isEqualTo("Owner");
    assertThat(me.json().path("api_key").path("id").asString()).isEqualTo(id);

    var list = api.get("/v1/api-keys", tenant.key());
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.text()).doesNotContain(secret).doesNotContain("\"secret\"");
    var listed = list.json().path("api_keys").valueStream()
        .filter(k -> k.path("id").asString().equals(id)).findFirst().orElseThrow();
    assertThat(listed.path("last_used_at").isNull()).as("used once since creation").isFalse();
  }

  @Test
  void xApiKeyHeader_isAcceptedLikeBearer() {
    var r = api.request("GET", "/v1/me").header("X-API-Key", tenant.key()).send();
    assertThat(r.status()).isEqualTo(200);
  }

  @Test
  void missingScope_is403_andNamesTheScope() {
    String readOnly = tenants.key(tenant, KeyMode.LIVE, Scope.POSTS_READ);

    var r = assertError(api.get("/v1/api-keys", readOnly), 403, "forbidden");
    assertThat(r.json().path("error").asString()).contains("keys:write");
    assertThat(api.get("/v1/me", readOnly).status()).isEqualTo(200);
  }

  @Test
  void revokedKey_is401_onTheVeryNextRequest() {
    var created = api.post("/v1/api-keys", tenant.key(), "{\"name\": \"short-lived\"}").json();
    String secret = created.path("secret").asString();
    assertThat(api.get("/v1/me", secret).status()).isEqualTo(200);

    var revoke = api.delete("/v1/api-keys/" + created.path("id").asString(), tenant.key());
    assertThat(revoke.status()).isEqualTo(204);

    assertError(api.get("/v1/me", secret), 401, "unauthorized");
    var listed = api.get("/v1/api-keys", tenant.key()).json().path("api_keys").valueStream()
        .filter(k -> k.path("id").asString().equals(created.path("id").asString())).findFirst().orElseThrow();
    assertThat(listed.path("revoked_at").isNull()).isFalse();
  }

  @Test
  void keyCanRevokeItself() {
    String self = tenants.key(tenant, KeyMode.LIVE, Scope.KEYS_WRITE);
    String selfId = api.get("/v1/me", self).json().path("api_key").path("id").asString();
    assertThat(api.delete("/v1/api-keys/" + selfId, self).status()).isEqualTo(204);
    assertError(api.get("/v1/me", self), 401, "unauthorized");
  }

  @Test
  void anotherWorkspacesKey_is404_neverRevealed() {
    var other = tenants.create();
    String otherKeyId = api.get("/v1/me", other.key()).json().path("api_key").path("id").asString();

    assertError(api.delete("/v1/api-keys/" + otherKeyId, tenant.key()), 404, "not_found");
    assertError(api.delete("/v1/api-keys/key_doesnotexist", tenant.key()), 404, "not_found");
    assertThat(api.get("/v1/me", other.key()).status()).isEqualTo(200);
    assertThat(api.get("/v1/api-keys", tenant.key()).text()).doesNotContain(otherKeyId);
  }

  @Test
  void aKeyCannotGrantMoreThanItHas() {
    String limited = tenants.key(tenant, KeyMode.LIVE, Scope.KEYS_WRITE, Scope.POSTS_READ);

    assertError(api.post("/v1/api-keys", limited, "{\"name\": \"x\", \"scopes\": [\"posts:write\"]}"), 403, "forbidden");
    var inherited = api.post("/v1/api-keys", limited, "{\"name\": \"same\"}");
    assertThat(inherited.status()).isEqualTo(201);
    assertThat(inherited.json().path("scopes").valueStream().map(n -> n.asString()).toList())
        .containsExactlyInAnyOrder("keys:write", "posts:read");
  }

  @Test
  void testKeys_cannotCreateLiveKeys_andSeeOnlyTestKeys() {
    String test = tenants.key(tenant, KeyMode.TEST);

    assertError(api.post("/v1/api-keys", test, "{\"name\": \"x\", \"mode\": \"live\"}"), 403, "forbidden");
    var created = api.post("/v1/api-keys", test, "{\"name\": \"sandbox\"}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().path("secret").asString()).startsWith("oct_test_");
    assertThat(created.json().path("mode").asString()).isEqualTo("test");
    assertThat(api.get("/v1/api-keys", test).json().path("api_keys").valueStream()
        .allMatch(k -> k.path("mode").asString().equals("test"))).isTrue();
  }

  @Test
  void invalidCreateRequests_areValidationErrors_listingEveryField() {
    var r = assertError(
        api.post("/v1/api-keys", tenant.key(), "{\"name\": \"\", \"scopes\": [\"posts:read\", \"nope\"], \"mode\": \"prod\"}"),
        422, "validation_error");
    assertThat(r.json().path("details").path("fields").valueStream().map(f -> f.path("field").asString()).toList())
        .containsExactlyInAnyOrder("name", "scopes[1]", "mode");
  }

  @Test
  void listPaginates_withoutGapsOrDuplicates() {
    for (int i = 0; i < 5; i++) {
      api.post("/v1/api-keys", tenant.key(), "{\"name\": \"k" + i + "\"}");
    }
    var seen = new java.util.ArrayList<String>();
    String cursor = null;
    do {
      var page = api.get("/v1/api-keys?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), tenant.key()).json();
      page.path("api_keys").forEach(k -> seen.add(k.path("id").asString()));
      cursor = page.path("has_more").asBoolean() ? page.path("next_cursor").asString() : null;
      if (cursor == null) {
        assertThat(page.path("next_cursor").isNull()).isTrue();
      }
    } while (cursor != null);
    assertThat(seen).hasSize(6).doesNotHaveDuplicates();
  }

  @Test
  void bootstrapKey_fromTheEnvironment_hasFullAccess() {
    var me = api.get("/v1/me", TestSupport.BOOTSTRAP_KEY);
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().path("api_key").path("scopes").size()).isEqualTo(Scope.values().length);
    assertThat(me.json().path("api_key").path("mode").asString()).isEqualTo("live");
  }

  @Test
  void malformedOrUnknownKeys_allGetTheSame401() {
    for (var r : java.util.List.of(
        api.get("/v1/me", null),
        api.get("/v1/me", "oct_live_" + "x".repeat(32)),
        api.get("/v1/me", "not-a-key"),
        api.request("GET", "/v1/me").header("Authorization", "Basic dXNlcjpwYXNz").send(),
        api.request("GET", "/v1/me").header("Authorization", "Bearer").send(),
        api.request("GET", "/v1/me").header("Authorization", "Bearer " + tenant.key())
            .header("X-API-Key", TestSupport.BOOTSTRAP_KEY).send())) {
      assertError(r, 401, "unauthorized");
      assertThat(r.header("X-RateLimit-Limit")).as("no bucket without a key").isNull();
    }
  }
}

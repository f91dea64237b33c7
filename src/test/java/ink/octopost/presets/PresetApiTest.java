package ink.octopost.presets;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.networks.Platform;
import ink.octopost.testing.ApiTestBase;
import org.junit.jupiter.api.Test;

class PresetApiTest extends ApiTestBase {

  @Test
  void everyWorkspace_hasTheTwoSystemPresets_andTheyCannotChange() {
    var list = api.get("/v1/presets", tenant.key()).json().path("presets");
    var system = list.valueStream().filter(p -> p.path("is_system").asBoolean()).toList();
    assertThat(system).extracting(p -> p.path("name").asString()).containsExactlyInAnyOrder("All Platforms", "Professional");
    assertThat(system).allMatch(p -> p.path("id").asString().startsWith("preset_sys_"));

    String id = system.getFirst().path("id").asString();
    assertError(api.request("PUT", "/v1/presets/" + id).key(tenant.key()).json("{\"name\": \"Mine now\"}").send(), 403, "forbidden");
    assertError(api.delete("/v1/presets/" + id, tenant.key()), 403, "forbidden");
    assertThat(api.get("/v1/presets/" + id, tenant.key()).json().path("name").asString()).isIn("All Platforms", "Professional");
  }

  @Test
  void crud_andOneDefaultPerWorkspace() {
    var created = api.post("/v1/presets", tenant.key(), """
        {"name": "Launch", "platforms": ["twitter", "bluesky", "mastodon"], "primary_platform": "bluesky",
         "cross_link_enabled": true, "cross_link_template": "Thread on {platform}: {link}"}""");
    assertThat(created.status()).isEqualTo(201);
    var p = created.json();
    String id = p.path("id").asString();
    assertThat(id).startsWith("preset_");
    assertThat(p.path("primary_platform").asString()).isEqualTo("bluesky");
    assertThat(p.path("is_system").asBoolean()).isFalse();
    assertThat(p.path("is_default").asBoolean()).isFalse();

    var renamed = api.request("PUT", "/v1/presets/" + id).key(tenant.key()).json("{\"name\": \"Launch day\"}").send().json();
    assertThat(renamed.path("name").asString()).isEqualTo("Launch day");
    assertThat(renamed.path("cross_link_template").asString()).isEqualTo("Thread on {platform}: {link}");

    assertThat(api.post("/v1/presets/" + id + "/default", tenant.key(), "{}").json().path("is_default").asBoolean()).isTrue();
    String other = api.post("/v1/presets", tenant.key(), "{\"name\": \"Other\", \"platforms\": [\"twitter\"]}").json().path("id").asString();
    api.post("/v1/presets/" + other + "/default", tenant.key(), "{}");
    assertThat(api.get("/v1/presets/" + id, tenant.key()).json().path("is_default").asBoolean()).isFalse();
    assertThat(api.get("/v1/presets?limit=100", tenant.key()).json().path("presets").valueStream()
        .filter(x -> x.path("is_default").asBoolean()).count()).isEqualTo(1);

    assertThat(api.delete("/v1/presets/" + id, tenant.key()).status()).isEqualTo(204);
    assertError(api.get("/v1/presets/" + id, tenant.key()), 404, "not_found");
  }

  @Test
  void crossLinkSettings_areValidated() {
    assertError(api.post("/v1/presets", tenant.key(), "{\"name\": \"x\", \"platforms\": [\"twitter\", \"bluesky\"],"
        + " \"primary_platform\": \"mastodon\"}"), 422, "validation_error");
    var unknownVar = assertError(api.post("/v1/presets", tenant.key(), "{\"name\": \"x\", \"platforms\": [\"twitter\", \"bluesky\"],"
        + " \"primary_platform\": \"twitter\", \"cross_link_enabled\": true, \"cross_link_template\": \"{link} by {author}\"}"), 422, "validation_error");
    assertThat(unknownVar.json().path("error").asString()).contains("{author}");
    assertError(api.post("/v1/presets", tenant.key(), "{\"name\": \"x\", \"platforms\": [\"twitter\", \"bluesky\"],"
        + " \"cross_link_enabled\": true}"), 422, "validation_error");
    assertError(api.post("/v1/presets", tenant.key(), "{\"name\": \"x\", \"platforms\": [\"twitter\", \"bluesky\"],"
        + " \"primary_platform\": \"twitter\", \"cross_link_enabled\": true, \"cross_link_template\": \"no link here\"}"), 422, "validation_error");
    assertError(api.post("/v1/presets", tenant.key(), "{\"name\": \"" + "n".repeat(101) + "\", \"platforms\": [\"twitter\"]}"), 422, "validation_error");
    assertError(api.post("/v1/presets", tenant.key(), "{\"name\": \"x\", \"platforms\": []}"), 422, "validation_error");
    assertError(api.post("/v1/presets", tenant.key(), "{\"name\": \"x\", \"platforms\": [\"twitter\", \"twitter\"]}"), 422, "validation_error");
    var defaulted = api.post("/v1/presets", tenant.key(), "{\"name\": \"x\", \"platforms\": [\"twitter\", \"bluesky\"],"
        + " \"primary_platform\": \"twitter\", \"cross_link_enabled\": true}");
    assertThat(defaulted.status()).isEqualTo(201);
    assertThat(defaulted.json().path("cross_link_template").asString()).contains("{link}");
  }

  @Test
  void aPostWithAPreset_targetsItsPlatforms_andTheDefaultPresetAppliesWhenNothingIsNamed() {
    tenants.account(tenant, Platform.TWITTER, "x");
    tenants.account(tenant, Platform.BLUESKY, "b");
    tenants.account(tenant, Platform.MASTODON, "m");
    String id = api.post("/v1/presets", tenant.key(), "{\"name\": \"Two\", \"platforms\": [\"bluesky\", \"mastodon\"]}").json().path("id").asString();

    var post = api.post("/v1/posts", tenant.key(), "{\"content\": \"hi\", \"preset_id\": \"" + id + "\"}").json();
    assertThat(post.path("platforms").toString()).isEqualTo("[\"bluesky\",\"mastodon\"]");
    assertThat(post.path("preset_id").asString()).isEqualTo(id);

    assertError(api.post("/v1/posts", tenant.key(), "{\"content\": \"nothing named\"}"), 422, "validation_error");
    api.post("/v1/presets/" + id + "/default", tenant.key(), "{}");
    var byDefault = api.post("/v1/posts", tenant.key(), "{\"content\": \"nothing named\"}");
    assertThat(byDefault.status()).isEqualTo(201);
    assertThat(byDefault.json().path("platforms").toString()).isEqualTo("[\"bluesky\",\"mastodon\"]");
  }

  @Test
  void allPlatforms_holdsEveryPlatform_andAPostMadeThroughTheDefaultPreset_saysWhichPreset() {
    var all = api.get("/v1/presets", tenant.key()).json().path("presets").valueStream()
        .filter(p -> p.path("name").asString().equals("All Platforms")).findFirst().orElseThrow();
    var everyPlatform = java.util.Arrays.stream(Platform.values()).map(Platform::id).toList();
    assertThat(all.path("platforms").valueStream().map(p -> p.asString())).containsExactlyInAnyOrderElementsOf(everyPlatform);

    String id = all.path("id").asString();
    assertThat(api.post("/v1/presets/" + id + "/default", tenant.key(), "{}").status()).isEqualTo(200);
    String test = tenants.key(tenant, ink.octopost.auth.KeyMode.TEST);
    var post = api.post("/v1/posts", test, "{\"content\": \"nothing named\"}");
    assertThat(post.status()).as(post.toString()).isEqualTo(201);
    assertThat(post.json().path("preset_id").asString()).as("the default preset that applied").isEqualTo(id);
    assertThat(post.json().path("platforms").valueStream().map(p -> p.asString())).containsExactlyInAnyOrderElementsOf(everyPlatform);
    String postId = post.json().path("id").asString();
    assertThat(api.get("/v1/posts/" + postId, test).json().path("preset_id").asString()).isEqualTo(id);
  }

  /** "All Platforms" names networks a workspace may never connect: a preset's platforms without an account are left out. */
  @Test
  void aPresetsPlatformsWithoutAnAccount_areLeftOut_unlessNoneHasOne() {
    tenants.account(tenant, Platform.TWITTER, "x");
    tenants.account(tenant, Platform.BLUESKY, "b");
    String all = api.get("/v1/presets", tenant.key()).json().path("presets").valueStream()
        .filter(p -> p.path("name").asString().equals("All Platforms")).findFirst().orElseThrow().path("id").asString();
    api.post("/v1/presets/" + all + "/default", tenant.key(), "{}");

    var post = api.post("/v1/posts", tenant.key(), "{\"content\": \"to what I have\"}");
    assertThat(post.status()).as(post.toString()).isEqualTo(201);
    assertThat(post.json().path("platforms").valueStream().map(p -> p.asString())).containsExactlyInAnyOrder("twitter", "bluesky");
    assertThat(post.json().path("preset_id").asString()).isEqualTo(all);
    var valid = api.post("/v1/posts/validate", tenant.key(), "{\"content\": \"to what I have\"}").json();
    assertThat(valid.path("valid").asBoolean()).as(valid.toString()).isTrue();

    String slack = api.post("/v1/presets", tenant.key(), "{\"name\": \"Slack only\", \"platforms\": [\"slack\"]}")
        .json().path("id").asString();
    assertError(api.post("/v1/posts", tenant.key(), "{\"content\": \"x\", \"preset_id\": \"" + slack + "\"}"), 422, "validation_error");
    assertError(api.post("/v1/posts", tenant.key(), "{\"content\": \"x\", \"platforms\": [\"twitter\", \"slack\"]}"), 422,
        "validation_error");
  }
}

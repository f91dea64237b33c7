package ink.octopost.posts;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.networks.Platform;
import ink.octopost.testing.ApiTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** POST /v1/posts/validate: each network counts the text its own way; nothing is saved. */
class ValidateEndpointTest extends ApiTestBase {

  private JsonNode validate(String json) {
    var r = api.post("/v1/posts/validate", tenant.key(), json);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  private static JsonNode target(JsonNode result, String platform) {
    return result.path("targets").valueStream().filter(t -> t.path("platform").asString().equals(platform)).findFirst().orElseThrow();
  }

  @Test
  void eachNetworkCountsItsOwnWay() {
    for (var p : new Platform[] {Platform.TWITTER, Platform.BLUESKY, Platform.MASTODON, Platform.THREADS, Platform.TELEGRAM}) {
      tenants.account(tenant, p, p.id() + "_user");
    }
    // 140 CJK characters: 280 weighted on X (at the limit), 140 graphemes on Bluesky.
    String cjk = "漢".repeat(140);
    var r = validate("{\"content\": \"" + cjk + "\", \"platforms\": [\"twitter\", \"bluesky\"]}");
    assertThat(r.path("valid").asBoolean()).isTrue();

    var over = validate("{\"content\": \"" + cjk + "a\", \"platforms\": [\"twitter\", \"bluesky\"]}");
    assertThat(over.path("valid").asBoolean()).isFalse();
    var x = target(over, "twitter").path("violations").get(0);
    assertThat(x.path("code").asString()).isEqualTo("text_too_long");
    assertThat(x.path("actual").asInt()).isEqualTo(281);
    assertThat(target(over, "bluesky").path("violations").size()).isZero();

    // A long URL counts 23 on X and Mastodon, at full length on Bluesky.
    String url = "https://example.com/" + "p".repeat(300);
    var urls = validate("{\"content\": \"see " + url + "\", \"platforms\": [\"twitter\", \"mastodon\", \"bluesky\"]}");
    assertThat(target(urls, "twitter").path("violations").size()).isZero();
    assertThat(target(urls, "mastodon").path("violations").size()).isZero();
    assertThat(target(urls, "bluesky").path("violations").get(0).path("code").asString()).isEqualTo("text_too_long");

    // Family emoji with skin tones: one grapheme on Bluesky.
    String family = "👩🏽‍👩🏻‍👧🏿‍👦🏼";
    var emoji = validate("{\"content\": \"" + family.repeat(300) + "\", \"platforms\": [\"bluesky\"]}");
    var bytes = target(emoji, "bluesky").path("violations");
    assertThat(bytes.size()).isEqualTo(1);
    assertThat(bytes.get(0).path("code").asString()).as("300 graphemes fit, but not in 3000 bytes").isEqualTo("text_too_long_bytes");

    // Telegram: 4096 for text, 1024 for a caption.
    String text = "t".repeat(2000);
    assertThat(target(validate("{\"content\": \"" + text + "\", \"platforms\": [\"telegram\"]}"), "telegram").path("violations").size()).isZero();
    var caption = validate("{\"content\": \"" + text + "\", \"platforms\": [\"telegram\"], \"media\": {\"images\": [{\"url\": \"https://e.com/a.jpg\"}]}}");
    assertThat(target(caption, "telegram").path("violations").get(0).path("limit").asInt()).isEqualTo(1024);
  }

  @Test
  void missingAccounts_andMediaRules_areReported_notThrown() {
    tenants.account(tenant, Platform.TWITTER, "x");
    var r = validate("""
        {"content": "hi", "platforms": ["twitter", "instagram"],
         "media": {"images": [{"url": "https://e.com/1.png"}, {"url": "https://e.com/2.png"}, {"url": "https://e.com/3.png"},
                              {"url": "https://e.com/4.png"}, {"url": "https://e.com/5.png"}]}}""");
    assertThat(r.path("valid").asBoolean()).isFalse();
    var insta = target(r, "instagram");
    assertThat(insta.path("account_id").isNull()).isTrue();
    assertThat(insta.path("violations").get(0).path("code").asString()).isEqualTo("no_account");
    assertThat(target(r, "twitter").path("violations").get(0).path("code").asString()).isEqualTo("too_many_images");
    assertThat(api.get("/v1/posts", tenant.key()).json().path("posts").size()).as("nothing saved").isZero();
  }

  @Test
  void overridesAreCheckedPerPlatform() {
    tenants.account(tenant, Platform.TWITTER, "x");
    tenants.account(tenant, Platform.LINKEDIN, "li");
    String longText = "word ".repeat(100);
    var r = validate("{\"content\": \"" + longText + "\", \"platforms\": [\"twitter\", \"linkedin\"],"
        + " \"overrides\": {\"twitter\": {\"content\": \"short for X\"}}}");
    assertThat(r.path("valid").asBoolean()).isTrue();
  }
}

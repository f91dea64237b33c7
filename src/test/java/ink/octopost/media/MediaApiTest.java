package ink.octopost.media;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.auth.KeyMode;
import ink.octopost.auth.Scope;
import ink.octopost.fakes.MediaServer;
import ink.octopost.testing.Api;
import ink.octopost.testing.ApiTestBase;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

public class MediaApiTest extends ApiTestBase {

  @Autowired MediaStore store;

  @Test
  void upload_storesOnce_andTheSameBytesAgainAnswerTheExistingObject() throws Exception {
    byte[] png = MediaServer.png(40, 30);
    var first = upload(tenant.key(), "../../etc/holiday.png", "image/jpeg", png, "A beach");
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    var m = first.json();
    assertThat(m.path("id").asString()).startsWith("med_");
    assertThat(m.path("status").asString()).isEqualTo("ready");
    assertThat(m.path("type").asString()).isEqualTo("image");
    assertThat(m.path("mime_type").asString()).as("sniffed, not the declared image/jpeg").isEqualTo("image/png");
    assertThat(m.path("size_bytes").asLong()).isEqualTo(png.length);
    assertThat(m.path("filename").asString()).isEqualTo("holiday.png");
    assertThat(m.path("alt_text").asString()).isEqualTo("A beach");
    assertThat(m.path("sha256").asString()).hasSize(64);

    var again = upload(tenant.key(), "copy.png", "image/png", png, null);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("id").asString()).isEqualTo(m.path("id").asString());

    // another workspace has its own copy, and cannot see this one
    var other = tenants.create();
    var theirs = upload(other.key(), "x.png", "image/png", png, null);
    assertThat(theirs.status()).isEqualTo(201);
    assertError(api.get("/v1/media/" + m.path("id").asString(), other.key()), 404, "not_found");

    String key = MediaLibrary.originalKey(tenant.workspaceId(), m.path("id").asString());
    try (var in = store.open(key)) {
      assertThat(in.readAllBytes()).isEqualTo(png);
    }
  }

  @Test
  void list_get_patch_andDelete() throws Exception {
    String image = upload(tenant.key(), "a.png", "image/png", MediaServer.png(10, 10), null).json().path("id").asString();
    String video = upload(tenant.key(), "b.mp4", "video/mp4", TestMp4.mp4(64, 36, 30, true), null).json().path("id").asString();

    var all = api.get("/v1/media", tenant.key()).json();
    assertThat(all.path("media").valueStream().map(x -> x.path("id").asString())).containsExactly(video, image);
    var videos = api.get("/v1/media?type=video", tenant.key()).json().path("media");
    assertThat(videos.valueStream().map(x -> x.path("id").asString())).containsExactly(video);
    assertError(api.get("/v1/media?type=pdf", tenant.key()), 400, "bad_request");
    var page = api.get("/v1/media?limit=1", tenant.key()).json();
    assertThat(page.path("has_more").asBoolean()).isTrue();
    var next = api.get("/v1/media?limit=1&cursor=" + page.path("next_cursor").asString(), tenant.key()).json();
    assertThat(next.path("media").get(0).path("id").asString()).isEqualTo(image);

    var patched = api.request("PATCH", "/v1/media/" + image).key(tenant.key()).json("{\"alt_text\": \"A grey square\"}").send();
    assertThat(patched.json().path("alt_text").asString()).isEqualTo("A grey square");
    assertError(api.request("PATCH", "/v1/media/" + image).key(tenant.key()).json("{\"filename\": \"x\"}").send(), 422,
        "validation_error");

    assertThat(api.delete("/v1/media/" + image, tenant.key()).status()).isEqualTo(204);
    assertError(api.get("/v1/media/" + image, tenant.key()), 404, "not_found");
    assertError(api.delete("/v1/media/med_doesNotExist0000000000", tenant.key()), 404, "not_found");
  }

  @Test
  void hostileFiles_getAClearRefusal_andNothingIsStored() {
    String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
    var r = assertError(upload(tenant.key(), "cat.png", "image/png", svg.getBytes(StandardCharsets.UTF_8), null), 422,
        "validation_error");
    assertThat(r.json().path("details").path("fields").get(0).path("field").asString()).isEqualTo("file");
    assertError(upload(tenant.key(), "page.jpg", "image/jpeg", "<html><body>hi</body></html>".getBytes(StandardCharsets.UTF_8),
        null), 422, "validation_error");
    assertError(upload(tenant.key(), "empty.png", "image/png", new byte[0], null), 422, "validation_error");
    // no file part at all
    assertError(api.request("POST", "/v1/media").key(tenant.key())
        .header("Content-Type", "multipart/form-data; boundary=xyz").body("--xyz--\r\n".getBytes(StandardCharsets.UTF_8))
        .send(), 400, "bad_request");
    assertThat(api.get("/v1/media", tenant.key()).json().path("media").size()).isZero();
  }

  @Test
  void scopes_areEnforced() {
    String readOnly = tenants.key(tenant, KeyMode.LIVE, Scope.MEDIA_READ);
    assertError(upload(readOnly, "a.png", "image/png", MediaServer.png(5, 5), null), 403, "forbidden");
    assertThat(api.get("/v1/media", readOnly).status()).isEqualTo(200);
    String postsOnly = tenants.key(tenant, KeyMode.LIVE, Scope.POSTS_READ);
    assertError(api.get("/v1/media", postsOnly), 403, "forbidden");
  }

  @Test
  void mediaThatAScheduledPostUses_cannotBeDeleted_untilThePostIsUnscheduled() {
    tenants.account(tenant, ink.octopost.networks.Platform.MASTODON, "media-user");
    String id = upload(tenant.key(), "p.png", "image/png", MediaServer.png(12, 12), null).json().path("id").asString();
    var post = api.post("/v1/posts", tenant.key(), """
        {"content": "with library media", "platforms": ["mastodon"], "scheduled_for": "2099-01-01T00:00:00Z",
         "media": {"images": [{"media_id": "%s", "alt_text": "twelve"}]}}""".formatted(id));
    assertThat(post.status()).as(post.toString()).isEqualTo(201);
    assertThat(post.json().path("media").path("images").get(0).path("media_id").asString()).isEqualTo(id);
    String postId = post.json().path("id").asString();

    var refused = assertError(api.delete("/v1/media/" + id, tenant.key()), 409, "conflict");
    assertThat(refused.json().path("error").asString()).contains(postId);

    api.request("PATCH", "/v1/posts/" + postId).key(tenant.key()).json("{\"scheduled_for\": null}").send();
    assertThat(api.delete("/v1/media/" + id, tenant.key()).status()).isEqualTo(204);
  }

  @Test
  void aPostNamingMediaOfAnotherWorkspace_orAnUnknownId_isRefused() {
    tenants.account(tenant, ink.octopost.networks.Platform.MASTODON, "media-user");
    var other = tenants.create();
    String theirs = upload(other.key(), "t.png", "image/png", MediaServer.png(7, 7), null).json().path("id").asString();
    var r = assertError(api.post("/v1/posts", tenant.key(), """
        {"content": "x", "platforms": ["mastodon"], "media": {"images": [{"media_id": "%s"}]}}""".formatted(theirs)),
        422, "validation_error");
    assertThat(r.json().path("error").asString()).contains(theirs);
    assertError(api.post("/v1/posts", tenant.key(), """
        {"content": "x", "platforms": ["mastodon"], "media": {"images": [{"media_id": "../../etc"}]}}"""), 422,
        "validation_error");
    assertError(api.post("/v1/posts", tenant.key(), """
        {"content": "x", "platforms": ["mastodon"], "media": {"images": [{"alt_text": "no source"}]}}"""), 422,
        "validation_error");
  }

  @Test
  void validate_warnsWhenANetworkThatPullsMedia_cannotReachThisServersLinks() {
    tenants.account(tenant, ink.octopost.networks.Platform.INSTAGRAM, "puller");
    tenants.account(tenant, ink.octopost.networks.Platform.MASTODON, "pusher");
    String id = upload(tenant.key(), "w.png", "image/png", MediaServer.png(100, 100), null).json().path("id").asString();
    var report = api.post("/v1/posts/validate", tenant.key(), """
        {"content": "square", "platforms": ["instagram", "mastodon"], "media": {"images": [{"media_id": "%s"}]}}"""
        .formatted(id)).json();
    var byPlatform = new java.util.HashMap<String, JsonNode>();
    report.path("targets").forEach(t -> byPlatform.put(t.path("platform").asString(), t));
    assertThat(byPlatform.get("instagram").path("warnings").get(0).path("code").asString()).isEqualTo("media_url_not_public");
    assertThat(byPlatform.get("instagram").path("warnings").get(0).path("message").asString()).contains("OCTOPOST_PUBLIC_URL");
    assertThat(byPlatform.get("mastodon").path("warnings").size()).as("mastodon receives the bytes").isZero();
    assertThat(report.path("valid").asBoolean()).as("a warning does not make a post invalid").isTrue();
  }

  @Test
  void validate_reportsAnImageOutsideTheNetworksAspectRatios_unlessThePostAsksToFitIt() {
    tenants.account(tenant, ink.octopost.networks.Platform.INSTAGRAM, "ratio");
    String id = upload(tenant.key(), "pano.png", "image/png", MediaServer.png(300, 100), null).json().path("id").asString();
    var report = api.post("/v1/posts/validate", tenant.key(), """
        {"content": "wide", "platforms": ["instagram"], "media": {"images": [{"media_id": "%s"}]}}""".formatted(id)).json();
    var violations = report.path("targets").get(0).path("violations");
    assertThat(violations.valueStream().map(v -> v.path("code").asString())).contains("image_aspect_ratio");
    assertThat(violations.valueStream().filter(v -> v.path("code").asString().equals("image_aspect_ratio")).findFirst()
        .orElseThrow().path("message").asString()).contains("overrides.instagram.fit");

    var padded = api.post("/v1/posts/validate", tenant.key(), """
        {"content": "wide", "platforms": ["instagram"], "media": {"images": [{"media_id": "%s"}]},
         "overrides": {"instagram": {"fit": "pad"}}}""".formatted(id)).json();
    assertThat(padded.path("targets").get(0).path("violations").valueStream().map(v -> v.path("code").asString()))
        .doesNotContain("image_aspect_ratio");
    assertError(api.post("/v1/posts/validate", tenant.key(), """
        {"content": "wide", "platforms": ["instagram"], "overrides": {"instagram": {"fit": "stretch"}}}"""), 422,
        "validation_error");
  }

  public static Api.Response upload(Api api, String key, String filename, String contentType, byte[] bytes, String altText) {
    String boundary = "b" + System.nanoTime();
    var out = new ByteArrayOutputStream();
    if (altText != null) {
      out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"alt_text\"\r\n\r\n" + altText + "\r\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
        + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(bytes);
    out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return api.request("POST", "/v1/media").key(key).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .body(out.toByteArray()).send();
  }

  private Api.Response upload(String key, String filename, String contentType, byte[] bytes, String altText) {
    String boundary = "b" + System.nanoTime();
    var out = new ByteArrayOutputStream();
    if (altText != null) {
      out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"alt_text\"\r\n\r\n" + altText + "\r\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
        + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(bytes);
    out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return api.request("POST", "/v1/media").key(key).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .body(out.toByteArray()).send();
  }
}

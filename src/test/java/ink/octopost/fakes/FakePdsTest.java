package ink.octopost.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The fake refuses what a PDS refuses (and the facet bugs networks.md asks it to catch). */
class FakePdsTest {

  static final String DID = "did:plc:fake2r6a4hw3kdy7mzq5nbx";
  static final JsonMapper JSON = JsonMapper.builder().build();
  // HTTP/1.1: the reference PDS (Node) drops a request that asks to upgrade to h2c, as Java's default client does
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  FakePds pds;
  String access;

  @BeforeEach
  void start() throws Exception {
    pds = new FakePds().account("carol.test", DID, "app-pass-word-0000").user("dave.test", "did:plc:dave");
    access = pds.session(DID).get("accessJwt");
  }

  @AfterEach
  void stop() {
    pds.close();
  }

  record Reply(int status, JsonNode body) {
    String error() {
      return body.path("error").asString();
    }
  }

  Reply call(String nsid, String token, Object body) throws Exception {
    var b = HttpRequest.newBuilder(URI.create(pds.url() + "/xrpc/" + nsid)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    var r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Reply(r.statusCode(), JSON.readTree(r.body()));
  }

  Reply create(Map<String, Object> record) throws Exception {
    return call("com.atproto.repo.createRecord", access,
        Map.of("repo", DID, "collection", "app.bsky.feed.post", "record", record));
  }

  static Map<String, Object> post(String text, Object... extra) {
    var m = new java.util.LinkedHashMap<String, Object>();
    m.put("$type", "app.bsky.feed.post");
    m.put("text", text);
    m.put("createdAt", "2025-01-01T00:00:00.000Z");
    for (int i = 0; i < extra.length; i += 2) {
      m.put((String) extra[i], extra[i + 1]);
    }
    return m;
  }

  static Map<String, Object> facet(int start, int end, Map<String, Object> feature) {
    return Map.of("index", Map.of("byteStart", start, "byteEnd", end), "features", java.util.List.of(feature));
  }

  @Test
  void aValidPost_isCreated() throws Exception {
    var r = create(post("hello"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().path("uri").asString()).startsWith("at://" + DID + "/app.bsky.feed.post/");
    assertThat(r.body().path("cid").asString()).startsWith("bafyrei");
  }

  @Test
  void facetsCountedInUtf16_areRefused() throws Exception {
    String text = "é #tag"; // "é" is 1 UTF-16 unit but 2 UTF-8 bytes
    var wrong = create(post(text, "facets", java.util.List.of(facet(2, 6, Map.of("$type", "app.bsky.richtext.facet#tag", "tag", "tag")))));
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.error()).isEqualTo("InvalidRequest");
    var right = create(post(text, "facets", java.util.List.of(facet(3, 7, Map.of("$type", "app.bsky.richtext.facet#tag", "tag", "tag")))));
    assertThat(right.status()).as(right.body().toString()).isEqualTo(200);
  }

  @Test
  void facetsOutOfBounds_splittingCharacters_orOverlapping_areRefused() throws Exception {
    var link = Map.<String, Object>of("$type", "app.bsky.richtext.facet#link", "uri", "https://a.io");
    assertThat(create(post("https://a.io", "facets", java.util.List.of(facet(0, 13, link)))).status()).isEqualTo(400);
    assertThat(create(post("😀 x", "facets", java.util.List.of(facet(1, 4, link)))).status()).isEqualTo(400);
    assertThat(create(post("https://a.io", "facets", java.util.List.of(facet(0, 12, link), facet(8, 12, link)))).status())
        .isEqualTo(400);
    var mention = Map.<String, Object>of("$type", "app.bsky.richtext.facet#mention", "did", "did:plc:dave");
    assertThat(create(post("hi @dave.test", "facets", java.util.List.of(facet(3, 13, mention)))).status()).isEqualTo(200);
    assertThat(create(post("hi @dave.test", "facets", java.util.List.of(facet(4, 13, mention)))).status()).isEqualTo(400);
  }

  @Test
  void blobsMustHaveBeenUploaded_inTheBlobRefShape() throws Exception {
    var image = Map.<String, Object>of("$type", "blob", "ref", Map.of("$link", "bafkreinotuploaded"), "mimeType", "image/png", "size", 10);
    var embed = Map.of("$type", "app.bsky.embed.images", "images", java.util.List.of(Map.of("alt", "", "image", image)));
    var r = create(post("pic", "embed", embed));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.error()).isEqualTo("BlobNotFound");
    var legacy = Map.of("$type", "app.bsky.embed.images", "images",
        java.util.List.of(Map.of("alt", "", "image", Map.of("cid", "bafkreinotuploaded", "mimeType", "image/png"))));
    assertThat(create(post("pic", "embed", legacy)).status()).isEqualTo(400);
    var noAlt = Map.of("$type", "app.bsky.embed.images", "images", java.util.List.of(Map.of("image", image)));
    assertThat(create(post("pic", "embed", noAlt)).body().path("message").asString()).contains("alt");
  }

  @Test
  void repliesMustPointAtExistingRecords_withTheThreadsRoot() throws Exception {
    var root = create(post("root")).body();
    var ref = Map.of("uri", root.path("uri").asString(), "cid", root.path("cid").asString());
    var child = create(post("child", "reply", Map.of("root", ref, "parent", ref))).body();
    var childRef = Map.of("uri", child.path("uri").asString(), "cid", child.path("cid").asString());
    assertThat(create(post("grandchild", "reply", Map.of("root", ref, "parent", childRef))).status()).isEqualTo(200);
    assertThat(create(post("wrong root", "reply", Map.of("root", childRef, "parent", childRef))).status()).isEqualTo(400);
    var badCid = Map.of("uri", root.path("uri").asString(), "cid", "bafyreiwrong");
    assertThat(create(post("bad cid", "reply", Map.of("root", badCid, "parent", badCid))).status()).isEqualTo(400);
  }

  @Test
  void aTakenRecordKey_isA500_likeTheReferencePds() throws Exception {
    var body = Map.of("repo", DID, "collection", "app.bsky.feed.post", "rkey", "3jzfcijpj2z2a", "record", post("x"));
    assertThat(call("com.atproto.repo.createRecord", access, body).status()).isEqualTo(200);
    var again = call("com.atproto.repo.createRecord", access, body);
    assertThat(again.status()).isEqualTo(500);
    assertThat(again.error()).isEqualTo("InternalServerError");
    var notATid = Map.of("repo", DID, "collection", "app.bsky.feed.post", "rkey", "my-post", "record", post("x"));
    assertThat(call("com.atproto.repo.createRecord", access, notATid).status()).isEqualTo(400);
  }

  @Test
  void tokens_expire_rotate_andAreCheckedForTheirKind() throws Exception {
    assertThat(call("com.atproto.repo.createRecord", null, Map.of()).error()).isEqualTo("AuthMissing");
    assertThat(call("com.atproto.repo.createRecord", "garbage", Map.of()).error()).isEqualTo("InvalidToken");
    var session = call("com.atproto.server.createSession", null, Map.of("identifier", "carol.test", "password", "app-pass-word-0000")).body();
    String refresh = session.path("refreshJwt").asString();
    assertThat(call("com.atproto.repo.createRecord", refresh, Map.of()).error()).isEqualTo("InvalidToken");
    pds.expireAccessTokens(DID);
    var expired = call("com.atproto.repo.createRecord", session.path("accessJwt").asString(), Map.of());
    assertThat(expired.status()).isEqualTo(400);
    assertThat(expired.error()).isEqualTo("ExpiredToken");
    var first = call("com.atproto.server.refreshSession", refresh, Map.of());
    assertThat(first.status()).isEqualTo(200);
    // within the grace period a used refresh token answers the same next one (@atproto/pds 0.5.35 does)
    assertThat(call("com.atproto.server.refreshSession", refresh, Map.of()).body().path("refreshJwt").asString())
        .isEqualTo(first.body().path("refreshJwt").asString());
    pds.revokeAppPassword(DID);
    var revoked = call("com.atproto.server.refreshSession", first.body().path("refreshJwt").asString(), Map.of());
    assertThat(revoked.error()).isEqualTo("ExpiredToken");
    assertThat(revoked.body().path("message").asString()).isEqualTo("Token has been revoked");
    var wrong = call("com.atproto.server.createSession", null, Map.of("identifier", "carol.test", "password", "nope"));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.error()).isEqualTo("AuthenticationRequired");
  }

  Reply get(String nsid, String token, String query) throws Exception {
    var b = HttpRequest.newBuilder(URI.create(pds.url() + "/xrpc/" + nsid + "?" + query)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    var r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Reply(r.statusCode(), JSON.readTree(r.body()));
  }

  Reply upload(String token, String type, byte[] bytes) throws Exception {
    var r = HTTP.send(HttpRequest.newBuilder(URI.create(pds.url() + "/xrpc/com.atproto.repo.uploadBlob"))
        .header("Authorization", "Bearer " + token).header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Reply(r.statusCode(), JSON.readTree(r.body()));
  }

  @Test
  void serviceAuthTokens_serveOnlyTheirMethod_onTheirAudience_forAnHourAtMost() throws Exception {
    long exp = java.time.Instant.now().plusSeconds(1800).getEpochSecond();
    String token = get("com.atproto.server.getServiceAuth", access,
        "aud=" + FakePds.SERVICE_DID + "&lxm=com.atproto.repo.uploadBlob&exp=" + exp).body().path("token").asString();
    assertThat(upload(token, "video/mp4", MediaServer.mp4(64)).body().path("blob").path("mimeType").asString()).isEqualTo("video/mp4");
    assertThat(call("com.atproto.repo.createRecord", token, Map.of()).error()).isEqualTo("InvalidToken");
    String elsewhere = get("com.atproto.server.getServiceAuth", access, "aud=did:web:video.bsky.app&lxm=com.atproto.repo.uploadBlob")
        .body().path("token").asString();
    assertThat(upload(elsewhere, "video/mp4", MediaServer.mp4(64)).error()).isEqualTo("BadJwtAudience");
    String otherMethod = get("com.atproto.server.getServiceAuth", access, "aud=" + FakePds.SERVICE_DID + "&lxm=com.atproto.repo.createRecord")
        .body().path("token").asString();
    assertThat(upload(otherMethod, "video/mp4", MediaServer.mp4(64)).error()).isEqualTo("BadJwtLexiconMethod");
    long tooLate = java.time.Instant.now().plusSeconds(7200).getEpochSecond();
    assertThat(get("com.atproto.server.getServiceAuth", access, "aud=" + FakePds.SERVICE_DID + "&exp=" + tooLate).error())
        .isEqualTo("BadExpiration");
  }

  @Test
  void blobsAreTypedByTheirBytes_deletesOfNothingAnswerEmpty_andUnknownNamesAreRefused() throws Exception {
    assertThat(upload(access, "image/jpeg", MediaServer.png(2, 2)).body().path("blob").path("mimeType").asString()).isEqualTo("image/png");
    var nothing = call("com.atproto.repo.deleteRecord", access, Map.of("repo", DID, "collection", "app.bsky.feed.post", "rkey", "3jzfcijpj2z2a"));
    assertThat(nothing.status()).isEqualTo(200);
    assertThat(nothing.body().isEmpty()).isTrue();
    assertThat(get("com.atproto.identity.resolveHandle", null, "handle=nobody.test").error()).isEqualTo("HandleNotFound");
    assertThat(get("com.atproto.nope", null, "").status()).isEqualTo(400);
    assertThat(get("com.atproto.server.describeServer", null, "").body().path("did").asString()).isEqualTo(FakePds.SERVICE_DID);
  }

  @Test
  void createSession_isLimitedTo30In5Minutes() throws Exception {
    for (int i = 0; i < 30; i++) {
      call("com.atproto.server.createSession", null, Map.of("identifier", "carol.test", "password", "app-pass-word-0000"));
    }
    var limited = call("com.atproto.server.createSession", null, Map.of("identifier", "carol.test", "password", "app-pass-word-0000"));
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.error()).isEqualTo("RateLimitExceeded");
  }
}

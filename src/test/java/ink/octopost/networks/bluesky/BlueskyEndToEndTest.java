package ink.octopost.networks.bluesky;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.auth.ApiKeyService;
import ink.octopost.auth.KeyMode;
import ink.octopost.fakes.FakeBlueskyVideo;
import ink.octopost.fakes.FakePds;
import ink.octopost.fakes.MediaServer;
import ink.octopost.testing.Api;
import ink.octopost.testing.Nodes;
import ink.octopost.testing.TestDatabase;
import ink.octopost.workspaces.WorkspaceService;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Octopost publishing to a Bluesky PDS (a local fake built from networks.md and the lexicons), end to end. */
class BlueskyEndToEndTest {

  static final AtomicInteger USERS = new AtomicInteger();

  static Nodes.Node node;
  static FakePds pds;
  static FakeBlueskyVideo video;
  static MediaServer media;
  String key;

  @BeforeAll
  static void start() throws Exception {
    pds = new FakePds();
    video = new FakeBlueskyVideo(pds.url());
    media = new MediaServer();
    node = Nodes.start(TestDatabase.newDatabase("bluesky"), Map.of(
        "octopost.outbound.allow-private-networks", "true",
        "octopost.networks.bluesky.base-url", pds.url(),
        "octopost.networks.bluesky.video.url", video.url(),
        "octopost.networks.bluesky.video.did", FakeBlueskyVideo.DID,
        "octopost.networks.bluesky.video.poll-interval", "PT0S",
        "octopost.engine.backoff-base", "PT0.2S"));
  }

  @AfterAll
  static void stop() {
    node.close();
    video.close();
    media.close();
    pds.close();
  }

  @BeforeEach
  void tenant() {
    key = node.tenantKey("sky");
  }

  private Api api() {
    return node.api();
  }

  /** A new user on the PDS, connected through the API; returns {did, account id}. */
  private String[] connect(String name) {
    int n = USERS.incrementAndGet();
    String handle = name + n + ".test";
    String did = "did:plc:" + name + n + "e2eqwmzx";
    pds.account(handle, did, "abcd-efgh-ijkl-" + n);
    var r = api().post("/v1/accounts", key, """
        {"platform": "bluesky", "identifier": "%s", "app_password": "abcd-efgh-ijkl-%d"}""".formatted(handle, n));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return new String[] {did, r.json().path("id").asString()};
  }

  private JsonNode publishAndWait(String json) {
    return node.publishAndWait(key, json);
  }

  private static java.util.List<FakePds.Post> postsOf(String did) {
    return pds.created().stream().filter(p -> p.did().equals(did)).toList();
  }

  @Test
  void connect_createsASessionOnThePds_andStoresNothingOnRefusal() {
    int sessions = pds.calls("com.atproto.server.createSession");
    var ids = connect("alice");
    assertThat(pds.calls("com.atproto.server.createSession")).isEqualTo(sessions + 1);
    var account = api().get("/v1/accounts/" + ids[1], key).json();
    assertThat(account.path("username").asString()).startsWith("alice").endsWith(".test");
    assertThat(account.path("platform_user_id").asString()).isEqualTo(ids[0]);
    assertThat(account.path("instance_url").asString()).isEqualTo(pds.url());

    var wrong = api().post("/v1/accounts", key,
        "{\"platform\": \"bluesky\", \"identifier\": \"" + account.path("username").asString() + "\", \"app_password\": \"nope\"}");
    assertThat(wrong.status()).isEqualTo(422);
    assertThat(wrong.json().path("error").asString()).contains("Invalid identifier or password");
    var missing = api().post("/v1/accounts", key, "{\"platform\": \"bluesky\", \"identifier\": \"x.test\"}");
    assertThat(missing.status()).isEqualTo(422);
    var listing = api().get("/v1/accounts", key);
    assertThat(listing.json().path("accounts").size()).isEqualTo(1);
    assertThat(listing.text()).doesNotContain("abcd-efgh").doesNotContain("Jwt").doesNotContain("access_jwt");
  }

  @Test
  void aLibraryPhoto_isFittedForBluesky_rotatedAndWithoutLocation_andTheFittedVersionIsKept() throws Exception {
    String did = connect("photo")[0];
    // a 24-megapixel camera photo, stored sideways with EXIF orientation 6, with GPS coordinates
    byte[] photo = ink.octopost.media.TestMedia.withExif(
        ink.octopost.media.TestMedia.jpeg(ink.octopost.media.TestMedia.photo(6000, 4000), 0.92f), 6, true);
    assertThat(photo.length).isGreaterThan(1_000_000);
    var uploaded = ink.octopost.media.MediaApiTest.upload(api(), key, "camera.jpg", "image/jpeg", photo, "The harbour");
    assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
    String mediaId = uploaded.json().path("id").asString();
    assertThat(uploaded.json().path("width").asInt()).as("as displayed").isEqualTo(4000);
    assertThat(uploaded.json().path("height").asInt()).isEqualTo(6000);

    var post = publishAndWait("""
        {"content": "From the library", "platforms": ["bluesky"], "media": {"images": [{"media_id": "%s"}]}}"""
        .formatted(mediaId));
    assertThat(post.path("status").asString()).as(post.toString()).isEqualTo("published");
    String cid = imageCid(postsOf(did).getFirst());
    byte[] sent = pds.blobBytes(cid);
    assertThat(sent.length).as("under Bluesky's 1,000,000 bytes").isLessThanOrEqualTo(1_000_000);
    var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(sent));
    assertThat(image.getHeight()).as("turned upright").isGreaterThan(image.getWidth());
    var metadata = com.drew.imaging.ImageMetadataReader.readMetadata(new java.io.ByteArrayInputStream(sent));
    assertThat(metadata.getFirstDirectoryOfType(com.drew.metadata.exif.GpsDirectory.class)).as("no location left").isNull();

    var media = api().get("/v1/media/" + mediaId, key).json();
    assertThat(media.path("variants").get(0).path("platform").asString()).isEqualTo("bluesky");
    assertThat(media.path("variants").get(0).path("size_bytes").asLong()).isEqualTo(sent.length);
    // a second post reuses the stored version: the same bytes again
    var again = publishAndWait("""
        {"content": "Again", "platforms": ["bluesky"], "media": {"images": [{"media_id": "%s"}]}}""".formatted(mediaId));
    assertThat(again.path("status").asString()).isEqualTo("published");
    assertThat(imageCid(postsOf(did).get(1))).isEqualTo(cid);
  }

  private static String imageCid(FakePds.Post post) {
    return post.value().path("embed").path("images").get(0).path("image").path("ref").path("$link").asString();
  }

  @Test
  void aThread_isPublishedAsReplies_withRootAndParentRefs() {
    String did = connect("thread")[0];
    var post = publishAndWait("""
        {"content": "1/ Hello #bluesky 👋", "platforms": ["bluesky"],
         "segments": [{"content": "2/ more"}, {"content": "3/ end"}]}""");
    assertThat(post.path("status").asString()).as(post.toString()).isEqualTo("published");
    var mine = postsOf(did);
    assertThat(mine).extracting(FakePds.Post::text).containsExactly("1/ Hello #bluesky 👋", "2/ more", "3/ end");
    var root = mine.get(0);
    assertThat(root.value().path("facets").get(0).path("features").get(0).path("tag").asString()).isEqualTo("bluesky");
    assertThat(mine.get(1).value().path("reply").path("root").path("uri").asString()).isEqualTo(root.uri());
    assertThat(mine.get(2).value().path("reply").path("root").path("cid").asString()).isEqualTo(root.cid());
    assertThat(mine.get(2).value().path("reply").path("parent").path("uri").asString()).isEqualTo(mine.get(1).uri());
    assertThat(post.path("platform_results").path("bluesky").path("post_url").asString())
        .startsWith("https://bsky.app/profile/thread").endsWith("/post/" + root.rkey());
  }

  @Test
  void anExpiredSession_isRefreshedByTheEngine_withoutLoggingInAgain() {
    String did = connect("expired")[0];
    int sessions = pds.calls("com.atproto.server.createSession");
    int refreshes = pds.calls("com.atproto.server.refreshSession");
    pds.expireAccessTokens(did);
    var post = publishAndWait("{\"content\": \"after the access token expired\", \"platforms\": [\"bluesky\"]}");
    assertThat(post.path("status").asString()).as(post.toString()).isEqualTo("published");
    assertThat(pds.calls("com.atproto.server.refreshSession")).isEqualTo(refreshes + 1);
    assertThat(pds.calls("com.atproto.server.createSession")).isEqualTo(sessions);
    assertThat(postsOf(did)).extracting(FakePds.Post::text).containsExactly("after the access token expired");

    // the rotated tokens were stored: the next post needs no refresh
    publishAndWait("{\"content\": \"again\", \"platforms\": [\"bluesky\"]}");
    assertThat(pds.calls("com.atproto.server.refreshSession")).isEqualTo(refreshes + 1);
  }

  @Test
  void aDeadRefreshToken_fallsBackToANewSessionFromTheAppPassword() {
    String did = connect("stale")[0];
    int sessions = pds.calls("com.atproto.server.createSession");
    pds.expireAccessTokens(did).expireRefreshTokens(did);
    var post = publishAndWait("{\"content\": \"back after 90 days\", \"platforms\": [\"bluesky\"]}");
    assertThat(post.path("status").asString()).as(post.toString()).isEqualTo("published");
    assertThat(pds.calls("com.atproto.server.createSession")).isEqualTo(sessions + 1);
  }

  @Test
  void aRevokedAppPassword_needsReconnect() {
    var ids = connect("revoked");
    // revoked a while ago: the access JWT issued before it (which the PDS keeps honouring) has expired too
    pds.revokeAppPassword(ids[0]).expireAccessTokens(ids[0]);
    var post = publishAndWait("{\"content\": \"nope\", \"platforms\": [\"bluesky\"]}");
    assertThat(post.path("targets").get(0).path("error_code").asString()).isEqualTo("account_needs_reconnect");
    assertThat(api().get("/v1/accounts/" + ids[1], key).json().path("status").asString()).isEqualTo("needs_reconnect");
  }

  @Test
  void aLostAnswer_isRetriedUnderTheSameRecordKey_andPostsOnce() {
    String did = connect("lost")[0];
    pds.fault(FakePds.Fault.CREATE_THEN_DROP);
    var post = publishAndWait("{\"content\": \"exactly once\", \"platforms\": [\"bluesky\"]}");
    assertThat(post.path("status").asString()).as(post.toString()).isEqualTo("published");
    assertThat(post.path("targets").get(0).path("attempts").asInt()).isEqualTo(2);
    assertThat(postsOf(did)).extracting(FakePds.Post::text).containsExactly("exactly once");
  }

  @Test
  void aVideo_goesThroughTheConfiguredVideoService() throws Exception {
    String did = connect("video")[0];
    String url = media.serve("e2e.mp4", ink.octopost.media.TestMp4.mp4(1080, 1920, 30, true));
    var post = publishAndWait("""
        {"content": "a video", "platforms": ["bluesky"], "media": {"video": {"url": "%s", "title": "Vertical clip"}}}"""
        .formatted(url));
    assertThat(post.path("status").asString()).as(post.toString()).isEqualTo("published");
    JsonNode embed = postsOf(did).getFirst().value().path("embed");
    assertThat(embed.path("$type").asString()).isEqualTo("app.bsky.embed.video");
    assertThat(embed.path("alt").asString()).isEqualTo("Vertical clip");
    assertThat(embed.path("aspectRatio").path("height").asInt()).isEqualTo(1920);
    assertThat(video.jobs()).extracting(FakeBlueskyVideo.Job::did).contains(did);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

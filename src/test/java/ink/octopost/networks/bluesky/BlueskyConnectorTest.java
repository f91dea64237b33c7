package ink.octopost.networks.bluesky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import ink.octopost.fakes.FakePds;
import ink.octopost.fakes.MediaServer;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.Platform;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.Publication;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What only Bluesky does: byte-offset facets, chosen record keys, strong-ref replies, embeds, sessions. */
class BlueskyConnectorTest {

  static final String DID = "did:plc:alice5b3x2ymq7kzhpoe4vj";
  static final String BOB = "did:plc:bob4kq6nd2wtd7jzeh3xlpa";

  FakePds pds;
  MediaServer media;
  HttpServer pages;
  final Map<String, String> html = new ConcurrentHashMap<>();
  BlueskyConnector connector;
  Publication.AccountContext account;

  @BeforeEach
  void start() throws Exception {
    pds = new FakePds().account("alice.test", DID, "pass-word-1234-abcd").user("bob.test", BOB);
    media = new MediaServer();
    pages = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    pages.createContext("/", ex -> {
      String body = html.get(ex.getRequestURI().getPath());
      if (body == null) {
        ex.sendResponseHeaders(404, -1);
      } else {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        ex.sendResponseHeaders(200, bytes.length);
        ex.getResponseBody().write(bytes);
      }
      ex.close();
    });
    pages.start();
    connector = BlueskyTesting.connector(pds.url());
    account = account(pds.session(DID));
  }

  @AfterEach
  void stop() {
    pds.close();
    media.close();
    pages.stop(0);
  }

  private Publication.AccountContext account(Map<String, String> session) {
    var c = new HashMap<String, String>();
    c.put("access_jwt", session.get("accessJwt"));
    c.put("refresh_jwt", session.get("refreshJwt"));
    c.put("did", DID);
    c.put("handle", "alice.test");
    c.put("app_password", "pass-word-1234-abcd");
    return new Publication.AccountContext("acc_1", Platform.BLUESKY, DID, "alice.test", pds.url(), Map.copyOf(c));
  }

  private String page(String path, String body) {
    html.put(path, body);
    return "http://127.0.0.1:" + pages.getAddress().getPort() + path;
  }

  private Publication.Published publish(String text) throws NetworkFailure {
    return publish(new PostContent(text, List.of(), null, List.of()), null, null, UUID.randomUUID().toString());
  }

  private Publication.Published publish(PostContent content, Publication.Published replyTo, Publication.Published root,
      String key) throws NetworkFailure {
    return connector.publish(new Publication(account, content, replyTo, root, key));
  }

  private JsonNode record(Publication.Published p) {
    return pds.record(p.postId()).value();
  }

  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void facets_areAtUtf8ByteOffsets_afterEmojiAndCjk() throws Exception {
    String link = page("/article", "<html><head><title>An article</title></head></html>");
    String lead = "日本語のテキスト 👩‍👩‍👧‍👦 ";
    String text = lead + "@bob.test 🇯🇵 " + link + " ＃タグ #octopost!";
    var published = publish(text);

    var facets = record(published).path("facets");
    assertThat(facets).hasSize(4);
    int mention = bytes(lead);
    assertThat(facets.get(0).path("index").path("byteStart").asInt()).isEqualTo(mention);
    assertThat(facets.get(0).path("index").path("byteEnd").asInt()).isEqualTo(mention + bytes("@bob.test"));
    assertThat(facets.get(0).path("features").get(0).path("$type").asString()).isEqualTo("app.bsky.richtext.facet#mention");
    assertThat(facets.get(0).path("features").get(0).path("did").asString()).isEqualTo(BOB);

    int linkStart = bytes(lead + "@bob.test 🇯🇵 ");
    assertThat(facets.get(1).path("index").path("byteStart").asInt()).isEqualTo(linkStart);
    assertThat(facets.get(1).path("index").path("byteEnd").asInt()).isEqualTo(linkStart + bytes(link));
    assertThat(facets.get(1).path("features").get(0).path("uri").asString()).isEqualTo(link);

    int fullWidthTag = bytes(lead + "@bob.test 🇯🇵 " + link + " ");
    assertThat(facets.get(2).path("index").path("byteStart").asInt()).isEqualTo(fullWidthTag);
    assertThat(facets.get(2).path("index").path("byteEnd").asInt()).isEqualTo(fullWidthTag + bytes("＃タグ"));
    assertThat(facets.get(2).path("features").get(0).path("tag").asString()).isEqualTo("タグ");

    int tag = bytes(lead + "@bob.test 🇯🇵 " + link + " ＃タグ ");
    assertThat(facets.get(3).path("index").path("byteStart").asInt()).isEqualTo(tag);
    assertThat(facets.get(3).path("index").path("byteEnd").asInt()).isEqualTo(tag + bytes("#octopost"));
    assertThat(facets.get(3).path("features").get(0).path("tag").asString()).isEqualTo("octopost");
  }

  @Test
  void anUnresolvableMention_staysPlainText() throws Exception {
    var published = publish("hi @nobody.bsky.social and @bob.test");
    var facets = record(published).path("facets");
    assertThat(facets).hasSize(1);
    assertThat(facets.get(0).path("features").get(0).path("did").asString()).isEqualTo(BOB);
    assertThat(pds.calls("com.atproto.identity.resolveHandle")).isEqualTo(2);
  }

  @Test
  void theSameIdempotencyKeyTwice_makesOneRecord() throws Exception {
    var content = new PostContent("only once", List.of(), null, List.of());
    var first = publish(content, null, null, "tgt_1:0");
    var again = publish(content, null, null, "tgt_1:0");
    assertThat(again.postId()).isEqualTo(first.postId());
    assertThat(again.refs().get("cid")).isEqualTo(first.refs().get("cid"));
    assertThat(pds.records()).extracting(FakePds.Post::text).containsOnlyOnce("only once");
    String rkey = first.postId().substring(first.postId().lastIndexOf('/') + 1);
    assertThat(rkey).isEqualTo(RecordKeys.tid("tgt_1:0")).matches(RecordKeys.TID);
    assertThat(first.postUrl()).isEqualTo("https://bsky.app/profile/alice.test/post/" + rkey);
    assertThat(first.postId()).isEqualTo("at://" + DID + "/app.bsky.feed.post/" + rkey);
  }

  @Test
  void theSameKeyTwice_makesOneRecord_whenThePdsSaysRecordAlreadyExists() throws Exception {
    pds.recordAlreadyExistsError(true);
    var content = new PostContent("once more", List.of(), null, List.of());
    var first = publish(content, null, null, "tgt_2:0");
    assertThat(publish(content, null, null, "tgt_2:0").postId()).isEqualTo(first.postId());
    assertThat(pds.records()).extracting(FakePds.Post::text).containsOnlyOnce("once more");
  }

  @Test
  void aThreeePartThread_carriesRootAndParentStrongRefs() throws Exception {
    var first = publish("1/3");
    var second = publish(new PostContent("2/3", List.of(), null, List.of()), first, first, "t:1");
    var third = publish(new PostContent("3/3", List.of(), null, List.of()), second, first, "t:2");

    assertThat(record(first).has("reply")).isFalse();
    var reply2 = record(second).path("reply");
    assertThat(reply2.path("root").path("uri").asString()).isEqualTo(first.postId());
    assertThat(reply2.path("root").path("cid").asString()).isEqualTo(first.refs().get("cid"));
    assertThat(reply2.path("parent").path("uri").asString()).isEqualTo(first.postId());
    var reply3 = record(third).path("reply");
    assertThat(reply3.path("root").path("uri").asString()).isEqualTo(first.postId());
    assertThat(reply3.path("root").path("cid").asString()).isEqualTo(pds.record(first.postId()).cid());
    assertThat(reply3.path("parent").path("uri").asString()).isEqualTo(second.postId());
    assertThat(reply3.path("parent").path("cid").asString()).isEqualTo(pds.record(second.postId()).cid());
  }

  @Test
  void aReplyToAnOldResultWithoutCid_looksTheCidUp() throws Exception {
    var first = publish("root");
    var bare = new Publication.Published(first.postId(), first.postUrl(), Map.of());
    var reply = publish(new PostContent("reply", List.of(), null, List.of()), bare, bare, "r:1");
    assertThat(record(reply).path("reply").path("parent").path("cid").asString()).isEqualTo(first.refs().get("cid"));
  }

  @Test
  void images_carryAltTextAndAspectRatio() throws Exception {
    var images = List.of(new PostContent.Image(media.serve("wide.png", MediaServer.png(640, 480)), "a wide one"),
        new PostContent.Image(media.serve("tall.png", MediaServer.png(30, 90)), null));
    var published = publish(new PostContent("look", images, null, List.of()), null, null, "img:0");
    var embed = record(published).path("embed");
    assertThat(embed.path("$type").asString()).isEqualTo("app.bsky.embed.images");
    var first = embed.path("images").get(0);
    assertThat(first.path("alt").asString()).isEqualTo("a wide one");
    assertThat(first.path("aspectRatio").path("width").asInt()).isEqualTo(640);
    assertThat(first.path("aspectRatio").path("height").asInt()).isEqualTo(480);
    assertThat(first.path("image").path("$type").asString()).isEqualTo("blob");
    assertThat(first.path("image").path("ref").path("$link").asString()).startsWith("bafkrei");
    assertThat(first.path("image").path("mimeType").asString()).isEqualTo("image/png");
    var second = embed.path("images").get(1);
    assertThat(second.path("alt").asString()).isEmpty();
    assertThat(second.path("aspectRatio").path("width").asInt()).isEqualTo(30);
    assertThat(second.path("aspectRatio").path("height").asInt()).isEqualTo(90);
  }

  @Test
  void anImageOverTheLimit_isRejectedBeforeUpload() {
    var big = new byte[1_000_001];
    System.arraycopy(MediaServer.png(2, 2), 0, big, 0, 8);
    var images = List.of(new PostContent.Image(media.serve("big.png", big), "too big"));
    assertThatThrownBy(() -> publish(new PostContent("big", images, null, List.of()), null, null, "big:0"))
        .isInstanceOfSatisfying(NetworkFailure.Rejected.class, r -> assertThat(r.code()).isEqualTo("media_rejected"));
    assertThat(pds.calls("com.atproto.repo.uploadBlob")).isZero();
  }

  @Test
  void aVideo_isAnEmbedVideoWithItsBlob() throws Exception {
    var video = new PostContent.Video(media.serve("clip.mp4", MediaServer.mp4(8192)), "clip", null);
    var published = publish(new PostContent("watch", List.of(), video, List.of()), null, null, "vid:0");
    var embed = record(published).path("embed");
    assertThat(embed.path("$type").asString()).isEqualTo("app.bsky.embed.video");
    assertThat(embed.path("video").path("mimeType").asString()).isEqualTo("video/mp4");
    assertThat(embed.path("video").path("size").asLong()).isEqualTo(8192);
  }

  @Test
  void aLinkWithoutImages_getsALinkCard_fromTheOpenGraphTags() throws Exception {
    String image = media.serve("card.png", MediaServer.png(120, 63));
    String link = page("/post", """
        <html><head><title>Fallback</title>
        <meta property="og:title" content="Octopost &amp; friends">
        <meta content='Publishing, everywhere' property='og:description'>
        <meta property="og:image" content="%s">
        </head><body>hi</body></html>""".formatted(image));
    var published = publish("read this: " + link);
    var embed = record(published).path("embed");
    assertThat(embed.path("$type").asString()).isEqualTo("app.bsky.embed.external");
    var external = embed.path("external");
    assertThat(external.path("uri").asString()).isEqualTo(link);
    assertThat(external.path("title").asString()).isEqualTo("Octopost & friends");
    assertThat(external.path("description").asString()).isEqualTo("Publishing, everywhere");
    assertThat(external.path("thumb").path("mimeType").asString()).isEqualTo("image/png");
  }

  @Test
  void aLinkCard_isLeftOut_whenThereAreImages_orThePageFails() throws Exception {
    String link = page("/og", "<html><head><meta property=\"og:title\" content=\"T\"></head></html>");
    var images = List.of(new PostContent.Image(media.serve("i.png", MediaServer.png(10, 10)), "alt"));
    var withImage = publish(new PostContent("pic " + link, images, null, List.of()), null, null, "c:1");
    assertThat(record(withImage).path("embed").path("$type").asString()).isEqualTo("app.bsky.embed.images");

    var broken = publish("missing page http://127.0.0.1:" + pages.getAddress().getPort() + "/gone");
    assertThat(record(broken).has("embed")).isFalse();
    assertThat(record(broken).path("facets")).hasSize(1);
  }

  @Test
  void connect_createsASession_andStoresBothJwtsAndTheAppPassword() throws Exception {
    var identity = connector.connect(Map.of("identifier", "@alice.test", "app_password", "pass-word-1234-abcd",
        "service_url", pds.url()));
    assertThat(identity.platformUserId()).isEqualTo(DID);
    assertThat(identity.username()).isEqualTo("alice.test");
    assertThat(identity.instanceUrl()).isEqualTo(pds.url());
    assertThat(identity.credentials()).containsKeys("access_jwt", "refresh_jwt", "did", "handle", "app_password");
    assertThat(identity.tokenExpiresAt()).isAfter(java.time.Instant.now().plusSeconds(3600));
    assertThat(identity.toString()).doesNotContain(identity.credentials().get("access_jwt"));
  }

  @Test
  void connect_withAWrongPassword_failsWithBlueskysMessage() {
    assertThatThrownBy(() -> connector.connect(Map.of("identifier", "alice.test", "app_password", "wrong")))
        .isInstanceOf(NetworkFailure.AccessRevoked.class)
        .hasMessageContaining("Invalid identifier or password");
    assertThatThrownBy(() -> connector.connect(Map.of("identifier", "alice.test")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("app_password");
  }

  @Test
  void publishing_reusesTheSession_andNeverLogsIn() throws Exception {
    for (int i = 0; i < 5; i++) {
      publish("post " + i);
    }
    assertThat(pds.calls("com.atproto.server.createSession")).isZero();
    assertThat(pds.calls("com.atproto.server.refreshSession")).isZero();
  }

  @Test
  void refresh_rotatesBothJwts_andTheOldRefreshJwtGetsTheSameAnswerWithinTheGracePeriod() throws Exception {
    pds.expireAccessTokens(DID);
    assertThatThrownBy(() -> publish("expired")).isInstanceOf(NetworkFailure.CredentialsExpired.class);
    var renewed = connector.refresh(account).orElseThrow();
    assertThat(renewed.credentials().get("access_jwt")).isNotEqualTo(account.credentials().get("access_jwt"));
    assertThat(renewed.credentials().get("refresh_jwt")).isNotEqualTo(account.credentials().get("refresh_jwt"));
    assertThat(renewed.credentials()).containsEntry("app_password", "pass-word-1234-abcd").containsEntry("did", DID);
    assertThat(renewed.expiresAt()).isAfter(java.time.Instant.now());
    assertThat(pds.calls("com.atproto.server.createSession")).isZero();

    var spent = account;
    account = new Publication.AccountContext("acc_1", Platform.BLUESKY, DID, "alice.test", pds.url(), renewed.credentials());
    assertThat(publish("fresh").postId()).isNotBlank();
    // the used refresh JWT again (an answer lost): the reference PDS answers the same next refresh JWT
    assertThat(connector.refresh(spent).orElseThrow().credentials().get("refresh_jwt"))
        .isEqualTo(renewed.credentials().get("refresh_jwt"));
    assertThat(pds.calls("com.atproto.server.createSession")).isZero();
  }

  @Test
  void aDeadRefreshJwt_fallsBackToANewSessionFromTheAppPassword() throws Exception {
    pds.expireAccessTokens(DID).expireRefreshTokens(DID);
    var renewed = connector.refresh(account).orElseThrow();
    assertThat(pds.calls("com.atproto.server.createSession")).isEqualTo(1);
    account = new Publication.AccountContext("acc_1", Platform.BLUESKY, DID, "alice.test", pds.url(), renewed.credentials());
    assertThat(publish("back").postId()).isNotBlank();
  }

  @Test
  void aRevokedAppPassword_cannotBeRefreshed_andNeedsReconnect() throws Exception {
    pds.revokeAppPassword(DID);
    // as on the reference PDS, an access JWT issued before keeps working until it expires
    assertThat(publish("still signed in").postId()).isNotBlank();
    pds.expireAccessTokens(DID);
    assertThatThrownBy(() -> publish("revoked")).isInstanceOf(NetworkFailure.CredentialsExpired.class);
    assertThatThrownBy(() -> connector.refresh(account)).isInstanceOf(NetworkFailure.AccessRevoked.class)
        .hasMessageContaining("Invalid identifier or password");
  }

  @Test
  void errors_areClassifiedInBlueskysTerms() {
    pds.fault(FakePds.Fault.TAKEDOWN);
    assertThatThrownBy(() -> publish("a")).isInstanceOf(NetworkFailure.AccessRevoked.class).hasMessageContaining("AccountTakedown");
    pds.fault(FakePds.Fault.INVALID_REQUEST);
    assertThatThrownBy(() -> publish("b")).isInstanceOf(NetworkFailure.Rejected.class).hasMessageContaining("InvalidRequest");
    pds.fault(FakePds.Fault.DROP_BEFORE_CREATE);
    assertThatThrownBy(() -> publish("c")).isInstanceOf(NetworkFailure.OutcomeUnknown.class);
    var reset = java.time.Instant.now().plusSeconds(90);
    pds.rateLimitResetAt(reset).fault(FakePds.Fault.RATE_LIMITED);
    assertThatThrownBy(() -> publish("d")).isInstanceOfSatisfying(NetworkFailure.RateLimited.class,
        r -> assertThat(r.retryAt()).isEqualTo(java.time.Instant.ofEpochSecond(reset.getEpochSecond())));
    assertThat(pds.records()).isEmpty();
  }

  @Test
  void textOverTheLexiconsLimits_isRejectedByThePds() {
    assertThatThrownBy(() -> publish("👍".repeat(301))).isInstanceOf(NetworkFailure.Rejected.class)
        .hasMessageContaining("grapheme too big (maximum 300");
  }

  @Test
  void textAtTheLimits_isAccepted() throws Exception {
    // 300 graphemes; a family emoji is 1 grapheme but 25 bytes, so 3000 bytes come first
    assertThat(publish("👍".repeat(300)).postId()).isNotBlank();
    String family = "👨‍👩‍👧‍👦";
    String atByteLimit = family.repeat(3000 / bytes(family)) + "x".repeat(3000 % bytes(family));
    assertThat(bytes(atByteLimit)).isEqualTo(3000);
    assertThat(publish(atByteLimit).postId()).isNotBlank();
    assertThatThrownBy(() -> publish(atByteLimit + "x")).isInstanceOf(NetworkFailure.Rejected.class)
        .hasMessageContaining("3000");
  }

  @Test
  void delete_removesTheRecord_andIsIdempotent() throws Exception {
    var published = publish("bye");
    connector.delete(account, published.postId());
    assertThat(pds.record(published.postId())).isNull();
    connector.delete(account, published.postId());
    assertThatThrownBy(() -> connector.delete(account, "12345")).isInstanceOf(NetworkFailure.Rejected.class);
  }

  @Test
  void recordKeys_areValidDistinctTids() {
    var seen = new ArrayList<String>();
    for (int i = 0; i < 1000; i++) {
      String tid = RecordKeys.tid("tgt_" + i + ":0");
      assertThat(tid).matches(RecordKeys.TID).isEqualTo(RecordKeys.tid("tgt_" + i + ":0"));
      seen.add(tid);
    }
    assertThat(seen).doesNotHaveDuplicates();
  }
}

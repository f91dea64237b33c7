package ink.octopost.networks.bluesky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.fakes.FakeBlueskyVideo;
import ink.octopost.fakes.MediaServer;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.Platform;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.Publication;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the connector does on a PDS, checked through the PDS's own reads (getRecord,
 * listRecords): connect, rich text, images, a link card, a thread, a retry under the same record
 * key, delete, refresh, an app password revoked, and video through the video service or straight
 * to the PDS. Run against FakePds always ({@link FakePdsScenariosTest}) and against the reference
 * PDS when one is running ({@link ReferencePdsCheckTest}): the fake must answer as the real one.
 */
abstract class PdsScenarios {

  /** An account on the PDS: handle, DID and an app password. */
  record Account(String handle, String did, String appPassword) {}

  static final JsonMapper JSON = JsonMapper.builder().build();
  // HTTP/1.1: the reference PDS (Node) drops a request that asks to upgrade to h2c, as Java's default client does
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  protected MediaServer media;
  protected FakeBlueskyVideo video;

  protected abstract String pdsUrl();

  /** The account that posts. */
  protected abstract Account alice();

  /** Someone to mention. */
  protected abstract Account bob();

  /** A new app password for {@code a}, and a way to revoke it. */
  protected abstract String newAppPassword(Account a) throws Exception;

  protected abstract void revokeAppPassword(Account a, String appPassword) throws Exception;

  @BeforeEach
  void startServices() throws Exception {
    media = new MediaServer();
    video = new FakeBlueskyVideo(pdsUrl());
  }

  @AfterEach
  void stopServices() {
    media.close();
    video.close();
  }

  NetworkConnector connector(BlueskyVideoProperties settings) {
    return BlueskyTesting.connector(pdsUrl(), settings);
  }

  NetworkConnector connector() {
    return connector(BlueskyTesting.video(video.url(), false));
  }

  Publication.AccountContext connect(NetworkConnector connector, Account a) throws NetworkFailure {
    return connect(connector, a, a.appPassword());
  }

  Publication.AccountContext connect(NetworkConnector connector, Account a, String appPassword) throws NetworkFailure {
    var identity = connector.connect(Map.of("identifier", a.handle(), "app_password", appPassword, "service_url", pdsUrl()));
    assertThat(identity.platformUserId()).isEqualTo(a.did());
    assertThat(identity.username()).isEqualTo(a.handle());
    return new Publication.AccountContext("acc_" + a.handle(), Platform.BLUESKY, identity.platformUserId(),
        identity.username(), identity.instanceUrl(), identity.credentials());
  }

  Publication.Published publish(NetworkConnector c, Publication.AccountContext account, PostContent content,
      Publication.Published replyTo, Publication.Published root, String key) throws NetworkFailure {
    return c.publish(new Publication(account, content, replyTo, root, key));
  }

  Publication.Published publish(NetworkConnector c, Publication.AccountContext account, PostContent content)
      throws NetworkFailure {
    return publish(c, account, content, null, null, UUID.randomUUID().toString());
  }

  static PostContent text(String text) {
    return new PostContent(text, List.of(), null, List.of());
  }

  /** The record as the PDS holds it: {@code {uri, cid, value}}, or the PDS's error. */
  JsonNode getRecord(String uri) throws Exception {
    var at = RecordKeys.parse(uri);
    return get("com.atproto.repo.getRecord", Map.of("repo", at.repo(), "collection", at.collection(), "rkey", at.rkey()));
  }

  JsonNode get(String nsid, Map<String, String> query) throws Exception {
    var q = new StringBuilder();
    query.forEach((k, v) -> q.append(q.isEmpty() ? "?" : "&").append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    var r = HTTP.send(HttpRequest.newBuilder(URI.create(pdsUrl() + "/xrpc/" + nsid + q)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    return JSON.readTree(r.body());
  }

  /** The text a facet covers: its UTF-8 byte range of the record's text. */
  static String slice(JsonNode record, JsonNode facet) {
    byte[] utf8 = record.path("text").asString().getBytes(StandardCharsets.UTF_8);
    return new String(Arrays.copyOfRange(utf8, facet.path("index").path("byteStart").asInt(),
        facet.path("index").path("byteEnd").asInt()), StandardCharsets.UTF_8);
  }

  @Test
  void connect_refusesAWrongAppPassword() {
    assertThatThrownBy(() -> connector().connect(Map.of("identifier", alice().handle(), "app_password", "wrong-pass-word",
        "service_url", pdsUrl()))).isInstanceOf(NetworkFailure.AccessRevoked.class).hasMessageContaining("Invalid identifier or password");
  }

  @Test
  void richText_linkMentionAndHashtag_areFacetsOverTheirUtf8Bytes() throws Exception {
    var c = connector();
    var account = connect(c, alice());
    String text = "Café ✨ with @" + bob().handle() + " and @nobody.test: https://example.com/a?b=1 #octopost";
    var published = publish(c, account, text(text));
    JsonNode value = getRecord(published.postId()).path("value");
    assertThat(value.path("text").asString()).isEqualTo(text);
    var facets = value.path("facets");
    assertThat(facets.size()).isEqualTo(3); // the unknown handle stays plain text
    assertThat(slice(value, facets.get(0))).isEqualTo("@" + bob().handle());
    assertThat(facets.get(0).path("features").get(0).path("did").asString()).isEqualTo(bob().did());
    assertThat(slice(value, facets.get(1))).isEqualTo("https://example.com/a?b=1");
    assertThat(facets.get(1).path("features").get(0).path("uri").asString()).isEqualTo("https://example.com/a?b=1");
    assertThat(slice(value, facets.get(2))).isEqualTo("#octopost");
    assertThat(facets.get(2).path("features").get(0).path("tag").asString()).isEqualTo("octopost");
    assertThat(published.postUrl()).isEqualTo("https://bsky.app/profile/" + alice().handle() + "/post/"
        + RecordKeys.parse(published.postId()).rkey());
  }

  @Test
  void images_carryAltTextAndAspectRatio() throws Exception {
    var c = connector();
    var account = connect(c, alice());
    var images = List.of(new PostContent.Image(media.serve("a.png", MediaServer.png(40, 30)), "forty by thirty"),
        new PostContent.Image(media.serve("b.png", MediaServer.png(20, 50)), null));
    var published = publish(c, account, new PostContent("two pictures", images, null, List.of()));
    JsonNode embed = getRecord(published.postId()).path("value").path("embed");
    assertThat(embed.path("$type").asString()).isEqualTo("app.bsky.embed.images");
    assertThat(embed.path("images").get(0).path("alt").asString()).isEqualTo("forty by thirty");
    assertThat(embed.path("images").get(1).path("alt").asString()).isEmpty();
    assertThat(embed.path("images").get(0).path("aspectRatio").path("width").asInt()).isEqualTo(40);
    assertThat(embed.path("images").get(1).path("aspectRatio").path("height").asInt()).isEqualTo(50);
    assertThat(embed.path("images").get(0).path("image").path("mimeType").asString()).isEqualTo("image/png");
  }

  @Test
  void aLinkWithoutMedia_getsACardWithItsThumbnail() throws Exception {
    var c = connector();
    var account = connect(c, alice());
    String thumb = media.serve("card.png", MediaServer.png(60, 30));
    String page = media.serve("page.html", ("<html><head><title>ignored</title><meta property=\"og:title\" content=\"A page\">"
        + "<meta property=\"og:description\" content=\"What it says\"><meta property=\"og:image\" content=\"" + thumb
        + "\"></head></html>").getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
    var published = publish(c, account, text("Read " + page));
    JsonNode external = getRecord(published.postId()).path("value").path("embed").path("external");
    assertThat(external.path("uri").asString()).isEqualTo(page);
    assertThat(external.path("title").asString()).isEqualTo("A page");
    assertThat(external.path("description").asString()).isEqualTo("What it says");
    assertThat(external.path("thumb").path("mimeType").asString()).isEqualTo("image/png");
  }

  @Test
  void aThreeePartThread_isAReplyChainOfStrongRefs() throws Exception {
    var c = connector();
    var account = connect(c, alice());
    var first = publish(c, account, text("1/3 thread"));
    var second = publish(c, account, text("2/3"), first, first, UUID.randomUUID().toString());
    var third = publish(c, account, text("3/3"), second, first, UUID.randomUUID().toString());
    JsonNode root = getRecord(first.postId());
    JsonNode middle = getRecord(second.postId());
    JsonNode reply = getRecord(third.postId()).path("value").path("reply");
    assertThat(middle.path("value").path("reply").path("parent").path("cid").asString()).isEqualTo(root.path("cid").asString());
    assertThat(reply.path("root").path("uri").asString()).isEqualTo(first.postId());
    assertThat(reply.path("root").path("cid").asString()).isEqualTo(root.path("cid").asString());
    assertThat(reply.path("parent").path("uri").asString()).isEqualTo(second.postId());
    assertThat(reply.path("parent").path("cid").asString()).isEqualTo(middle.path("cid").asString());
  }

  @Test
  void aRetryWithTheSameKey_answersTheFirstRecord_andWritesNoSecond() throws Exception {
    var c = connector();
    var account = connect(c, alice());
    String key = UUID.randomUUID().toString();
    var first = publish(c, account, text("exactly once " + key), null, null, key);
    var again = publish(c, account, text("exactly once " + key), null, null, key);
    assertThat(again.postId()).isEqualTo(first.postId());
    assertThat(again.refs().get("cid")).isEqualTo(first.refs().get("cid"));
    var listed = get("com.atproto.repo.listRecords", Map.of("repo", alice().did(), "collection", "app.bsky.feed.post", "limit", "100"));
    assertThat(listed.path("records").valueStream().filter(r -> r.path("value").path("text").asString().equals("exactly once " + key)))
        .hasSize(1);
  }

  @Test
  void delete_removesTheRecord_andIsIdempotent() throws Exception {
    var c = connector();
    var account = connect(c, alice());
    var published = publish(c, account, text("short-lived"));
    c.delete(account, published.postId());
    assertThat(getRecord(published.postId()).path("error").asString()).isEqualTo("RecordNotFound");
    c.delete(account, published.postId());
  }

  @Test
  void refresh_rotatesTheSession_andTheOldRefreshTokenStillWorksOnceMore() throws Exception {
    var c = connector();
    var account = connect(c, alice());
    var renewed = c.refresh(account).orElseThrow().credentials();
    assertThat(renewed.get("refresh_jwt")).isNotEqualTo(account.credentials().get("refresh_jwt"));
    var next = new Publication.AccountContext(account.id(), account.platform(), account.platformUserId(), account.username(),
        account.instanceUrl(), renewed);
    assertThat(publish(c, next, text("after a refresh")).postId()).startsWith("at://" + alice().did());
    // an answer lost on the way: the same refresh token again, within the PDS's grace period
    assertThat(c.refresh(account).orElseThrow().credentials().get("refresh_jwt")).isEqualTo(renewed.get("refresh_jwt"));
  }

  @Test
  void aRevokedAppPassword_keepsItsAccessToken_butCannotRefresh() throws Exception {
    var c = connector();
    String password = newAppPassword(bob());
    var account = connect(c, bob(), password);
    revokeAppPassword(bob(), password);
    assertThat(publish(c, account, text("the access token outlives the app password")).postId()).isNotBlank();
    assertThatThrownBy(() -> c.refresh(account)).isInstanceOf(NetworkFailure.AccessRevoked.class)
        .hasMessageContaining("Invalid identifier or password");
  }

  @Test
  void video_goesThroughTheVideoService_withAltAndAspectRatio() throws Exception {
    var c = connector();
    var account = connect(c, alice());
    String url = media.serve("clip.mp4", MediaServer.mp4(1280, 720));
    var published = publish(c, account, new PostContent("a clip", List.of(), new PostContent.Video(url, "A short clip", null), List.of()));
    JsonNode embed = getRecord(published.postId()).path("value").path("embed");
    assertThat(embed.path("$type").asString()).isEqualTo("app.bsky.embed.video");
    assertThat(embed.path("video").path("mimeType").asString()).isEqualTo("video/mp4");
    assertThat(embed.path("alt").asString()).isEqualTo("A short clip");
    assertThat(embed.path("aspectRatio").path("width").asInt()).isEqualTo(1280);
    assertThat(video.calls("app.bsky.video.getUploadLimits")).isEqualTo(1);
    assertThat(video.calls("app.bsky.video.uploadVideo")).isEqualTo(1);
    assertThat(video.calls("app.bsky.video.getJobStatus")).isEqualTo(2);

    // the same video again: the service answers already_exists, and its blob is used
    var again = publish(c, account, new PostContent("again", List.of(), new PostContent.Video(url, null, null), List.of()));
    assertThat(getRecord(again.postId()).path("value").path("embed").path("video").path("ref").path("$link").asString())
        .isEqualTo(embed.path("video").path("ref").path("$link").asString());
  }

  @Test
  void video_goesStraightToThePds_whenNoServiceIsConfigured() throws Exception {
    var c = connector(BlueskyTesting.video("", false));
    var account = connect(c, alice());
    var v = new PostContent.Video(media.serve("direct.mp4", MediaServer.mp4(640, 480)), null, null);
    var published = publish(c, account, new PostContent("direct", List.of(), v, List.of()));
    assertThat(getRecord(published.postId()).path("value").path("embed").path("video").path("size").asInt()).isPositive();
    assertThat(video.calls("app.bsky.video.uploadVideo")).isZero();
  }

  @Test
  void aVideoServiceThatIsDown_isTransient_orFallsBackToThePdsWhenConfigured() throws Exception {
    var c = connector();
    var account = connect(c, alice());
    var v = new PostContent.Video(media.serve("down.mp4", MediaServer.mp4(320, 240)), null, null);
    video.fault(FakeBlueskyVideo.Fault.UNAVAILABLE);
    assertThatThrownBy(() -> publish(c, account, new PostContent("down", List.of(), v, List.of())))
        .isInstanceOf(NetworkFailure.Unavailable.class).hasMessageContaining("503");

    var withFallback = connector(BlueskyTesting.video(video.url(), true));
    video.fault(FakeBlueskyVideo.Fault.UNAVAILABLE);
    var published = publish(withFallback, account, new PostContent("fallback", List.of(), v, List.of()));
    assertThat(getRecord(published.postId()).path("value").path("embed").path("$type").asString()).isEqualTo("app.bsky.embed.video");
  }

  @Test
  void videoServiceRefusals_areClassified() throws Exception {
    var c = connector();
    var account = connect(c, alice());
    var v = new PostContent.Video(media.serve("refused.mp4", MediaServer.mp4(100, 100)), null, null);
    var content = new PostContent("refused", List.of(), v, List.of());

    video.fault(FakeBlueskyVideo.Fault.JOB_FAILS);
    assertThatThrownBy(() -> publish(c, account, content)).isInstanceOfSatisfying(NetworkFailure.Rejected.class,
        r -> assertThat(r.getMessage()).contains("Failed to process video"));

    Instant reset = Instant.now().plusSeconds(3600);
    video.rateLimitResetAt(reset).fault(FakeBlueskyVideo.Fault.RATE_LIMITED);
    assertThatThrownBy(() -> publish(c, account, content)).isInstanceOfSatisfying(NetworkFailure.RateLimited.class,
        r -> assertThat(r.retryAt().getEpochSecond()).isEqualTo(reset.getEpochSecond()));

    video.fault(FakeBlueskyVideo.Fault.LIMITS_REFUSED);
    assertThatThrownBy(() -> publish(c, account, content)).isInstanceOfSatisfying(NetworkFailure.Rejected.class,
        r -> assertThat(r.getMessage()).contains("verify your email"));
    assertThat(video.calls("app.bsky.video.uploadVideo")).isEqualTo(2);
  }
}

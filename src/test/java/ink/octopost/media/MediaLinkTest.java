package ink.octopost.media;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.shared.Ids;
import ink.octopost.testing.ApiTestBase;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Signed public media links, end to end over HTTP: the bytes, their headers, ranges, and every way a link is refused. */
class MediaLinkTest extends ApiTestBase {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Autowired MediaStore store;
  @Autowired SignedMediaUrls urls;
  @Autowired JdbcClient jdbc;

  private byte[] bytes;
  private String id;

  @BeforeEach
  void storeAMedia() throws Exception {
    bytes = MediaStoreContractTest.pattern(10_000);
    id = media(tenant.workspaceId(), "ready", "image/jpeg", bytes, "holiday photo.jpg");
  }

  /** A media row of the library and its bytes in the store, as an upload leaves them. */
  String media(String workspaceId, String status, String mimeType, byte[] content, String filename) throws Exception {
    return media(jdbc, store, workspaceId, status, mimeType, content, filename);
  }

  static String media(JdbcClient jdbc, MediaStore store, String workspaceId, String status, String mimeType, byte[] content,
      String filename) throws Exception {
    String mediaId = "med_" + Ids.base62(20);
    String key = "media/" + workspaceId + "/" + mediaId;
    store.put(key, new ByteArrayInputStream(content), content.length);
    var now = Timestamp.from(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    jdbc.sql("""
            INSERT INTO media (id, workspace_id, status, type, mime_type, size_bytes, sha256, filename, storage_key, created_at, updated_at)
            VALUES (?, ?, ?, 'image', ?, ?, ?, ?, ?, ?, ?)""")
        .params(mediaId, workspaceId, status, mimeType, (long) content.length, mediaId, filename, key, now, now)
        .update();
    return mediaId;
  }

  private String link(String mediaId, String variant) {
    return URI.create(urls.url(mediaId, variant).toString()).getRawPath();
  }

  private HttpResponse<byte[]> fetch(String method, String path, String... headers) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(api.base() + path)).method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  @Test
  void aValidLink_servesTheBytes_withTheirTypeLengthAndSafeHeaders_withoutAnApiKey() throws Exception {
    String path = link(id, null);
    assertThat(path).startsWith("/media/" + id + "/");
    assertThat(urls.url(id, null).toString()).startsWith("http://localhost:8080/media/");

    var r = fetch("GET", path);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(bytes);
    assertThat(header(r, "Content-Type")).isEqualTo("image/jpeg");
    assertThat(header(r, "Content-Length")).isEqualTo("10000");
    assertThat(header(r, "Accept-Ranges")).isEqualTo("bytes");
    assertThat(header(r, "X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(header(r, "Content-Disposition")).isEqualTo("inline; filename=\"holiday photo.jpg\"");
    assertThat(header(r, "ETag")).matches("\"[A-Za-z0-9_-]{22}\"");
    assertThat(header(r, "X-Request-Id")).startsWith("req_");
    long maxAge = Long.parseLong(header(r, "Cache-Control").replace("private, max-age=", ""));
    assertThat(maxAge).isBetween(Duration.ofHours(24).toSeconds() - 60, Duration.ofHours(24).toSeconds());
  }

  @Test
  void anyAcceptHeader_stillGetsTheBytes_andTheTypeNeverComesFromTheRequest() throws Exception {
    for (String accept : new String[] {"application/json", "*/*", "image/*", "text/html", "image/png"}) {
      var r = fetch("GET", link(id, null), "Accept", accept, "Content-Type", "text/html", "Authorization", "Bearer nonsense");
      assertThat(r.statusCode()).as(accept).isEqualTo(200);
      assertThat(r.body()).as(accept).isEqualTo(bytes);
      assertThat(header(r, "Content-Type")).as(accept).isEqualTo("image/jpeg");
    }
  }

  @Test
  void head_answersTheHeaders_withoutTheBody() throws Exception {
    var r = fetch("HEAD", link(id, null));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    assertThat(header(r, "Content-Length")).isEqualTo("10000");
    assertThat(header(r, "Content-Type")).isEqualTo("image/jpeg");
    assertThat(header(r, "Accept-Ranges")).isEqualTo("bytes");

    var ranged = fetch("HEAD", link(id, null), "Range", "bytes=0-99");
    assertThat(ranged.statusCode()).isEqualTo(206);
    assertThat(header(ranged, "Content-Length")).isEqualTo("100");
    assertThat(header(ranged, "Content-Range")).isEqualTo("bytes 0-99/10000");
  }

  @Test
  void singleRanges_answer206_withExactlyThoseBytes() throws Exception {
    String path = link(id, null);
    assertRange(path, "bytes=0-99", 0, 99);
    assertRange(path, "bytes=100-", 100, 9_999);
    assertRange(path, "bytes=-50", 9_950, 9_999);
    assertRange(path, "bytes=9990-20000", 9_990, 9_999);
    assertRange(path, "bytes=-20000", 0, 9_999);
    assertRange(path, "bytes=5000-5000", 5_000, 5_000);
  }

  private void assertRange(String path, String range, int first, int last) throws Exception {
    var r = fetch("GET", path, "Range", range);
    assertThat(r.statusCode()).as(range).isEqualTo(206);
    assertThat(r.body()).as(range).isEqualTo(Arrays.copyOfRange(bytes, first, last + 1));
    assertThat(header(r, "Content-Range")).as(range).isEqualTo("bytes " + first + "-" + last + "/10000");
    assertThat(header(r, "Content-Length")).as(range).isEqualTo(String.valueOf(last - first + 1));
    assertThat(header(r, "Content-Type")).isEqualTo("image/jpeg");
  }

  @Test
  void anUnsatisfiableRange_is416_inTheEnvelope_withTheSize() throws Exception {
    String path = link(id, null);
    for (String range : new String[] {"bytes=10000-", "bytes=20000-30000", "bytes=-0"}) {
      var r = assertError(api.request("GET", path).header("Range", range).send(), 416, "range_not_satisfiable");
      assertThat(r.header("Content-Range")).as(range).isEqualTo("bytes */10000");
      assertThat(r.header("Content-Type")).startsWith("application/json");
    }
  }

  @Test
  void severalRanges_orAnInvalidOne_getTheWholeBody() throws Exception {
    String path = link(id, null);
    for (String range : new String[] {"bytes=0-9,20-29", "bytes=50-10", "items=0-5", "bytes=abc", "bytes=-"}) {
      var r = fetch("GET", path, "Range", range);
      assertThat(r.statusCode()).as(range).isEqualTo(200);
      assertThat(r.body()).as(range).isEqualTo(bytes);
    }
  }

  @Test
  void conditionalRequests_useTheETag() throws Exception {
    String path = link(id, null);
    String etag = header(fetch("HEAD", path), "ETag");
    var unchanged = fetch("GET", path, "If-None-Match", etag);
    assertThat(unchanged.statusCode()).isEqualTo(304);
    assertThat(unchanged.body()).isEmpty();
    assertThat(fetch("GET", path, "Range", "bytes=0-9", "If-Range", etag).statusCode()).isEqualTo(206);
    var stale = fetch("GET", path, "Range", "bytes=0-9", "If-Range", "\"something-else\"");
    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.body()).isEqualTo(bytes);
  }

  @Test
  void anExpiredLink_is404() throws Exception {
    String signedPast = URI.create(urls.url(id, null, clock.instant().minusSeconds(1)).toString()).getRawPath();
    assertError(api.request("GET", signedPast).send(), 404, "not_found");

    String path = URI.create(urls.url(id, null, clock.instant().plus(Duration.ofHours(1))).toString()).getRawPath();
    assertThat(fetch("GET", path).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofHours(1).plusSeconds(1));
    var expired = assertError(api.request("GET", path).send(), 404, "not_found");
    assertThat(expired.json().path("error").asString()).isEqualTo("Media not found");
  }

  @Test
  void aTamperedLink_anotherMediasId_orASwappedVariant_is404_andNeverSaysWhich() throws Exception {
    String path = link(id, null);
    String signature = path.substring(path.lastIndexOf('/') + 1);
    char last = signature.charAt(10);
    String flipped = signature.substring(0, 10) + (last == 'A' ? 'B' : 'A') + signature.substring(11);
    var tampered = assertError(api.request("GET", "/media/" + id + "/" + flipped).send(), 404, "not_found");

    String other = media(tenant.workspaceId(), "ready", "image/jpeg", new byte[] {1, 2, 3}, "other.jpg");
    var moved = assertError(api.request("GET", "/media/" + other + "/" + signature).send(), 404, "not_found");

    var garbage = assertError(api.request("GET", "/media/" + id + "/not-a-signature").send(), 404, "not_found");
    var unknown = assertError(api.request("GET", "/media/med_unknown/" + signature).send(), 404, "not_found");
    assertThat(java.util.List.of(tampered, moved, garbage, unknown))
        .extracting(r -> r.json().path("error").asString())
        .containsOnly("Media not found");

    // a variant link serves the variant; swap the variant inside its signature and it no longer verifies
    byte[] fitted = MediaStoreContractTest.pattern(777);
    store.put("media/" + tenant.workspaceId() + "/" + id + "-bluesky", new ByteArrayInputStream(fitted), fitted.length);
    jdbc.sql("""
            INSERT INTO media_variants (media_id, variant, platform, mime_type, width, height, size_bytes, storage_key, created_at)
            VALUES (?, 'bluesky', 'bluesky', 'image/jpeg', 10, 10, 777, ?, now())""")
        .params(id, "media/" + tenant.workspaceId() + "/" + id + "-bluesky")
        .update();
    String variantPath = link(id, "bluesky");
    var variant = fetch("GET", variantPath);
    assertThat(variant.statusCode()).isEqualTo(200);
    assertThat(variant.body()).isEqualTo(fitted);
    assertThat(header(variant, "Content-Disposition")).isEqualTo("inline; filename=\"holiday photo-bluesky.jpg\"");

    byte[] raw = Base64.getUrlDecoder().decode(variantPath.substring(variantPath.lastIndexOf('/') + 1));
    String asText = new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1).replace("bluesky", "threads");
    String swapped = Base64.getUrlEncoder().withoutPadding().encodeToString(asText.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertError(api.request("GET", "/media/" + id + "/" + swapped).send(), 404, "not_found");
    assertError(api.request("GET", link(id, "threads")).send(), 404, "not_found"); // genuine link, no such variant
  }

  @Test
  void mediaThatIsNotReady_orWhoseBytesAreGone_is404() throws Exception {
    String processing = media(tenant.workspaceId(), "processing", "image/jpeg", new byte[] {1}, null);
    assertError(api.request("GET", link(processing, null)).send(), 404, "not_found");
    String failed = media(tenant.workspaceId(), "failed", "image/jpeg", new byte[] {1}, null);
    assertError(api.request("GET", link(failed, null)).send(), 404, "not_found");

    String gone = media(tenant.workspaceId(), "ready", "image/jpeg", new byte[] {1, 2}, null);
    store.delete("media/" + tenant.workspaceId() + "/" + gone);
    var r = assertError(api.request("GET", link(gone, null)).send(), 404, "not_found");
    assertThat(r.header("Content-Disposition")).as("an error is not dressed as the media").isNull();
    assertThat(r.header("Content-Type")).startsWith("application/json");
  }

  @Test
  void aStoredTypeThatIsNotMedia_isADownload_neverRendered() throws Exception {
    String html = media(tenant.workspaceId(), "ready", "text/html", "<script>alert(1)</script>".getBytes(), "x.html");
    var r = fetch("GET", link(html, null));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "Content-Type")).isEqualTo("application/octet-stream");
    assertThat(header(r, "Content-Disposition")).startsWith("attachment;");
    assertThat(header(r, "Content-Security-Policy")).contains("sandbox");
  }

  @Test
  void aFileNameThatIsNotPlainAscii_isSafeAndExact() throws Exception {
    String named = media(tenant.workspaceId(), "ready", "video/mp4", new byte[] {1, 2, 3}, "été \"2026\";.mp4");
    var r = fetch("HEAD", link(named, null));
    assertThat(header(r, "Content-Disposition"))
        .isEqualTo("inline; filename=\"_t_ _2026__.mp4\"; filename*=UTF-8''%C3%A9t%C3%A9%20%222026%22%3B.mp4");
    String unnamed = media(tenant.workspaceId(), "ready", "video/mp4", new byte[] {1}, null);
    assertThat(header(fetch("HEAD", link(unnamed, null)), "Content-Disposition")).isEqualTo("inline; filename=\"" + unnamed + ".mp4\"");
  }
}

package ink.octopost.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.auth.KeyMode;
import ink.octopost.auth.Scope;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Resumable uploads over real HTTP and PostgreSQL, as a tus client sees them, up to (not including)
 * the last byte: creation, offsets, interruption, locking, checksums, expiry, termination,
 * isolation between workspaces. The hand-over at the last byte is {@link UploadHandOverTest}.
 */
class ResumableUploadTest extends TusTestBase {

  // --- protocol frame ---

  @Test
  void options_tellsTheVersionExtensionsLimitAndChecksums() {
    var r = api.request("OPTIONS", "/v1/uploads").key(tenant.key()).send();
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.header("Tus-Resumable")).isEqualTo("1.0.0");
    assertThat(r.header("Tus-Version")).isEqualTo("1.0.0");
    assertThat(r.header("Tus-Extension").split(","))
        .contains("creation", "creation-with-upload", "checksum", "expiration", "termination");
    assertThat(r.header("Tus-Max-Size")).isEqualTo(Long.toString(MAX));
    assertThat(r.header("Tus-Checksum-Algorithm").split(",")).contains("sha1", "md5", "sha256");
    // Discovery needs a key like the rest of /v1, and the answer still speaks tus.
    var anonymous = assertError(api.request("OPTIONS", "/v1/uploads").send(), 401, "unauthorized");
    assertThat(anonymous.header("Tus-Resumable")).isEqualTo("1.0.0");
  }

  @Test
  void anotherProtocolVersion_orNone_is412WithTheVersionSpoken() {
    var r = assertError(tus("POST", "/v1/uploads").header("Tus-Resumable", "0.2.2").header("Upload-Length", "10").send(),
        412, "precondition_failed");
    assertThat(r.header("Tus-Version")).isEqualTo("1.0.0");
    assertThat(r.header("Tus-Resumable")).isEqualTo("1.0.0");
    assertError(api.request("POST", "/v1/uploads").key(tenant.key()).header("Upload-Length", "10").send(), 412, "precondition_failed");
  }

  @Test
  void aKeyWithoutMediaWrite_isRefused() {
    String readOnly = tenants.key(tenant, KeyMode.LIVE, Scope.MEDIA_READ);
    assertError(api.request("POST", "/v1/uploads").key(readOnly).header("Tus-Resumable", "1.0.0")
        .header("Upload-Length", "10").send(), 403, "forbidden");
  }

  // --- creation ---

  @Test
  void creation_answers201WithLocationAndExpiry_andHeadShowsTheEmptyUpload() {
    var created = create(1000, "filename " + b64("clip.mp4") + ",alt_text " + b64("A cat, jumping") + ",filetype " + b64("video/mp4"));
    assertThat(created.status()).isEqualTo(201);
    String location = created.header("Location");
    assertThat(location).matches("/v1/uploads/upl_[0-9A-Za-z]{22}");
    assertThat(created.header("Upload-Expires")).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");

    var head = tus("HEAD", location).send();
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Upload-Offset")).isEqualTo("0");
    assertThat(head.header("Upload-Length")).isEqualTo("1000");
    assertThat(head.header("Cache-Control")).isEqualTo("no-store");
    assertThat(head.header("Upload-Metadata")).contains("filename " + b64("clip.mp4"));
    assertThat(head.header("Upload-Expires")).isNotBlank();
    assertThat(head.header("Tus-Resumable")).isEqualTo("1.0.0");
  }

  @Test
  void creation_refusesMissingOrBadHeaders_andFilesOverTheLimit() {
    assertError(tus("POST", "/v1/uploads").send(), 400, "bad_request");
    assertError(tus("POST", "/v1/uploads").header("Upload-Length", "-5").send(), 400, "bad_request");
    assertError(tus("POST", "/v1/uploads").header("Upload-Length", "ten").send(), 400, "bad_request");
    assertError(tus("POST", "/v1/uploads").header("Upload-Defer-Length", "1").send(), 400, "bad_request");
    assertError(create(10, "filename not*base64"), 400, "bad_request");
    assertError(create(10, "filename " + b64("a") + ",filename " + b64("b")), 400, "bad_request");
    assertError(create(10, "filename a b"), 400, "bad_request");
    assertError(create(10, "filename " + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, (byte) 0xfe})), 400, "bad_request");

    var tooLarge = assertError(create(MAX + 1, null), 413, "payload_too_large");
    assertThat(tooLarge.json().path("error").asString()).contains("1 GB").contains("OCTOPOST_MEDIA_MAX_VIDEO_SIZE");
    assertThat(create(MAX, null).status()).isEqualTo(201);
  }

  @Test
  void creationWithUpload_takesTheFirstBytesInThePost() {
    byte[] bytes = random(5000);
    var r = tus("POST", "/v1/uploads").header("Upload-Length", "20000")
        .header("Content-Type", "application/offset+octet-stream").body(bytes).send();
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.header("Upload-Offset")).isEqualTo("5000");
    assertThat(tus("HEAD", r.header("Location")).send().header("Upload-Offset")).isEqualTo("5000");
  }

  @Test
  void aWorkspace_hasAtMostOneHundredUnfinishedUploads() {
    for (int i = 0; i < 100; i++) {
      assertThat(create(10, null).status()).isEqualTo(201);
    }
    var r = assertError(create(10, null), 409, "conflict");
    assertThat(r.json().path("error").asString()).contains("100");
    tenant = tenants.create();
    assertThat(create(10, null).status()).as("another workspace has its own count").isEqualTo(201);
  }

  // --- core: PATCH, HEAD, interruption ---

  @Test
  void interruptedPatch_keepsTheBytesThatArrived_andTheClientResumesFromThere() throws Exception {
    byte[] file = random(3_000_000);
    String at = create(file.length, "filename " + b64("big.bin")).header("Location");

    // 1.5 MB in one PATCH: over the 1 MB JSON body limit, which does not apply to upload bytes.
    var first = patch(at, 0, Arrays.copyOfRange(file, 0, 1_500_000));
    assertThat(first.status()).as("%s", first).isEqualTo(204);
    assertThat(first.header("Upload-Offset")).isEqualTo("1500000");
    assertThat(first.header("Upload-Expires")).isNotBlank();

    // The connection drops after 400,000 of the 1,000,000 bytes the next PATCH announced.
    interruptedPatch(at, 1_500_000, Arrays.copyOfRange(file, 1_500_000, 2_500_000), 400_000);
    long offset = awaitOffset(at, o -> o > 1_500_000);
    assertThat(offset).isEqualTo(1_900_000);

    var resumed = patch(at, offset, Arrays.copyOfRange(file, (int) offset, 2_999_000));
    assertThat(resumed.status()).isEqualTo(204);
    assertThat(resumed.header("Upload-Offset")).isEqualTo("2999000");

    // What the store holds, in order, is exactly the file's bytes so far.
    var upload = jdbc.sql("SELECT parts FROM media_uploads WHERE id = ?").param(id(at))
        .query((rs, n) -> (String[]) rs.getArray(1).getArray()).single();
    assertThat(upload).hasSize(3).allMatch(k -> k.startsWith("uploads/" + id(at) + "/"));
    var all = new ByteArrayOutputStream();
    for (String key : upload) {
      try (InputStream in = store.open(key)) {
        in.transferTo(all);
      }
    }
    assertThat(all.toByteArray()).isEqualTo(Arrays.copyOfRange(file, 0, 2_999_000));
  }

  @Test
  void aSecondPatchWhileOneIsStreaming_isLocked() throws Exception {
    String at = create(100_000, null).header("Location");
    try (Socket slow = new Socket("localhost", port)) {
      OutputStream out = slow.getOutputStream();
      out.write(patchHead(at, 0, 50_000));
      out.write(random(1000));
      out.flush();
      awaitLocked(at);
      var second = assertError(patch(at, 0, random(10)), 423, "locked");
      assertThat(second.header("Tus-Resumable")).isEqualTo("1.0.0");
      assertError(tus("DELETE", at).send(), 423, "locked");
    }
    assertThat(awaitOffset(at, o -> o == 1000)).isEqualTo(1000);
    assertThat(patch(at, 1000, random(10)).status()).isEqualTo(204);
  }

  @Test
  void wrongOffset_is409_andOtherBadPatchesAreRefused() {
    String at = create(1000, null).header("Location");
    assertThat(patch(at, 0, random(100)).status()).isEqualTo(204);
    var stale = assertError(patch(at, 0, random(100)), 409, "conflict");
    assertThat(stale.header("Upload-Offset")).isEqualTo("100");
    assertError(patch(at, 500, random(100)), 409, "conflict");
    assertError(tus("PATCH", at).header("Content-Type", "application/offset+octet-stream").body(random(10)).send(), 400, "bad_request");
    assertError(tus("PATCH", at).header("Upload-Offset", "100").header("Content-Type", "application/octet-stream").body(random(10)).send(),
        415, "unsupported_media_type");
    assertError(patch(at, 100, random(901)), 413, "payload_too_large");
    assertThat(tus("HEAD", at).send().header("Upload-Offset")).isEqualTo("100");
  }

  @Test
  void aChunkedPatch_withoutContentLength_isTakenUpToTheUploadsLength() {
    String at = create(1000, null).header("Location");
    var r = tus("PATCH", at).header("Upload-Offset", "0").header("Content-Type", "application/offset+octet-stream")
        .chunked(random(600)).send();
    assertThat(r.status()).as("%s", r).isEqualTo(204);
    assertThat(r.header("Upload-Offset")).isEqualTo("600");
    assertError(tus("PATCH", at).header("Upload-Offset", "600").header("Content-Type", "application/offset+octet-stream")
        .chunked(random(401)).send(), 413, "payload_too_large");
    assertThat(tus("HEAD", at).send().header("Upload-Offset")).isEqualTo("600");
  }

  @Test
  void checksum_acceptsAMatchingChunk_andAMismatchIs460WithTheOffsetUnchanged() throws Exception {
    String at = create(1000, null).header("Location");
    byte[] chunk = random(300);
    var bad = assertError(patchWith(at, 0, chunk, "sha1 " + b64(digest("SHA-1", random(299)))), 460, "checksum_mismatch");
    assertThat(bad.header("Tus-Resumable")).isEqualTo("1.0.0");
    assertThat(tus("HEAD", at).send().header("Upload-Offset")).isEqualTo("0");

    assertThat(patchWith(at, 0, chunk, "sha1 " + b64(digest("SHA-1", chunk))).header("Upload-Offset")).isEqualTo("300");
    byte[] next = random(200);
    assertThat(patchWith(at, 300, next, "sha256 " + b64(digest("SHA-256", next))).header("Upload-Offset")).isEqualTo("500");
    assertError(patchWith(at, 500, next, "crc32 AAAA"), 400, "bad_request");
    assertError(patchWith(at, 500, next, "sha1"), 400, "bad_request");
    assertThat(tus("HEAD", at).send().header("Upload-Offset")).isEqualTo("500");
  }

  // --- expiration and termination ---

  @Test
  void expiredUpload_isGone_andTheSweepRemovesItAndItsParts() throws Exception {
    String at = create(1000, null).header("Location");
    patch(at, 0, random(100));
    String part = partKeys(at)[0];
    clock.advance(Duration.ofHours(25));
    assertThat(tus("HEAD", at).send().status()).isEqualTo(410);
    assertError(patch(at, 100, random(10)), 410, "gone");

    collector.sweep();
    assertThat(tus("HEAD", at).send().status()).isEqualTo(404); // HEAD: no body
    assertThatThrownBy(() -> store.size(part)).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void termination_deletesTheUploadAndItsParts() throws Exception {
    String at = create(1000, null).header("Location");
    patch(at, 0, random(100));
    String part = partKeys(at)[0];
    assertThat(store.size(part)).isEqualTo(100);
    assertThat(tus("DELETE", at).send().status()).isEqualTo(204);
    assertThat(tus("HEAD", at).send().status()).isEqualTo(404); // HEAD: no body
    assertError(patch(at, 100, random(10)), 404, "not_found");
    assertThatThrownBy(() -> store.size(part)).isInstanceOf(NoSuchFileException.class);
    assertError(tus("DELETE", at).send(), 404, "not_found");
  }

  @Test
  void anotherWorkspacesUpload_isNotFound() {
    String at = create(1000, null).header("Location");
    String mine = tenant.key();
    tenant = tenants.create();
    assertThat(tus("HEAD", at).send().status()).isEqualTo(404); // HEAD: no body
    assertError(patch(at, 0, random(10)), 404, "not_found");
    assertError(tus("DELETE", at).send(), 404, "not_found");
    assertThat(api.request("HEAD", at).key(mine).header("Tus-Resumable", "1.0.0").send().header("Upload-Offset")).isEqualTo("0");
  }

  @Test
  void methodOverride_letsAPostActAsPatch() {
    String at = create(1000, null).header("Location");
    var r = tus("POST", at).header("X-HTTP-Method-Override", "PATCH").header("Upload-Offset", "0")
        .header("Content-Type", "application/offset+octet-stream").body(random(10)).send();
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.header("Upload-Offset")).isEqualTo("10");
  }
}

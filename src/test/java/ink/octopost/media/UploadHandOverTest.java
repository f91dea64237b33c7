package ink.octopost.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The last byte of a resumable upload: the parts become one media library object. */
class UploadHandOverTest extends TusTestBase {

  /** The last PATCH hands the parts to the library; its answer and every HEAD after it name the media object. */
  @Test
  void completedUpload_becomesALibraryObject() throws Exception {
    byte[] png = noisePng(400, 300);
    String at = create(png.length, "filename " + b64("noise.png") + ",alt_text " + b64("Static")).header("Location");
    int half = png.length / 2;
    assertThat(patch(at, 0, Arrays.copyOfRange(png, 0, half)).status()).isEqualTo(204);
    interruptedPatch(at, half, Arrays.copyOfRange(png, half, png.length), 1000);
    long offset = awaitOffset(at, o -> o > half);
    String[] parts = partKeys(at);

    var last = patch(at, offset, Arrays.copyOfRange(png, (int) offset, png.length));
    assertThat(last.status()).as("%s", last).isEqualTo(204);
    assertThat(last.header("Upload-Offset")).isEqualTo(Integer.toString(png.length));
    String mediaId = last.header("Octopost-Media-Id");
    assertThat(mediaId).startsWith("med_");
    assertThat(tus("HEAD", at).send().header("Octopost-Media-Id")).isEqualTo(mediaId);

    var item = api.get("/v1/media/" + mediaId, tenant.key());
    assertThat(item.status()).isEqualTo(200);
    assertThat(item.json().path("size_bytes").asLong()).isEqualTo(png.length);
    assertThat(item.json().path("filename").asString()).isEqualTo("noise.png");
    assertThat(item.json().path("alt_text").asString()).isEqualTo("Static");
    for (String part : parts) {
      assertThatThrownBy(() -> store.size(part)).isInstanceOf(NoSuchFileException.class);
    }
  }

  /**
   * The hand-over itself: the parts arrive at the library as one stream, in order, with the name,
   * alt text and length from the upload (the stored object's SHA-256 is the file's), and they are
   * deleted; a repeated last PATCH hands nothing over twice.
   */
  @Test
  void lastByte_handsThePartsInOrderToTheLibrary_andDeletesThem() throws Exception {
    byte[] file = noisePng(300, 200);
    int first = file.length / 3;
    String at = create(file.length, "filename " + b64("clip.png") + ",alt_text " + b64("Waves")).header("Location");
    patch(at, 0, Arrays.copyOfRange(file, 0, first));
    interruptedPatch(at, first, Arrays.copyOfRange(file, first, file.length), (file.length - first) / 3);
    long offset = awaitOffset(at, o -> o > first);
    String[] parts = partKeys(at);
    assertThat(parts).hasSize(2);

    var last = patch(at, offset, Arrays.copyOfRange(file, (int) offset, file.length));
    assertThat(last.status()).as("%s", last).isEqualTo(204);
    assertThat(last.header("Upload-Offset")).isEqualTo(Integer.toString(file.length));
    assertThat(last.header("Upload-Expires")).isNull();
    String mediaId = last.header("Octopost-Media-Id");
    assertThat(mediaId).startsWith("med_");
    var media = api.get("/v1/media/" + mediaId, tenant.key()).json();
    assertThat(media.path("sha256").asString()).isEqualTo(java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(file)));
    assertThat(media.path("filename").asString()).isEqualTo("clip.png");
    assertThat(media.path("alt_text").asString()).isEqualTo("Waves");

    var head = tus("HEAD", at).send();
    assertThat(head.header("Upload-Offset")).isEqualTo(Integer.toString(file.length));
    assertThat(head.header("Octopost-Media-Id")).isEqualTo(mediaId);
    for (String part : parts) {
      assertThatThrownBy(() -> store.size(part)).isInstanceOf(NoSuchFileException.class);
    }
    // The last PATCH repeated (its answer was lost): the same answer, nothing handed over twice.
    assertThat(patch(at, file.length, new byte[0]).header("Octopost-Media-Id")).isEqualTo(mediaId);
    assertThat(api.get("/v1/media", tenant.key()).json().path("media").size()).isEqualTo(1);
  }

  @Test
  void aFileTheLibraryRefuses_endsTheUploadWithTheReason() throws Exception {
    String at = create(1000, null).header("Location");
    String part = UploadParts.key(id(at), 0);
    var r = assertError(patch(at, 0, random(1000)), 422, "validation_error");
    assertThat(r.header("Upload-Offset")).isEqualTo("1000");
    assertThat(r.header("Tus-Resumable")).isEqualTo("1.0.0");
    var head = tus("HEAD", at).send();
    assertThat(head.header("Octopost-Upload-Error")).contains("not an image or video");
    assertThat(head.header("Octopost-Media-Id")).isNull();
    assertThatThrownBy(() -> store.size(part)).isInstanceOf(NoSuchFileException.class);
  }
}

package ink.octopost.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;
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
   * The hand-over itself, with the library's ingest replaced for this test only (the real one is
   * asserted by {@link #completedUpload_becomesALibraryObject}): the parts arrive as one stream,
   * in order, with the name, alt text and length from the upload.
   */
  @Test
  void lastByte_handsThePartsInOrderToTheLibrary_andDeletesThem() throws Exception {
    byte[] file = random(250_000);
    var received = new ByteArrayOutputStream();
    var args = new java.util.ArrayList<Object>();
    doAnswer(inv -> {
      ((InputStream) inv.getArgument(1)).transferTo(received);
      args.addAll(List.of(inv.getArgument(0), inv.getArgument(2), inv.getArgument(3), inv.getArgument(4)));
      return new MediaLibrary.Ingested(item("med_handedover"), true);
    }).when(library).ingest(anyString(), any(), any(), any(), anyLong());

    String at = create(file.length, "filename " + b64("clip.mp4") + ",alt_text " + b64("Waves")).header("Location");
    patch(at, 0, Arrays.copyOfRange(file, 0, 100_000));
    interruptedPatch(at, 100_000, Arrays.copyOfRange(file, 100_000, 250_000), 50_000);
    long offset = awaitOffset(at, o -> o > 100_000);
    String[] parts = partKeys(at);
    assertThat(parts).hasSize(2);

    var last = patch(at, offset, Arrays.copyOfRange(file, (int) offset, file.length));
    assertThat(last.status()).as("%s", last).isEqualTo(204);
    assertThat(last.header("Upload-Offset")).isEqualTo("250000");
    assertThat(last.header("Upload-Expires")).isNull();
    String mediaId = last.header("Octopost-Media-Id");
    assertThat(mediaId).startsWith("med_");
    assertThat(received.toByteArray()).isEqualTo(file);
    assertThat(args).containsExactly(tenant.workspaceId(), "clip.mp4", "Waves", 250_000L);

    var head = tus("HEAD", at).send();
    assertThat(head.header("Upload-Offset")).isEqualTo("250000");
    assertThat(head.header("Octopost-Media-Id")).isEqualTo(mediaId);
    for (String part : parts) {
      assertThatThrownBy(() -> store.size(part)).isInstanceOf(NoSuchFileException.class);
    }
    // The last PATCH repeated (its answer was lost): the same answer, nothing handed over twice.
    assertThat(patch(at, 250_000, new byte[0]).header("Octopost-Media-Id")).isEqualTo(mediaId);
    assertThat(received.size()).isEqualTo(250_000);
  }

  @Test
  void aFileTheLibraryRefuses_endsTheUploadWithTheReason() throws Exception {
    doAnswer(inv -> {
      ((InputStream) inv.getArgument(1)).transferTo(OutputStream.nullOutputStream());
      throw ink.octopost.shared.ApiException.invalid("file", "not an image or video Octopost supports");
    }).when(library).ingest(anyString(), any(), any(), any(), anyLong());
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

  @Test
  void aHandOverThatFails_keepsTheBytes_andAnEmptyPatchAtTheEndTriesAgain() throws Exception {
    var calls = new java.util.concurrent.atomic.AtomicInteger();
    doAnswer(inv -> {
      ((InputStream) inv.getArgument(1)).transferTo(OutputStream.nullOutputStream());
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("store unreachable");
      }
      return new MediaLibrary.Ingested(item("med_secondtime"), true);
    }).when(library).ingest(anyString(), any(), any(), any(), anyLong());
    String at = create(1000, null).header("Location");
    assertThat(patch(at, 0, random(1000)).status()).isEqualTo(500);
    var head = tus("HEAD", at).send();
    assertThat(head.header("Upload-Offset")).isEqualTo("1000");
    assertThat(head.header("Octopost-Media-Id")).isNull();
    assertThat(store.size(partKeys(at)[0])).isEqualTo(1000);

    var retried = patch(at, 1000, new byte[0]);
    assertThat(retried.status()).isEqualTo(204);
    assertThat(retried.header("Octopost-Media-Id")).isEqualTo("med_secondtime");
    assertThat(calls.get()).isEqualTo(2);
  }
}

package ink.octopost.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** What a file is, read from its bytes and headers; every hostile file refused with a reason a user can act on. */
class MediaProbeTest {

  static MediaProperties properties(long maxPixels, boolean keepMetadata) {
    return new MediaProperties(null, DataSize.ofMegabytes(50), DataSize.ofGigabytes(1), DataSize.ofGigabytes(20), maxPixels,
        keepMetadata, java.time.Duration.ofHours(24), java.time.Duration.ofDays(30), java.time.Duration.ofMinutes(5),
        new MediaProperties.S3(null, null, "us-east-1", null, null, false, false));
  }

  final MediaProbe probe = new MediaProbe(properties(100_000_000, false));

  @TempDir
  Path dir;

  Path file(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  MediaRefused refusal(String name, byte[] bytes) throws IOException {
    Path f = file(name, bytes);
    try {
      probe.probe(f);
    } catch (MediaRefused e) {
      return e;
    }
    throw new AssertionError(name + " was accepted");
  }

  @Test
  void jpegWithExifOrientation6_isReportedAsShown_portrait() throws Exception {
    byte[] jpeg = TestMedia.withExif(TestMedia.jpeg(TestMedia.photo(600, 400), 0.9f), 6, true);
    var p = probe.probe(file("photo.jpg", jpeg));
    assertThat(p.mimeType()).isEqualTo("image/jpeg");
    assertThat(p.type()).isEqualTo("image");
    assertThat(p.width()).isEqualTo(400);
    assertThat(p.height()).isEqualTo(600);
  }

  @Test
  void pngGifAndWebp_areTyped_withTheirSize() throws Exception {
    var png = probe.probe(file("a.png", TestMedia.png(TestMedia.flat(300, 200, Color.RED, BufferedImage.TYPE_INT_ARGB))));
    assertThat(png).extracting("mimeType", "type", "width", "height").containsExactly("image/png", "image", 300, 200);

    var frames = List.of(TestMedia.flat(40, 30, Color.RED, BufferedImage.TYPE_INT_RGB),
        TestMedia.flat(40, 30, Color.BLUE, BufferedImage.TYPE_INT_RGB));
    var gif = probe.probe(file("a.gif", TestMedia.gif(frames)));
    assertThat(gif).extracting("mimeType", "type", "width", "height").containsExactly("image/gif", "gif", 40, 30);
    assertThat(ImageHeaders.read(dir.resolve("a.gif"), "image/gif", 100_000).animated()).isTrue();
    probe.probe(file("still.gif", TestMedia.gif(frames.subList(0, 1))));
    assertThat(ImageHeaders.read(dir.resolve("still.gif"), "image/gif", 100_000).animated()).isFalse();

    var webp = probe.probe(file("a.webp", TestMedia.webpLossy()));
    assertThat(webp).extracting("mimeType", "type", "width", "height").containsExactly("image/webp", "image", 1, 1);
    assertThat(ImageHeaders.read(file("anim.webp", TestMedia.webpAnimated()), "image/webp", 100_000).animated()).isTrue();
  }

  @Test
  void pngDeclaring50000x50000_isRefusedFromItsHeader_withoutAllocating() throws Exception {
    Path bomb = file("bomb.png", TestMedia.pngHeaderOnly(50_000, 50_000));
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    probe.probe(file("warm.png", TestMedia.png(TestMedia.flat(10, 10, Color.RED, BufferedImage.TYPE_INT_RGB)))); // load classes
    long before = threads.getCurrentThreadAllocatedBytes();
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> probe.probe(bomb)).isInstanceOfSatisfying(MediaRefused.class, e -> {
      assertThat(e.code()).isEqualTo("too_many_pixels");
      assertThat(e.getMessage()).contains("50,000 x 50,000").contains("100,000,000").contains("OCTOPOST_MEDIA_MAX_PIXELS");
    });
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(System.nanoTime() - t0).isLessThan(200_000_000L);
    assertThat(allocated).isLessThan(2_000_000L); // a decoded 50,000 x 50,000 would be 10 GB
  }

  @Test
  void pngWithACompressedTextChunkThatInflatesToGigabytes_isRefusedBeforeAnyDecoderInflatesIt() throws Exception {
    var deflater = new java.util.zip.Deflater(9);
    deflater.setInput(new byte[20 << 20]); // 20 MB of zeros: about 20 KB deflated
    deflater.finish();
    var compressed = new java.io.ByteArrayOutputStream();
    byte[] buf = new byte[65536];
    while (!deflater.finished()) {
      compressed.write(buf, 0, deflater.deflate(buf));
    }
    var ztxt = new java.io.ByteArrayOutputStream();
    ztxt.writeBytes("Comment\0\0".getBytes(StandardCharsets.ISO_8859_1));
    ztxt.writeBytes(compressed.toByteArray());
    byte[] png = TestMedia.png(TestMedia.flat(10, 10, Color.RED, BufferedImage.TYPE_INT_RGB));
    var out = new java.io.ByteArrayOutputStream();
    out.write(png, 0, 33); // signature and IHDR
    TestMedia.chunk(new java.io.DataOutputStream(out), "zTXt", ztxt.toByteArray());
    out.write(png, 33, png.length - 33);
    var e = refusal("bomb-text.png", out.toByteArray());
    assertThat(e.code()).isEqualTo("corrupt");
    assertThat(e.getMessage()).contains("decompression bomb");
  }

  @Test
  void truncatedFiles_areCorrupt() throws Exception {
    byte[] jpeg = TestMedia.jpeg(TestMedia.photo(400, 300), 0.9f);
    var e = refusal("cut.jpg", Arrays.copyOf(jpeg, jpeg.length * 2 / 3));
    assertThat(e.code()).isEqualTo("corrupt");
    assertThat(e.getMessage()).contains("truncated");

    byte[] png = TestMedia.png(TestMedia.photo(200, 100));
    assertThat(refusal("cut.png", Arrays.copyOf(png, png.length - 30)).code()).isEqualTo("corrupt");
    byte[] flipped = png.clone();
    flipped[png.length / 2] ^= 0x55; // damage inside the compressed data: its chunk checksum fails
    assertThat(refusal("damaged.png", flipped).getMessage()).contains("checksum");
  }

  @Test
  void svgHtmlXmlPdfZipScriptsProgramsAndText_areRefusedByName() throws Exception {
    var svg = refusal("logo.svg", "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"
        .getBytes(StandardCharsets.UTF_8));
    assertThat(svg.code()).isEqualTo("unsupported_type");
    assertThat(svg.getMessage()).startsWith("SVG images are refused").contains("scripts").contains("PNG")
        .contains("Octopost takes JPEG, PNG, GIF, WebP");
    assertThat(refusal("bare.svg", "<svg viewBox='0 0 1 1'/>".getBytes(StandardCharsets.UTF_8)).getMessage()).startsWith("SVG");
    assertThat(refusal("page.jpg", "\uFEFF  <!DOCTYPE html><html><body>hi</body></html>".getBytes(StandardCharsets.UTF_8))
        .getMessage()).startsWith("HTML pages are refused");
    assertThat(refusal("feed.png", "<?xml version=\"1.0\"?><rss/>".getBytes(StandardCharsets.UTF_8)).getMessage())
        .startsWith("XML documents");
    assertThat(refusal("doc.png", "%PDF-1.7\n%\u00e2\u00e3".getBytes(StandardCharsets.ISO_8859_1)).getMessage()).startsWith("PDF");
    assertThat(refusal("a.jpg", new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0}).getMessage()).startsWith("Archives");
    assertThat(refusal("run.gif", new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1, 0}).getMessage()).startsWith("Programs");
    assertThat(refusal("setup.jpg", new byte[] {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0}).getMessage()).startsWith("Programs");
    assertThat(refusal("x.jpg", "#!/bin/sh\nrm -rf /\n".getBytes(StandardCharsets.UTF_8)).getMessage()).startsWith("Scripts");
    var text = refusal("holiday.jpg", "Just some notes, renamed to .jpg\n".getBytes(StandardCharsets.UTF_8));
    assertThat(text.getMessage()).startsWith("This is a text file");
    assertThat(refusal("empty.jpg", new byte[0]).code()).isEqualTo("empty");
  }

  @Test
  void polyglot_jpegOrGifHeaderFollowedByMarkup_isRefused() throws Exception {
    byte[] jpeg = TestMedia.jpeg(TestMedia.photo(64, 64), 0.9f);
    byte[] comment = "<html><script>alert(document.cookie)</script>".getBytes(StandardCharsets.US_ASCII);
    byte[] poly = new byte[jpeg.length + comment.length + 4];
    System.arraycopy(jpeg, 0, poly, 0, 2);
    poly[2] = (byte) 0xFF;
    poly[3] = (byte) 0xFE; // a JPEG comment segment
    poly[4] = (byte) ((comment.length + 2) >> 8);
    poly[5] = (byte) (comment.length + 2);
    System.arraycopy(comment, 0, poly, 6, comment.length);
    System.arraycopy(jpeg, 2, poly, 6 + comment.length, jpeg.length - 2);
    var e = refusal("poly.jpg", poly);
    assertThat(e.code()).isEqualTo("polyglot");
    assertThat(e.getMessage()).contains("web page code").contains("<script");

    byte[] gif = "GIF89a/*\u0001\u0001\u0000\u0000*/=1;<script>alert(1)</script>".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(refusal("poly.gif", gif).code()).isEqualTo("polyglot");
  }

  @Test
  void mp4_durationSizeFrameRateAndCodecs_fromItsIndex() throws Exception {
    for (boolean moovFirst : new boolean[] {true, false}) {
      var p = probe.probe(file("clip" + moovFirst + ".mp4", TestMp4.mp4(1280, 720, 30, moovFirst)));
      assertThat(p.mimeType()).isEqualTo("video/mp4");
      assertThat(p.type()).isEqualTo("video");
      assertThat(p.width()).isEqualTo(1280);
      assertThat(p.height()).isEqualTo(720);
      assertThat(p.durationSeconds()).isEqualTo(2.0);
      assertThat(p.frameRate()).isEqualTo(30.0);
      assertThat(p.videoCodec()).isEqualTo("h264");
      assertThat(p.audioCodec()).isEqualTo("aac");
    }
  }

  @Test
  void mp4WithoutIndex_orCutShort_isCorrupt() throws Exception {
    var e = refusal("cut.mp4", TestMp4.withoutIndex());
    assertThat(e.code()).isEqualTo("corrupt");
    assertThat(e.getMessage()).contains("no index");
    byte[] full = TestMp4.mp4(640, 360, 25, true);
    assertThat(refusal("short.mp4", Arrays.copyOf(full, full.length - 100)).getMessage()).contains("truncated");
  }

  @Test
  void mp4WhoseIndexBoxClaimsMoreThanItHolds_isRefusedBeforeParsing() throws Exception {
    byte[] full = TestMp4.mp4(640, 360, 25, true);
    int stts = indexOf(full, "stts".getBytes(StandardCharsets.US_ASCII));
    full[stts + 8] = 0x7F; // entry count: two billion entries in a 24-byte box
    assertThat(refusal("lying.mp4", full).getMessage()).contains("claims more entries");
  }

  @Test
  void videoTypes_fromFtypBrands() {
    assertThat(MediaTypes.sniff(ftyp("qt  "))).isEqualTo("video/quicktime");
    assertThat(MediaTypes.sniff(ftyp("heic"))).isEqualTo("image/heic");
    assertThat(MediaTypes.sniff(ftyp("avif"))).isEqualTo("image/avif");
    assertThat(MediaTypes.sniff(ftyp("M4A "))).isEqualTo("audio/mp4");
    assertThat(MediaTypes.sniff(ftyp("mp42"))).isEqualTo("video/mp4");
  }

  private static byte[] ftyp(String brand) {
    byte[] b = new byte[24];
    b[3] = 24;
    System.arraycopy("ftyp".getBytes(StandardCharsets.US_ASCII), 0, b, 4, 4);
    System.arraycopy(brand.getBytes(StandardCharsets.US_ASCII), 0, b, 8, 4);
    return b;
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}

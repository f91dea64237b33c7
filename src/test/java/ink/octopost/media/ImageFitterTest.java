package ink.octopost.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.GpsDirectory;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fitting images to networks' limits, checked on what a user would notice in the result. */
class ImageFitterTest {

  static final Set<String> BLUESKY_TYPES = Set.of("image/jpeg", "image/png", "image/webp", "image/gif");
  /** Bluesky: 1,000,000 bytes per image (networks.md 2.x; BlueskyConnector). */
  static final ImageFitter.Target BLUESKY = target(1_000_000, BLUESKY_TYPES, 0, 0, null, false);
  /** X: 5 MB per image (networks.md 1.x; TwitterConnector). */
  static final ImageFitter.Target X = target(5_000_000, BLUESKY_TYPES, 0, 0, null, false);

  static ImageFitter.Target target(long maxBytes, Set<String> types, double minAspect, double maxAspect, ImageFitter.Fit fit,
      boolean keep) {
    return new ImageFitter.Target(maxBytes, 0, 0, 0, types, minAspect, maxAspect, fit, keep);
  }

  @TempDir
  static Path shared;

  static Path camera; // 6000 x 4000, EXIF orientation 6 (shown 4000 x 6000), GPS

  final MediaProbe probe = new MediaProbe(MediaProbeTest.properties(100_000_000, false));
  final ImageFitter fitter = new ImageFitter(MediaProbeTest.properties(100_000_000, false));

  @TempDir
  Path dir;

  @BeforeAll
  static void cameraPhoto() throws IOException {
    camera = Files.write(shared.resolve("camera.jpg"),
        TestMedia.withExif(TestMedia.jpeg(TestMedia.photo(6000, 4000), 0.92f), 6, true));
  }

  ImageFitter.Fitted fit(Path source, ImageFitter.Target target, Path out) throws Exception {
    return fitter.fit(source, probe.probe(source), target, out);
  }

  Path file(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  @Test
  void camera24Megapixels_forBluesky_isUnderAMillionBytes_turnedUpright_withoutLocationOrExif() throws Exception {
    assertThat(Files.size(camera)).isGreaterThan(3_000_000);
    Path out = dir.resolve("bluesky.jpg");
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    var fitted = fit(camera, BLUESKY, out);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(fitted.mimeType()).isEqualTo("image/jpeg");
    assertThat(fitted.sizeBytes()).isEqualTo(Files.size(out)).isLessThan(1_000_000);
    assertThat(fitted.height()).isGreaterThan(fitted.width()); // portrait, as the camera was held
    assertThat((double) fitted.width() / fitted.height()).isCloseTo(4000.0 / 6000, org.assertj.core.data.Offset.offset(0.01));
    assertThat(fitted.width()).isGreaterThanOrEqualTo(1200); // not needlessly small
    BufferedImage img = ImageIO.read(out.toFile());
    assertThat(img.getWidth()).isEqualTo(fitted.width());
    assertUpright(img);
    Metadata meta = ImageMetadataReader.readMetadata(out.toFile());
    assertThat(meta.getFirstDirectoryOfType(GpsDirectory.class)).isNull();
    assertThat(meta.getFirstDirectoryOfType(ExifIFD0Directory.class)).isNull();
    // a full-size decoded copy is 72 MB (96 MB as ints): subsampled decoding keeps the whole fit well under two
    assertThat(allocated).as("bytes allocated by one fit").isLessThan(160L << 20);
  }

  /** The stored image's left-edge red block is at the top when shown, its top blue band at the right. */
  static void assertUpright(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    Color top = new Color(img.getRGB(w / 2, h / 40));
    Color right = new Color(img.getRGB(w - 1 - w / 40, h / 2));
    assertThat(top.getRed()).as("red block at the top").isGreaterThan(180);
    assertThat(top.getBlue()).isLessThan(90);
    assertThat(right.getBlue()).as("blue band at the right").isGreaterThan(180);
    assertThat(right.getRed()).isLessThan(90);
  }

  @Test
  void camera24Megapixels_forX_isUnderFiveMegabytes_andUpright() throws Exception {
    Path out = dir.resolve("x.jpg");
    var fitted = fit(camera, X, out);
    assertThat(fitted.sizeBytes()).isLessThanOrEqualTo(5_000_000);
    assertThat(fitted.height()).isGreaterThan(fitted.width());
    assertUpright(ImageIO.read(out.toFile()));
  }

  @Test
  void keepMetadata_keepsLocation_butTheOrientationNowSaysUpright() throws Exception {
    Path out = dir.resolve("kept.jpg");
    var fitted = fit(camera, target(1_000_000, BLUESKY_TYPES, 0, 0, null, true), out);
    assertThat(fitted.sizeBytes()).isLessThan(1_000_000);
    assertThat(fitted.height()).isGreaterThan(fitted.width());
    Metadata meta = ImageMetadataReader.readMetadata(out.toFile());
    assertThat(meta.getFirstDirectoryOfType(GpsDirectory.class).getGeoLocation().getLatitude()).isBetween(48.8, 48.9);
    assertThat(meta.getFirstDirectoryOfType(ExifIFD0Directory.class).getInteger(ExifIFD0Directory.TAG_ORIENTATION)).isEqualTo(1);
    assertUpright(ImageIO.read(out.toFile())); // viewers that honour EXIF show it as it is
  }

  @Test
  void smallJpegWithLocation_withinLimits_losesItsMetadataLosslessly() throws Exception {
    byte[] plain = TestMedia.jpeg(TestMedia.photo(800, 600), 0.85f);
    Path src = file("small.jpg", TestMedia.withExif(plain, 1, true));
    Path out = dir.resolve("small-out.jpg");
    var fitted = fit(src, BLUESKY, out);
    assertThat(fitted).extracting("mimeType", "width", "height").containsExactly("image/jpeg", 800, 600);
    assertThat(Files.readAllBytes(out)).isEqualTo(plain); // the very same pixels: nothing re-encoded
    assertThat(ImageMetadataReader.readMetadata(out.toFile()).getFirstDirectoryOfType(GpsDirectory.class)).isNull();
  }

  @Test
  void pngAndWebpWithinLimits_loseTextAndExifChunks_keepingTheirPixelsAsTheyAre() throws Exception {
    byte[] png = TestMedia.png(TestMedia.photo(200, 100));
    var withText = new java.io.ByteArrayOutputStream();
    withText.write(png, 0, 33);
    TestMedia.chunk(new java.io.DataOutputStream(withText), "tEXt", "Location\0Paris".getBytes());
    TestMedia.chunk(new java.io.DataOutputStream(withText), "eXIf", TestMedia.exifTiff(1, true));
    withText.write(png, 33, png.length - 33);
    Path src = file("text.png", withText.toByteArray());
    Path out = dir.resolve("text-out.png");
    fit(src, BLUESKY, out);
    assertThat(Files.readAllBytes(out)).isEqualTo(png);

    byte[] lossy = TestMedia.webpLossy(); // RIFF, size, WEBP, then its VP8 chunk
    byte[] vp8 = java.util.Arrays.copyOfRange(lossy, 12, lossy.length);
    byte[] exif = TestMedia.exifTiff(1, true);
    var body = new java.io.ByteArrayOutputStream();
    body.writeBytes("WEBP".getBytes());
    body.writeBytes(riffChunk("VP8X", new byte[] {0x08, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
    body.writeBytes(vp8);
    body.writeBytes(riffChunk("EXIF", exif));
    byte[] b = body.toByteArray();
    var webp = new java.io.ByteArrayOutputStream();
    webp.writeBytes("RIFF".getBytes());
    webp.writeBytes(new byte[] {(byte) b.length, (byte) (b.length >> 8), (byte) (b.length >> 16), (byte) (b.length >> 24)});
    webp.writeBytes(b);
    Path wsrc = file("exif.webp", webp.toByteArray());
    Path wout = dir.resolve("exif-out.webp");
    var fitted = fit(wsrc, BLUESKY, wout);
    assertThat(fitted.mimeType()).isEqualTo("image/webp");
    byte[] stripped = Files.readAllBytes(wout);
    assertThat(MediaProbeTest.indexOf(stripped, "EXIF".getBytes())).isNegative();
    assertThat(ImageIO.read(wout.toFile()).getWidth()).isEqualTo(1); // still a valid WebP
    assertThat(probe.probe(wout).width()).isEqualTo(1);
  }

  private static byte[] riffChunk(String type, byte[] data) {
    var out = new java.io.ByteArrayOutputStream();
    out.writeBytes(type.getBytes());
    int n = data.length;
    out.writeBytes(new byte[] {(byte) n, (byte) (n >> 8), (byte) (n >> 16), (byte) (n >> 24)});
    out.writeBytes(data);
    if ((n & 1) == 1) {
      out.write(0);
    }
    return out.toByteArray();
  }

  @Test
  void pngWithAlpha_staysPngWithAlpha_evenWhenItMustShrink() throws Exception {
    var img = new BufferedImage(1600, 1600, BufferedImage.TYPE_INT_ARGB);
    long seed = 7;
    for (int y = 0; y < 1600; y++) {
      for (int x = 0; x < 1600; x++) {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        int a = x < 800 ? 0 : 255;
        img.setRGB(x, y, a << 24 | (int) (seed >>> 40) & 0xFFFFFF);
      }
    }
    Path src = file("alpha.png", TestMedia.png(img));
    assertThat(Files.size(src)).isGreaterThan(1_000_000);
    Path out = dir.resolve("alpha-out.png");
    var fitted = fit(src, BLUESKY, out);
    assertThat(fitted.mimeType()).isEqualTo("image/png");
    assertThat(fitted.sizeBytes()).isLessThanOrEqualTo(1_000_000);
    BufferedImage back = ImageIO.read(out.toFile());
    assertThat(back.getColorModel().hasAlpha()).isTrue();
    assertThat(back.getRGB(10, back.getHeight() / 2) >>> 24).isZero(); // the transparent half stays transparent
    assertThat(back.getRGB(back.getWidth() - 10, back.getHeight() / 2) >>> 24).isEqualTo(255);
  }

  @Test
  void opaquePngTooBigForTheNetwork_becomesJpeg() throws Exception {
    Path src = file("shot.png", TestMedia.png(TestMedia.photo(2400, 1600)));
    assertThat(Files.size(src)).isGreaterThan(1_000_000);
    var fitted = fit(src, BLUESKY, dir.resolve("shot-out"));
    assertThat(fitted.mimeType()).isEqualTo("image/jpeg");
    assertThat(fitted.sizeBytes()).isLessThanOrEqualTo(1_000_000);
    assertThat(fitted.width()).isEqualTo(2400);
  }

  @Test
  void animatedGif_passesThroughUnchanged_orIsRefusedNamingTheLimit() throws Exception {
    var frames = List.of(TestMedia.flat(120, 80, Color.RED, BufferedImage.TYPE_INT_RGB),
        TestMedia.flat(120, 80, Color.GREEN, BufferedImage.TYPE_INT_RGB),
        TestMedia.flat(120, 80, Color.BLUE, BufferedImage.TYPE_INT_RGB));
    byte[] gif = TestMedia.gif(frames);
    Path src = file("anim.gif", gif);
    assertThat(probe.probe(src).type()).isEqualTo("gif");
    Path out = dir.resolve("anim-out.gif");
    var fitted = fit(src, BLUESKY, out);
    assertThat(fitted).extracting("mimeType", "width", "height").containsExactly("image/gif", 120, 80);
    assertThat(Files.readAllBytes(out)).isEqualTo(gif);

    assertThatThrownBy(() -> fit(src, target(500, BLUESKY_TYPES, 0, 0, null, false), dir.resolve("no.gif")))
        .isInstanceOfSatisfying(MediaRefused.class, e -> {
          assertThat(e.code()).isEqualTo("too_large");
          assertThat(e.getMessage()).contains("animated GIF").contains("at most 500").contains("never re-encoded");
        });
    assertThatThrownBy(() -> fit(src, target(0, Set.of("image/jpeg", "image/png"), 0, 0, null, false), dir.resolve("no2")))
        .isInstanceOfSatisfying(MediaRefused.class, e -> assertThat(e.getMessage()).contains("does not take GIF"));
  }

  @Test
  void staticGif_forANetworkWithoutGif_becomesPng() throws Exception {
    Path src = file("still.gif", TestMedia.gif(List.of(TestMedia.flat(60, 40, Color.ORANGE, BufferedImage.TYPE_INT_RGB))));
    var fitted = fit(src, target(0, Set.of("image/jpeg", "image/png"), 0, 0, null, false), dir.resolve("still-out"));
    assertThat(fitted).extracting("mimeType", "width", "height").containsExactly("image/png", 60, 40);
  }

  @Test
  void webp_forANetworkThatRefusesWebp_becomesJpeg() throws Exception {
    Path src = file("a.webp", TestMedia.webpLossy());
    Path out = dir.resolve("webp-out");
    var fitted = fit(src, target(5_000_000, Set.of("image/jpeg", "image/gif"), 0, 0, null, false), out);
    assertThat(fitted.mimeType()).isEqualTo("image/jpeg");
    assertThat(MediaTypes.sniff(Files.readAllBytes(out))).isEqualTo("image/jpeg");
    assertThat(ImageIO.read(out.toFile()).getWidth()).isEqualTo(1);
    // a network that takes WebP gets it as it is
    assertThat(fit(src, BLUESKY, dir.resolve("webp-same")).mimeType()).isEqualTo("image/webp");
  }

  @Test
  void tallImage_paddedOrCroppedTo4by5_orRefusedNamingTheRange() throws Exception {
    Path src = file("tall.jpg", TestMedia.jpeg(TestMedia.photo(900, 1800), 0.9f));
    Path padded = dir.resolve("padded.jpg");
    var p = fit(src, target(8_000_000, BLUESKY_TYPES, 0.8, 1.91, ImageFitter.Fit.PAD, false), padded);
    assertThat(p).extracting("width", "height").containsExactly(1440, 1800);
    BufferedImage img = ImageIO.read(padded.toFile());
    assertThat(new Color(img.getRGB(5, 900))).isEqualTo(Color.WHITE).as("white bars");

    var c = fit(src, target(8_000_000, BLUESKY_TYPES, 0.8, 1.91, ImageFitter.Fit.CROP, false), dir.resolve("cropped.jpg"));
    assertThat(c).extracting("width", "height").containsExactly(900, 1125);

    assertThatThrownBy(() -> fit(src, target(8_000_000, BLUESKY_TYPES, 0.8, 1.91, null, false), dir.resolve("no.jpg")))
        .isInstanceOfSatisfying(MediaRefused.class, e -> {
          assertThat(e.code()).isEqualTo("aspect_ratio");
          assertThat(e.getMessage()).contains("1:2").contains("4:5").contains("1.91").contains("\"pad\"");
        });
  }

  @Test
  void wideTransparentPng_paddedWithTransparency_andCroppedAfterTurning() throws Exception {
    Path src = file("wide.png", TestMedia.png(TestMedia.flat(3000, 1000, Color.GREEN, BufferedImage.TYPE_INT_ARGB)));
    Path out = dir.resolve("wide-out.png");
    var p = fit(src, target(0, BLUESKY_TYPES, 0.8, 1.91, ImageFitter.Fit.PAD, false), out);
    assertThat(p).extracting("mimeType", "width", "height").containsExactly("image/png", 3000, 1571);
    assertThat(ImageIO.read(out.toFile()).getRGB(1500, 2) >>> 24).isZero(); // transparent bars

    // a camera photo shown 4000 x 6000 (2:3) cropped to 4:5: the crop is centred on what is shown
    var c = fit(camera, target(20_000_000, BLUESKY_TYPES, 0.8, 1.91, ImageFitter.Fit.CROP, false), dir.resolve("crop.jpg"));
    assertThat(c).extracting("width", "height").containsExactly(4000, 5000);
  }

  @Test
  void pixelLimits_downscaleKeepingTheAspectRatio() throws Exception {
    Path src = file("big.jpg", TestMedia.jpeg(TestMedia.photo(4000, 3000), 0.9f));
    var f = fitter.fit(src, probe.probe(src), new ImageFitter.Target(0, 1920, 1920, 0, BLUESKY_TYPES, 0, 0, null, false),
        dir.resolve("big-out.jpg"));
    assertThat(f).extracting("width", "height").containsExactly(1920, 1440);
    var m = fitter.fit(src, probe.probe(src), new ImageFitter.Target(0, 0, 0, 1_000_000, BLUESKY_TYPES, 0, 0, null, false),
        dir.resolve("mp-out.jpg"));
    assertThat((long) m.width() * m.height()).isLessThanOrEqualTo(1_000_000).isGreaterThan(950_000);
  }

  @Test
  void aLimitNoImageCanMeet_isRefusedNamingIt() throws Exception {
    Path src = file("any.jpg", TestMedia.jpeg(TestMedia.photo(300, 200), 0.9f));
    assertThatThrownBy(() -> fit(src, target(200, Set.of("image/jpeg"), 0, 0, null, false), dir.resolve("tiny.jpg")))
        .isInstanceOfSatisfying(MediaRefused.class, e -> {
          assertThat(e.code()).isEqualTo("too_large");
          assertThat(e.getMessage()).contains("200 bytes");
        });
  }

  @Test
  void heicForANetworkThatDoesNotTakeIt_isRefusedWithAdvice() throws Exception {
    byte[] ftyp = TestMp4.box("ftyp", concat("heic".getBytes(), new byte[4], "mif1heic".getBytes()));
    byte[] ispe = TestMp4.box("ispe", concat(new byte[4], be(4032), be(3024)));
    byte[] meta = TestMp4.box("meta", concat(new byte[4], TestMp4.box("iprp", TestMp4.box("ipco", ispe))));
    Path src = file("iphone.heic", concat(ftyp, meta, TestMp4.box("mdat", new byte[100])));
    var probed = probe.probe(src);
    assertThat(probed).extracting("mimeType", "width", "height").containsExactly("image/heic", 4032, 3024);
    assertThatThrownBy(() -> fitter.fit(src, probed, BLUESKY, dir.resolve("heic-out")))
        .isInstanceOfSatisfying(MediaRefused.class, e -> {
          assertThat(e.code()).isEqualTo("unsupported_conversion");
          assertThat(e.getMessage()).contains("does not take HEIC").contains("Export it as JPEG");
        });
    // a network that takes HEIC gets it as it is (this one has no EXIF item to remove)
    var heic = new ImageFitter.Target(0, 0, 0, 0, Set.of("image/heic", "image/jpeg"), 0, 0, null, false);
    assertThat(fitter.fit(src, probed, heic, dir.resolve("heic-same")).mimeType()).isEqualTo("image/heic");
  }

  private static byte[] be(int v) {
    return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
  }

  private static byte[] concat(byte[]... parts) {
    var out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}

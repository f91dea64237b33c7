package ink.octopost.networks.bluesky;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.fakes.MediaServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class DimensionsTest {

  static byte[] encode(String format, int w, int h) throws Exception {
    var out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), format, out);
    return out.toByteArray();
  }

  @Test
  void readsPngJpegAndGifHeaders() throws Exception {
    assertThat(Dimensions.of(MediaServer.png(1280, 760))).isEqualTo(new Dimensions(1280, 760));
    assertThat(Dimensions.of(encode("jpg", 300, 200))).isEqualTo(new Dimensions(300, 200));
    assertThat(Dimensions.of(encode("gif", 17, 33))).isEqualTo(new Dimensions(17, 33));
  }

  @Test
  void aJpegTurnedByExif_hasItsSidesSwapped() throws Exception {
    byte[] jpeg = encode("jpg", 400, 100);
    // APP1 Exif, big-endian TIFF, IFD0 with one entry: Orientation (0x0112) = 6 (rotate 90)
    var app1 = ByteBuffer.allocate(2 + 2 + 6 + 8 + 2 + 12 + 4);
    app1.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (app1.capacity() - 2));
    app1.put("Exif".getBytes()).put((byte) 0).put((byte) 0);
    app1.put("MM".getBytes()).putShort((short) 42).putInt(8);
    app1.putShort((short) 1);
    app1.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 6).putShort((short) 0);
    app1.putInt(0);
    var rotated = new ByteArrayOutputStream();
    rotated.write(jpeg, 0, 2);
    rotated.write(app1.array());
    rotated.write(jpeg, 2, jpeg.length - 2);
    assertThat(Dimensions.of(rotated.toByteArray())).isEqualTo(new Dimensions(100, 400));
  }

  @Test
  void readsTheVideoTracksHeaderOfAnMp4() {
    assertThat(Dimensions.of(MediaServer.mp4(1920, 1080))).isEqualTo(new Dimensions(1920, 1080));
    assertThat(Dimensions.of(MediaServer.mp4(4096))).isNull();
  }

  @Test
  void unknownOrTruncated_isNull() {
    assertThat(Dimensions.of(new byte[] {1, 2, 3})).isNull();
    assertThat(Dimensions.of(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A})).isNull();
  }
}

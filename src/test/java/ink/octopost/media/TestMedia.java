package ink.octopost.media;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Test media made in code: photo-like JPEGs with EXIF, PNGs, GIFs, WebPs, a PNG bomb header. */
public final class TestMedia {

  private TestMedia() {}

  /**
   * A photo-like image: smooth gradients, shapes with edges and fine texture (so it compresses
   * like a photo, not like a flat test card). The left third is red, the top band is blue, so a
   * test can tell how it was turned.
   */
  public static BufferedImage photo(int w, int h) {
    var img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    byte[] d = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    long seed = 12345;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        int noise = (int) ((seed >>> 59) & 0xF) - 8; // +-8 grain
        int r = (x * 255 / w + noise);
        int g = (y * 255 / h + noise);
        int b = ((x + y) * 127 / (w + h) + 64 + noise + (int) (20 * Math.sin(x / 37.0) * Math.cos(y / 23.0)));
        int i = (y * w + x) * 3;
        d[i] = (byte) clamp(b);
        d[i + 1] = (byte) clamp(g);
        d[i + 2] = (byte) clamp(r);
      }
    }
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(230, 20, 20));
    g.fillRect(0, h / 3, w / 6, h / 3); // a red block on the left edge
    g.setColor(new Color(20, 20, 230));
    g.fillRect(w / 3, 0, w / 3, h / 8); // a blue band at the top
    g.dispose();
    return img;
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  public static byte[] jpeg(BufferedImage img, float quality) throws IOException {
    var writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    var bytes = new ByteArrayOutputStream();
    try (var out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      var p = new JPEGImageWriteParam(null);
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(quality);
      writer.write(null, new IIOImage(img, null, null), p);
    }
    writer.dispose();
    return bytes.toByteArray();
  }

  public static byte[] png(BufferedImage img) throws IOException {
    var bytes = new ByteArrayOutputStream();
    ImageIO.write(img, "png", bytes);
    return bytes.toByteArray();
  }

  /** The JPEG with an EXIF APP1 segment (orientation, and GPS tags when asked) right after SOI. */
  public static byte[] withExif(byte[] jpeg, int orientation, boolean gps) throws IOException {
    byte[] tiff = exifTiff(orientation, gps);
    var out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    int len = 2 + 6 + tiff.length;
    out.write(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (len >> 8), (byte) len});
    out.write("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1));
    out.write(tiff);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  /** A big-endian TIFF block: IFD0 with Orientation and Make (and a GPS IFD pointer), GPS IFD with latitude and longitude. */
  static byte[] exifTiff(int orientation, boolean gps) throws IOException {
    var b = new ByteArrayOutputStream();
    var d = new DataOutputStream(b);
    d.writeBytes("MM");
    d.writeShort(42);
    d.writeInt(8);
    int entries = gps ? 3 : 2;
    int ifd0End = 8 + 2 + entries * 12 + 4;
    int makeAt = ifd0End; // "Octopost\0" (9 bytes) + pad
    int gpsAt = makeAt + 10;
    d.writeShort(entries);
    entry(d, 0x010F, 2, 9, makeAt); // Make
    entry(d, 0x0112, 3, 1, orientation << 16); // Orientation (SHORT, left-justified)
    if (gps) {
      entry(d, 0x8825, 4, 1, gpsAt); // GPS IFD pointer
    }
    d.writeInt(0);
    d.writeBytes("Octopost\0\0");
    if (gps) {
      int gpsEntries = 4;
      int data = gpsAt + 2 + gpsEntries * 12 + 4;
      d.writeShort(gpsEntries);
      entry(d, 0x0001, 2, 2, 'N' << 24); // GPSLatitudeRef
      entry(d, 0x0002, 5, 3, data); // GPSLatitude
      entry(d, 0x0003, 2, 2, 'E' << 24); // GPSLongitudeRef
      entry(d, 0x0004, 5, 3, data + 24); // GPSLongitude
      d.writeInt(0);
      for (int v : new int[] {48, 1, 51, 1, 30, 1, 2, 1, 17, 1, 40, 1}) { // 48 51 30 N, 2 17 40 E
        d.writeInt(v);
      }
    }
    return b.toByteArray();
  }

  private static void entry(DataOutputStream d, int tag, int type, int count, int value) throws IOException {
    d.writeShort(tag);
    d.writeShort(type);
    d.writeInt(count);
    d.writeInt(value);
  }

  /** Signature and header chunk of a PNG declaring w x h RGBA pixels (valid CRC), then an empty IDAT and IEND. */
  public static byte[] pngHeaderOnly(int w, int h) throws IOException {
    var b = new ByteArrayOutputStream();
    var d = new DataOutputStream(b);
    d.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
    var ihdr = new ByteArrayOutputStream();
    var i = new DataOutputStream(ihdr);
    i.writeInt(w);
    i.writeInt(h);
    i.write(new byte[] {8, 6, 0, 0, 0});
    chunk(d, "IHDR", ihdr.toByteArray());
    chunk(d, "IDAT", new byte[] {0x78, (byte) 0x9C, 3, 0, 0, 0, 0, 1});
    chunk(d, "IEND", new byte[0]);
    return b.toByteArray();
  }

  static void chunk(DataOutputStream d, String type, byte[] data) throws IOException {
    d.writeInt(data.length);
    byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
    d.write(t);
    d.write(data);
    var crc = new CRC32();
    crc.update(t);
    crc.update(data);
    d.writeInt((int) crc.getValue());
  }

  /** A GIF of the given frames (animated when there are several, looping). */
  public static byte[] gif(List<BufferedImage> frames) throws IOException {
    var writer = ImageIO.getImageWritersByFormatName("gif").next();
    var bytes = new ByteArrayOutputStream();
    try (var out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.prepareWriteSequence(null);
      for (var f : frames) {
        var type = ImageTypeSpecifier.createFromRenderedImage(f);
        var meta = writer.getDefaultImageMetadata(type, null);
        String format = meta.getNativeMetadataFormatName();
        var root = (IIOMetadataNode) meta.getAsTree(format);
        var gce = new IIOMetadataNode("GraphicControlExtension");
        gce.setAttribute("disposalMethod", "none");
        gce.setAttribute("userInputFlag", "FALSE");
        gce.setAttribute("transparentColorFlag", "FALSE");
        gce.setAttribute("delayTime", "10");
        gce.setAttribute("transparentColorIndex", "0");
        root.appendChild(gce);
        meta.setFromTree(format, root);
        writer.writeToSequence(new IIOImage(f, null, meta), null);
      }
      writer.endWriteSequence();
    }
    writer.dispose();
    return bytes.toByteArray();
  }

  public static BufferedImage flat(int w, int h, Color c, int type) {
    var img = new BufferedImage(w, h, type);
    Graphics2D g = img.createGraphics();
    g.setColor(c);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return img;
  }

  /** A 1 x 1 lossy WebP (the one browsers' WebP feature tests use). */
  public static byte[] webpLossy() {
    return Base64.getDecoder().decode("UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA");
  }

  /** A 1 x 1 animated WebP (ditto). */
  public static byte[] webpAnimated() {
    return Base64.getDecoder().decode(
        "UklGRlIAAABXRUJQVlA4WAoAAAASAAAAAAAAAAAAQU5JTQYAAAD/////AABBTk1GJgAAAAAAAAAAAAAAAAAAAGQAAABWUDhMDQAAAC8AAAAQBxAREYiI/gcA");
  }
}

package ink.octopost.media;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Removes metadata without re-encoding a pixel: EXIF, XMP, IPTC and comments leave a JPEG (its
 * JFIF, ICC colour profile and Adobe segments stay, so colours do not change); text, EXIF and time
 * chunks leave a PNG; EXIF and XMP chunks leave a WebP. Also carries a JPEG's EXIF and XMP into a
 * re-encoded JPEG when metadata is kept, with the orientation reset (the pixels are turned already).
 */
final class MetadataStrip {

  private static final Set<String> PNG_DROPPED = Set.of("tEXt", "zTXt", "iTXt", "eXIf", "tIME");

  private MetadataStrip() {}

  /** Whether this type can be stripped here. */
  static boolean supports(String mime) {
    return mime.equals("image/jpeg") || mime.equals("image/png") || mime.equals("image/webp");
  }

  static void strip(Path source, String mime, Path out) throws IOException {
    try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(source), 65536));
        var o = new BufferedOutputStream(Files.newOutputStream(out), 65536)) {
      switch (mime) {
        case "image/jpeg" -> jpeg(in, o);
        case "image/png" -> png(in, o);
        case "image/webp" -> webp(in, o, Files.size(source));
        default -> throw new IllegalArgumentException(mime);
      }
    }
  }

  private static boolean dropped(int marker) {
    return marker == 0xE1 || (marker >= 0xE3 && marker <= 0xED) || marker == 0xEF || marker == 0xFE;
  }

  private static void jpeg(DataInputStream in, OutputStream o) throws IOException {
    o.write(in.readUnsignedByte());
    o.write(in.readUnsignedByte()); // SOI
    while (true) {
      int ff = in.readUnsignedByte();
      int marker = in.readUnsignedByte();
      while (marker == 0xFF) {
        marker = in.readUnsignedByte();
      }
      if (ff != 0xFF || marker == 0xDA || marker == 0xD9) { // from the first scan on: as it is
        o.write(0xFF);
        o.write(marker);
        in.transferTo(o);
        return;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        o.write(0xFF);
        o.write(marker);
        continue;
      }
      int len = in.readUnsignedShort();
      byte[] payload = in.readNBytes(len - 2);
      if (!dropped(marker)) {
        o.write(0xFF);
        o.write(marker);
        o.write(len >> 8);
        o.write(len);
        o.write(payload);
      }
    }
  }

  private static void png(DataInputStream in, OutputStream o) throws IOException {
    o.write(in.readNBytes(8));
    while (true) {
      int len = in.readInt();
      byte[] type = in.readNBytes(4);
      String t = new String(type, StandardCharsets.ISO_8859_1);
      if (PNG_DROPPED.contains(t)) {
        in.skipNBytes(len + 4L);
        continue;
      }
      var d = new java.io.DataOutputStream(o);
      d.writeInt(len);
      o.write(type);
      copy(in, o, len + 4L);
      if (t.equals("IEND")) {
        return;
      }
    }
  }

  private static void webp(DataInputStream in, OutputStream o, long size) throws IOException {
    in.skipNBytes(12);
    var body = new ByteArrayOutputStream();
    List<byte[]> chunks = new ArrayList<>();
    long read = 12;
    while (read + 8 <= size) {
      byte[] head = in.readNBytes(8);
      if (head.length < 8) {
        break;
      }
      String t = new String(head, 0, 4, StandardCharsets.ISO_8859_1);
      long len = (head[4] & 0xFFL) | (head[5] & 0xFFL) << 8 | (head[6] & 0xFFL) << 16 | (head[7] & 0xFFL) << 24;
      long padded = len + (len & 1);
      read += 8 + padded;
      if (t.equals("EXIF") || t.equals("XMP ")) {
        in.skipNBytes(padded);
        continue;
      }
      byte[] data = in.readNBytes((int) padded);
      if (t.equals("VP8X") && data.length > 0) {
        data[0] &= ~0x0C; // no EXIF, no XMP
      }
      chunks.add(head);
      chunks.add(data);
    }
    for (byte[] c : chunks) {
      body.write(c);
    }
    long riff = 4 + body.size();
    o.write(new byte[] {'R', 'I', 'F', 'F', (byte) riff, (byte) (riff >> 8), (byte) (riff >> 16), (byte) (riff >> 24),
        'W', 'E', 'B', 'P'});
    body.writeTo(o);
  }

  private static void copy(DataInputStream in, OutputStream o, long n) throws IOException {
    byte[] buf = new byte[65536];
    while (n > 0) {
      int k = in.read(buf, 0, (int) Math.min(buf.length, n));
      if (k < 0) {
        throw new EOFException();
      }
      o.write(buf, 0, k);
      n -= k;
    }
  }

  /**
   * A JPEG's EXIF and XMP segments (marker and length included), the EXIF orientation set to 1 and
   * an XMP {@code tiff:Orientation} likewise.
   */
  static List<byte[]> jpegMetadata(Path source) throws IOException {
    List<byte[]> out = new ArrayList<>();
    try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(source), 65536))) {
      in.skipNBytes(2);
      while (true) {
        if (in.readUnsignedByte() != 0xFF) {
          return out;
        }
        int marker = in.readUnsignedByte();
        if (marker == 0xDA || marker == 0xD9) {
          return out;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
          continue;
        }
        int len = in.readUnsignedShort();
        byte[] payload = in.readNBytes(len - 2);
        if (marker == 0xE1 || marker == 0xED) {
          if (marker == 0xE1 && com.drew.metadata.exif.ExifReader.startsWithJpegExifPreamble(payload)) {
            resetOrientation(payload, 6);
          } else if (marker == 0xE1) {
            String s = new String(payload, StandardCharsets.ISO_8859_1)
                .replaceAll("tiff:Orientation=\"[2-8]\"", "tiff:Orientation=\"1\"")
                .replaceAll("<tiff:Orientation>[2-8]</tiff:Orientation>", "<tiff:Orientation>1</tiff:Orientation>");
            payload = s.getBytes(StandardCharsets.ISO_8859_1); // same length: each digit for a digit
          }
          byte[] seg = new byte[len + 2];
          seg[0] = (byte) 0xFF;
          seg[1] = (byte) marker;
          seg[2] = (byte) (len >> 8);
          seg[3] = (byte) len;
          System.arraycopy(payload, 0, seg, 4, payload.length);
          out.add(seg);
        }
      }
    } catch (EOFException e) {
      return out;
    }
  }

  /** Sets IFD0's Orientation (tag 0x0112) to 1 in a TIFF block starting at {@code base}. */
  static void resetOrientation(byte[] b, int base) {
    if (b.length < base + 8) {
      return;
    }
    boolean le = b[base] == 'I';
    int ifd = (int) u32(b, base + 4, le);
    int at = base + ifd;
    if (ifd < 8 || at + 2 > b.length) {
      return;
    }
    int n = u16(b, at, le);
    for (int i = 0; i < n && at + 2 + 12 * i + 12 <= b.length; i++) {
      int e = at + 2 + 12 * i;
      if (u16(b, e, le) == 0x0112) {
        b[e + 8] = (byte) (le ? 1 : 0);
        b[e + 9] = (byte) (le ? 0 : 1);
        return;
      }
    }
  }

  /** The JPEG with these segments put right after its start (and its JFIF segment, when it has one). */
  static byte[] insert(byte[] jpeg, List<byte[]> segments) {
    if (segments.isEmpty()) {
      return jpeg;
    }
    int at = 2;
    if (jpeg.length > 6 && (jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
      at = 4 + ((jpeg[4] & 0xFF) << 8 | (jpeg[5] & 0xFF));
    }
    var out = new ByteArrayOutputStream(jpeg.length + 65536);
    out.write(jpeg, 0, at);
    for (byte[] s : segments) {
      out.writeBytes(s);
    }
    out.write(jpeg, at, jpeg.length - at);
    return out.toByteArray();
  }

  private static int u16(byte[] b, int i, boolean le) {
    return le ? (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 : (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
  }

  private static long u32(byte[] b, int i, boolean le) {
    return le ? (u16(b, i, true) | (long) u16(b, i + 2, true) << 16) : ((long) u16(b, i, false) << 16 | u16(b, i + 2, false));
  }
}

package ink.octopost.media;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The size of a HEIC, HEIF or AVIF image from its {@code meta} box: the largest image spatial
 * extent ({@code ispe}) property, which is the primary image's (a grid's, for the tiled photos
 * phones take), turned by an {@code irot} property. No decoder is needed for that; none in pure
 * Java exists to decode the pixels.
 */
final class HeifHeaders {

  private static final int MAX_META = 4 << 20;

  private HeifHeaders() {}

  static ImageHeaders read(ByteWalker w, long maxPixels) throws IOException, MediaRefused {
    while (true) {
      long size = w.u32be();
      String type = new String(w.bytes(4), StandardCharsets.ISO_8859_1);
      long header = 8;
      if (size == 1) {
        size = (w.u32be() << 32) | w.u32be();
        header = 16;
      }
      if (type.equals("meta")) {
        if (size > MAX_META || size < header + 4) {
          throw ImageHeaders.corrupt("its metadata box has an impossible size");
        }
        byte[] meta = w.bytes((int) (size - header));
        int[] dims = new int[4];
        walk(meta, 4, meta.length, dims); // a full box: version and flags first
        if (dims[0] == 0) {
          throw ImageHeaders.corrupt("the image declares no size");
        }
        ImageHeaders.checkPixels(dims[0], dims[1], maxPixels);
        boolean turned = (dims[2] & 1) == 1;
        return new ImageHeaders(turned ? dims[1] : dims[0], turned ? dims[0] : dims[1], 1, false, false, dims[3] != 0);
      }
      if (size == 0 || size < header) {
        throw ImageHeaders.corrupt("it has no image metadata box");
      }
      w.skip(size - header);
    }
  }

  /**
   * Finds ispe (largest wins) and irot boxes under iprp/ipco, and Exif or XMP items in iinf;
   * dims = {width, height, quarter turns, metadata items}.
   */
  private static void walk(byte[] b, int from, int to, int[] dims) {
    int i = from;
    while (i + 8 <= to) {
      long size = ImageHeaders.be32(b, i);
      String type = new String(b, i + 4, 4, StandardCharsets.ISO_8859_1);
      if (size < 8 || i + size > to) {
        return;
      }
      int end = (int) (i + size);
      switch (type) {
        case "iprp", "ipco" -> walk(b, i + 8, end, dims);
        case "ispe" -> {
          if (size >= 20) {
            long w = ImageHeaders.be32(b, i + 12);
            long h = ImageHeaders.be32(b, i + 16);
            if (w * h > (long) dims[0] * dims[1] && w < Integer.MAX_VALUE && h < Integer.MAX_VALUE) {
              dims[0] = (int) w;
              dims[1] = (int) h;
            }
          }
        }
        case "iinf" -> {
          int version = b[i + 8];
          walk(b, i + 12 + (version == 0 ? 2 : 4), end, dims);
        }
        case "infe" -> {
          int version = b[i + 8];
          int typeAt = i + 12 + (version >= 3 ? 4 : 2) + 2;
          if (version >= 2 && typeAt + 4 <= end) {
            String itemType = new String(b, typeAt, 4, StandardCharsets.ISO_8859_1);
            if (itemType.equals("Exif") || itemType.equals("mime")) {
              dims[3]++;
            }
          }
        }
        case "irot" -> {
          if (size >= 9) {
            dims[2] = b[i + 8] & 3;
          }
        }
        default -> {
        }
      }
      i = end;
    }
  }
}

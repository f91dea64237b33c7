package ink.octopost.networks.bluesky;

import ink.octopost.networks.MediaFile;
import java.io.IOException;

/**
 * Width and height read from an image's or an MP4's header, for the embed's {@code aspectRatio}:
 * without it the Bluesky app shows every image in a square box until it has loaded the file. The
 * size is as displayed, so a JPEG whose EXIF orientation turns it sideways has its sides swapped.
 */
record Dimensions(int width, int height) {

  /** How much of an image's start is read for its header (EXIF and ICC segments come before the size). */
  private static final int IMAGE_HEAD = 2 * 1024 * 1024;
  /** The largest {@code moov} box read whole for its track header. */
  private static final int MAX_MOOV = 32 * 1024 * 1024;

  /**
   * The dimensions of a file to upload: those the media source knows, else read from its header
   * (an image's start; an MP4's {@code moov} box, found by walking the top-level boxes, wherever it
   * is in the file), never reading the whole file. Null when unknown.
   */
  static Dimensions of(MediaFile file) {
    if (file.width() != null && file.height() != null) {
      return valid(file.width(), file.height());
    }
    try {
      if (file.isVideo()) {
        return mp4(file);
      }
      int head = (int) Math.min(file.size(), IMAGE_HEAD);
      try (var in = file.open(0, head)) {
        return of(in.readNBytes(head));
      }
    } catch (IOException | RuntimeException e) {
      return null; // no aspect ratio is better than no post
    }
  }

  private static Dimensions mp4(MediaFile file) throws IOException {
    long end = file.size();
    long p = 0;
    while (p + 8 <= end) {
      byte[] h = read(file, p, (int) Math.min(16, end - p));
      long size = u32(h, 0);
      int header = 8;
      if (size == 1) {
        if (h.length < 16) {
          return null;
        }
        size = (u32(h, 8) << 32) | u32(h, 12);
        header = 16;
      } else if (size == 0) {
        size = end - p;
      }
      if (size < header || p + size > end) {
        return null;
      }
      if (at(h, 4, 'm', 'o', 'o', 'v')) {
        if (size > MAX_MOOV) {
          return null;
        }
        byte[] moov = read(file, p, (int) size);
        return mp4(moov, 0, moov.length);
      }
      p += size;
    }
    return null;
  }

  private static byte[] read(MediaFile file, long offset, int length) throws IOException {
    try (var in = file.open(offset, length)) {
      return in.readNBytes(length);
    }
  }

  /** The dimensions, or null when the format is unknown or the header is damaged. */
  static Dimensions of(byte[] b) {
    try {
      if (at(b, 0, 0x89, 'P', 'N', 'G')) {
        return valid(u32(b, 16), u32(b, 20));
      }
      if (at(b, 0, 0xFF, 0xD8)) {
        return jpeg(b);
      }
      if (at(b, 0, 'G', 'I', 'F', '8')) {
        return valid(u16le(b, 6), u16le(b, 8));
      }
      if (at(b, 0, 'R', 'I', 'F', 'F') && at(b, 8, 'W', 'E', 'B', 'P')) {
        return webp(b);
      }
      if (at(b, 4, 'f', 't', 'y', 'p')) {
        return mp4(b, 0, b.length);
      }
    } catch (IndexOutOfBoundsException e) {
      return null; // truncated header
    }
    return null;
  }

  private static Dimensions jpeg(byte[] b) {
    int p = 2;
    int orientation = 1;
    while (p + 4 <= b.length) {
      if ((b[p] & 0xFF) != 0xFF) {
        return null;
      }
      int marker = b[p + 1] & 0xFF;
      if (marker == 0xFF) {
        p++; // fill byte
        continue;
      }
      if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        p += 2; // markers without a length
        continue;
      }
      int length = u16(b, p + 2);
      if (marker == 0xE1 && at(b, p + 4, 'E', 'x', 'i', 'f', 0, 0)) {
        orientation = exifOrientation(b, p + 10, p + 2 + length);
      }
      boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (startOfFrame) {
        int height = u16(b, p + 5);
        int width = u16(b, p + 7);
        return orientation >= 5 && orientation <= 8 ? valid(height, width) : valid(width, height);
      }
      p += 2 + length;
    }
    return null;
  }

  /** Tag 0x0112 of IFD0 in the TIFF structure that starts at {@code tiff}; 1 when absent. */
  private static int exifOrientation(byte[] b, int tiff, int end) {
    boolean little = at(b, tiff, 'I', 'I');
    if (!little && !at(b, tiff, 'M', 'M')) {
      return 1;
    }
    int ifd = tiff + (int) u32(b, tiff + 4, little);
    int entries = u16(b, ifd, little);
    for (int i = 0; i < entries; i++) {
      int e = ifd + 2 + i * 12;
      if (e + 12 > end) {
        break;
      }
      if (u16(b, e, little) == 0x0112) {
        return u16(b, e + 8, little);
      }
    }
    return 1;
  }

  private static Dimensions webp(byte[] b) {
    if (at(b, 12, 'V', 'P', '8', ' ')) {
      return valid(u16le(b, 26) & 0x3FFF, u16le(b, 28) & 0x3FFF);
    }
    if (at(b, 12, 'V', 'P', '8', 'L')) {
      long bits = (b[21] & 0xFFL) | (b[22] & 0xFFL) << 8 | (b[23] & 0xFFL) << 16 | (b[24] & 0xFFL) << 24;
      return valid((int) (bits & 0x3FFF) + 1, (int) ((bits >> 14) & 0x3FFF) + 1);
    }
    if (at(b, 12, 'V', 'P', '8', 'X')) {
      return valid(u24le(b, 24) + 1, u24le(b, 27) + 1);
    }
    return null;
  }

  /** The first track header ({@code moov/trak/tkhd}) with a size: the video track's. */
  private static Dimensions mp4(byte[] b, int from, int to) {
    int p = from;
    while (p + 8 <= to) {
      long size = u32(b, p);
      int header = 8;
      if (size == 1) {
        size = (u32(b, p + 8) << 32) | u32(b, p + 12);
        header = 16;
      } else if (size == 0) {
        size = to - p;
      }
      if (size < header || p + size > to) {
        return null;
      }
      int end = (int) (p + size);
      if (at(b, p + 4, 'm', 'o', 'o', 'v') || at(b, p + 4, 't', 'r', 'a', 'k')) {
        var inner = mp4(b, p + header, end);
        if (inner != null) {
          return inner;
        }
      } else if (at(b, p + 4, 't', 'k', 'h', 'd')) {
        int version = b[p + header] & 0xFF;
        // width and height are the last 8 bytes, 16.16 fixed point
        int w = (int) (u32(b, end - 8) >>> 16);
        int h = (int) (u32(b, end - 4) >>> 16);
        if (w > 0 && h > 0 && (version == 0 || version == 1)) {
          return new Dimensions(w, h);
        }
      }
      p = end;
    }
    return null;
  }

  private static Dimensions valid(long w, long h) {
    return w > 0 && h > 0 && w <= Integer.MAX_VALUE && h <= Integer.MAX_VALUE ? new Dimensions((int) w, (int) h) : null;
  }

  private static boolean at(byte[] b, int offset, int... magic) {
    if (offset < 0 || b.length < offset + magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((b[offset + i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }

  private static int u16(byte[] b, int p) {
    return (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
  }

  private static int u16(byte[] b, int p, boolean little) {
    return little ? u16le(b, p) : u16(b, p);
  }

  private static int u16le(byte[] b, int p) {
    return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
  }

  private static int u24le(byte[] b, int p) {
    return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16;
  }

  private static long u32(byte[] b, int p) {
    return (b[p] & 0xFFL) << 24 | (b[p + 1] & 0xFFL) << 16 | (b[p + 2] & 0xFFL) << 8 | (b[p + 3] & 0xFFL);
  }

  private static long u32(byte[] b, int p, boolean little) {
    return little
        ? (b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24
        : u32(b, p);
  }
}

package ink.octopost.media;

import com.drew.imaging.jpeg.JpegSegmentType;
import com.drew.lang.ByteArrayReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;

/**
 * An image's size, orientation and animation read from its headers, and its structure checked end
 * to end (every segment, chunk or block present, none cut short) in one pass through a small
 * buffer. No pixel is decoded: a 50,000 x 50,000 PNG is refused from its 33-byte header, and a
 * truncated file is caught without the CPU and heap a full decode would cost at upload time.
 *
 * @param width as stored (before EXIF orientation)
 * @param orientation the EXIF orientation, 1 (as stored) to 8
 * @param metadata whether the file carries EXIF, XMP, IPTC or text metadata
 */
record ImageHeaders(int width, int height, int orientation, boolean animated, boolean alpha, boolean metadata) {

  /** Width and height as the image is shown (orientations 5 to 8 turn it by a quarter). */
  int shownWidth() {
    return orientation >= 5 ? height : width;
  }

  int shownHeight() {
    return orientation >= 5 ? width : height;
  }

  static ImageHeaders read(Path file, String mime, long maxPixels) throws MediaRefused, IOException {
    try (var w = new ByteWalker(Files.newInputStream(file))) {
      return switch (mime) {
        case "image/jpeg" -> jpeg(w, maxPixels);
        case "image/png" -> png(w, maxPixels);
        case "image/gif" -> gif(w, maxPixels);
        case "image/webp" -> webp(w, Files.size(file), maxPixels);
        default -> HeifHeaders.read(w, maxPixels);
      };
    } catch (EOFException e) {
      throw corrupt("it ends before the image does (a truncated upload or download?)");
    }
  }

  static MediaRefused corrupt(String why) {
    return new MediaRefused("corrupt", "The file is damaged: " + why + ". Export or download it again.");
  }

  static void checkPixels(long w, long h, long maxPixels) throws MediaRefused {
    if (w <= 0 || h <= 0) {
      throw corrupt("its header declares a size of " + w + " x " + h + " pixels");
    }
    if (w * h > maxPixels) {
      throw new MediaRefused("too_many_pixels", String.format(
          "This image declares %,d x %,d pixels (%,d); Octopost refuses images over %,d pixels before decoding them "
              + "(setting OCTOPOST_MEDIA_MAX_PIXELS). Scale it down and upload it again.", w, h, w * h, maxPixels));
    }
  }

  private static ImageHeaders jpeg(ByteWalker w, long maxPixels) throws IOException, MediaRefused {
    w.skip(2); // SOI, checked by the sniffer
    int width = 0;
    int height = 0;
    int orientation = 1;
    boolean metadata = false;
    int marker = -1;
    while (true) {
      if (marker < 0) {
        int b = w.u8();
        if (b != 0xFF) {
          throw corrupt("a JPEG segment is out of place at byte " + (w.position() - 1));
        }
        do {
          marker = w.u8();
        } while (marker == 0xFF);
      }
      int m = marker;
      marker = -1;
      if (m == 0xD9) { // EOI
        if (width == 0) {
          throw corrupt("the JPEG has no frame header");
        }
        return new ImageHeaders(width, height, orientation, false, false, metadata);
      }
      if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
        continue;
      }
      int len = w.u16be();
      if (len < 2) {
        throw corrupt("a JPEG segment has an impossible length");
      }
      boolean sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
      if (sof) {
        if (len < 8) {
          throw corrupt("the JPEG frame header is too short");
        }
        w.u8();
        height = w.u16be();
        width = w.u16be();
        checkPixels(width, height, maxPixels);
        w.skip(len - 7);
      } else if (m == 0xE1 && len > 8) {
        byte[] seg = w.bytes(len - 2);
        metadata = true;
        if (ExifReader.startsWithJpegExifPreamble(seg)) {
          orientation = orientation(seg, true);
        }
      } else {
        metadata |= m == 0xED || m == 0xFE || (m >= 0xE3 && m <= 0xEF && m != 0xEE);
        w.skip(len - 2);
      }
      if (m == 0xDA) { // SOS: entropy-coded data follows, up to the next marker
        if (width == 0) {
          throw corrupt("the JPEG's scan comes before its frame header");
        }
        marker = w.skipEntropyCoded();
        if (marker < 0) {
          throw corrupt("it ends before the image does (a truncated upload or download?)");
        }
      }
    }
  }

  private static ImageHeaders png(ByteWalker w, long maxPixels) throws IOException, MediaRefused {
    w.skip(8);
    var crc = new CRC32();
    int width = 0;
    int height = 0;
    int orientation = 1;
    boolean alpha = false;
    boolean animated = false;
    boolean metadata = false;
    boolean first = true;
    while (true) {
      long len = w.u32be();
      byte[] type = w.bytes(4);
      String t = new String(type, java.nio.charset.StandardCharsets.ISO_8859_1);
      if (len > Integer.MAX_VALUE) {
        throw corrupt("a PNG chunk has an impossible length");
      }
      if (first != t.equals("IHDR")) {
        throw corrupt("the PNG does not start with its header chunk");
      }
      crc.reset();
      crc.update(type);
      if (first) {
        if (len != 13) {
          throw corrupt("the PNG header chunk has the wrong length");
        }
        byte[] ihdr = w.bytes(13);
        crc.update(ihdr);
        width = (int) be32(ihdr, 0);
        height = (int) be32(ihdr, 4);
        checkPixels(be32(ihdr, 0), be32(ihdr, 4), maxPixels);
        int colorType = ihdr[9];
        alpha = colorType == 4 || colorType == 6;
        first = false;
      } else if (t.equals("eXIf") && len < 1 << 20) {
        byte[] exif = w.bytes((int) len);
        crc.update(exif);
        orientation = orientation(exif, false);
        metadata = true;
      } else if ((t.equals("zTXt") || t.equals("iTXt") || t.equals("iCCP")) && len <= MAX_TEXT_CHUNK) {
        byte[] data = w.bytes((int) len);
        crc.update(data);
        checkInflated(t, data);
        metadata |= !t.equals("iCCP");
      } else {
        if ((t.equals("zTXt") || t.equals("iTXt") || t.equals("iCCP")) && len > MAX_TEXT_CHUNK) {
          throw corrupt("its " + t + " chunk is over " + (MAX_TEXT_CHUNK >> 20) + " MB");
        }
        alpha |= t.equals("tRNS");
        animated |= t.equals("acTL");
        metadata |= t.equals("tEXt") || t.equals("zTXt") || t.equals("iTXt") || t.equals("tIME");
        w.read(null, len, crc);
      }
      if (w.u32be() != crc.getValue()) {
        throw corrupt("the PNG chunk " + t + " fails its checksum");
      }
      if (t.equals("IEND")) {
        return new ImageHeaders(width, height, orientation, animated, alpha, metadata);
      }
    }
  }

  /** A compressed PNG text or colour-profile chunk larger than this is refused (real ones are kilobytes). */
  static final int MAX_TEXT_CHUNK = 1 << 20;

  /** Inflated, a compressed chunk may hold at most this much (decoders inflate it into memory whole). */
  static final long MAX_INFLATED = 16L << 20;

  /**
   * Inflates a zTXt, iTXt or iCCP chunk's compressed part into a small buffer, counting: a
   * decompression bomb hidden in metadata (kilobytes that inflate to gigabytes) is refused here,
   * before any decoder inflates it whole.
   */
  private static void checkInflated(String type, byte[] data) throws MediaRefused {
    int nul = 0;
    while (nul < data.length && data[nul] != 0) {
      nul++;
    }
    int at;
    if (type.equals("iTXt")) {
      if (nul + 2 >= data.length || data[nul + 1] == 0) {
        return; // not compressed
      }
      at = nul + 3;
      for (int k = 0; k < 2; k++) { // language tag, translated keyword
        while (at < data.length && data[at] != 0) {
          at++;
        }
        at++;
      }
    } else {
      at = nul + 2; // keyword, NUL, compression method
    }
    if (at >= data.length) {
      return;
    }
    var inflater = new java.util.zip.Inflater();
    try {
      inflater.setInput(data, at, data.length - at);
      byte[] sink = new byte[8192];
      long total = 0;
      while (!inflater.finished() && !inflater.needsInput()) {
        int n = inflater.inflate(sink);
        total += n;
        if (total > MAX_INFLATED) {
          throw corrupt("its " + type + " chunk inflates to over " + (MAX_INFLATED >> 20)
              + " MB (a decompression bomb in its metadata)");
        }
        if (n == 0 && inflater.needsDictionary()) {
          break;
        }
      }
    } catch (java.util.zip.DataFormatException e) {
      throw corrupt("its " + type + " chunk is not valid compressed data");
    } finally {
      inflater.end();
    }
  }

  private static ImageHeaders gif(ByteWalker w, long maxPixels) throws IOException, MediaRefused {
    w.skip(6);
    int width = w.u16le();
    int height = w.u16le();
    checkPixels(width, height, maxPixels);
    int packed = w.u8();
    w.skip(2);
    if ((packed & 0x80) != 0) {
      w.skip(3L << ((packed & 7) + 1));
    }
    int frames = 0;
    boolean alpha = false;
    boolean metadata = false;
    while (true) {
      int b = w.read();
      if (b == 0x3B || (b < 0 && frames > 0)) { // trailer (many encoders leave it out)
        return new ImageHeaders(width, height, 1, frames > 1, alpha, metadata);
      }
      if (b == 0x21) {
        int label = w.u8();
        if (label == 0xF9) { // graphic control: transparency flag
          int size = w.u8();
          byte[] gce = w.bytes(size);
          alpha |= size >= 1 && (gce[0] & 1) != 0;
        }
        metadata |= label == 0xFE || label == 0xFF;
        skipSubBlocks(w);
      } else if (b == 0x2C) {
        w.skip(4);
        checkPixels(w.u16le(), w.u16le(), maxPixels);
        int p = w.u8();
        if ((p & 0x80) != 0) {
          w.skip(3L << ((p & 7) + 1));
        }
        w.u8(); // LZW minimum code size
        skipSubBlocks(w);
        frames++;
      } else if (b < 0) {
        throw corrupt("the GIF has no image in it");
      } else {
        throw corrupt("a GIF block is out of place at byte " + (w.position() - 1));
      }
    }
  }

  private static void skipSubBlocks(ByteWalker w) throws IOException {
    int n;
    while ((n = w.u8()) != 0) {
      w.skip(n);
    }
  }

  private static ImageHeaders webp(ByteWalker w, long fileSize, long maxPixels) throws IOException, MediaRefused {
    w.skip(4);
    long riff = w.u32le();
    if (riff + 8 > fileSize) {
      throw corrupt("it ends before the image does (a truncated upload or download?)");
    }
    w.skip(4);
    int width = 0;
    int height = 0;
    int orientation = 1;
    boolean alpha = false;
    boolean animated = false;
    boolean metadata = false;
    boolean image = false;
    while (w.position() + 8 <= riff + 8) {
      byte[] fourcc = w.bytes(4);
      String t = new String(fourcc, java.nio.charset.StandardCharsets.ISO_8859_1);
      long size = w.u32le();
      long padded = size + (size & 1);
      if (w.position() + size > riff + 8) {
        throw corrupt("a WebP chunk runs past the end of the file");
      }
      long start = w.position();
      switch (t) {
        case "VP8X" -> {
          int flags = w.u8();
          w.skip(3);
          width = w.u24le() + 1;
          height = w.u24le() + 1;
          checkPixels(width, height, maxPixels);
          alpha = (flags & 0x10) != 0;
          animated = (flags & 0x02) != 0;
        }
        case "VP8 " -> {
          w.skip(3);
          if (w.u8() != 0x9D || w.u8() != 0x01 || w.u8() != 0x2A) {
            throw corrupt("the WebP frame has no start code");
          }
          int fw = w.u16le() & 0x3FFF;
          int fh = w.u16le() & 0x3FFF;
          if (width == 0) {
            width = fw;
            height = fh;
          }
          checkPixels(fw, fh, maxPixels);
          image = true;
        }
        case "VP8L" -> {
          if (w.u8() != 0x2F) {
            throw corrupt("the lossless WebP has no signature");
          }
          long bits = w.u32le();
          int fw = (int) (bits & 0x3FFF) + 1;
          int fh = (int) ((bits >> 14) & 0x3FFF) + 1;
          if (width == 0) {
            width = fw;
            height = fh;
            alpha = (bits >> 28 & 1) != 0;
          }
          checkPixels(fw, fh, maxPixels);
          image = true;
        }
        case "EXIF" -> {
          metadata = true;
          if (size < 1 << 20) {
            byte[] exif = w.bytes((int) size);
            orientation = orientation(exif, ExifReader.startsWithJpegExifPreamble(exif));
          }
        }
        case "ANMF" -> image = true;
        default -> metadata |= t.equals("XMP ");
      }
      w.skip(padded - (w.position() - start));
    }
    if (!image || width == 0) {
      throw corrupt("the WebP has no image in it");
    }
    return new ImageHeaders(width, height, orientation, animated, alpha, metadata);
  }

  /** The orientation in an EXIF block (a JPEG APP1 segment with its preamble, or bare TIFF), 1 when absent. */
  static int orientation(byte[] exif, boolean preamble) {
    try {
      var metadata = new Metadata();
      if (preamble) {
        new ExifReader().readJpegSegments(List.of(exif), metadata, JpegSegmentType.APP1);
      } else {
        new ExifReader().extract(new ByteArrayReader(exif), metadata, 0);
      }
      var ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
      Integer o = ifd0 == null ? null : ifd0.getInteger(ExifIFD0Directory.TAG_ORIENTATION);
      return o != null && o >= 1 && o <= 8 ? o : 1;
    } catch (RuntimeException e) {
      return 1; // unreadable EXIF: shown as stored, as browsers do
    }
  }

  static long be32(byte[] b, int i) {
    return (b[i] & 0xFFL) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
  }
}

package ink.octopost.media;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;

/**
 * Reads a file front to back through one small buffer: what the header walkers use to check a
 * file's structure in constant memory, however large it is.
 */
final class ByteWalker implements AutoCloseable {

  private final InputStream in;
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int lim;
  private long consumed; // bytes before buf[0]

  ByteWalker(InputStream in) {
    this.in = in;
  }

  long position() {
    return consumed + pos;
  }

  private boolean fill() throws IOException {
    if (pos < lim) {
      return true;
    }
    consumed += lim;
    pos = 0;
    lim = Math.max(0, in.readNBytes(buf, 0, buf.length));
    return lim > 0;
  }

  /** The next byte, or -1 at the end. */
  int read() throws IOException {
    return fill() ? buf[pos++] & 0xFF : -1;
  }

  int u8() throws IOException {
    int b = read();
    if (b < 0) {
      throw new EOFException();
    }
    return b;
  }

  int u16be() throws IOException {
    return u8() << 8 | u8();
  }

  int u16le() throws IOException {
    return u8() | u8() << 8;
  }

  int u24le() throws IOException {
    return u8() | u8() << 8 | u8() << 16;
  }

  long u32be() throws IOException {
    return (long) u16be() << 16 | u16be();
  }

  long u32le() throws IOException {
    return u16le() | (long) u16le() << 16;
  }

  byte[] bytes(int n) throws IOException {
    byte[] out = new byte[n];
    read(out, n, null);
    return out;
  }

  /** Reads n bytes into out (or only skips them when out is null), updating crc when given. */
  void read(byte[] out, long n, CRC32 crc) throws IOException {
    long done = 0;
    while (done < n) {
      if (!fill()) {
        throw new EOFException();
      }
      int k = (int) Math.min(lim - pos, n - done);
      if (crc != null) {
        crc.update(buf, pos, k);
      }
      if (out != null) {
        System.arraycopy(buf, pos, out, (int) done, k);
      }
      pos += k;
      done += k;
    }
  }

  void skip(long n) throws IOException {
    if (n <= lim - pos) {
      pos += (int) n;
      return;
    }
    n -= lim - pos;
    pos = lim;
    while (n > 0) {
      long s = in.skip(n);
      if (s <= 0) {
        if (in.read() < 0) {
          throw new EOFException();
        }
        s = 1;
      }
      consumed += s;
      n -= s;
    }
  }

  /**
   * Skips JPEG entropy-coded data: returns the marker byte that ends it (the byte after an 0xFF
   * that is neither stuffing nor a restart marker), or -1 at the end of the file.
   */
  int skipEntropyCoded() throws IOException {
    boolean ff = false;
    while (fill()) {
      while (pos < lim) {
        int b = buf[pos++] & 0xFF;
        if (ff) {
          if (b != 0 && b != 0xFF && (b < 0xD0 || b > 0xD7)) {
            return b;
          }
          ff = b == 0xFF;
        } else if (b == 0xFF) {
          ff = true;
        }
      }
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}

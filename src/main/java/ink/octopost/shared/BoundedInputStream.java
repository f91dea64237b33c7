package ink.octopost.shared;

import java.io.IOException;
import java.io.InputStream;

/** At most {@code left} bytes of a stream: a byte range of a stored file, a chunk of an upload. */
public final class BoundedInputStream extends java.io.FilterInputStream {
  private long left;

  public BoundedInputStream(InputStream in, long left) {
    super(in);
    this.left = left;
  }

  @Override
  public int read() throws IOException {
    if (left <= 0) {
      return -1;
    }
    int b = super.read();
    if (b >= 0) {
      left--;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (left <= 0) {
      return -1;
    }
    int n = super.read(b, off, (int) Math.min(len, left));
    if (n > 0) {
      left -= n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(Math.min(n, left));
    left -= skipped;
    return skipped;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(super.available(), left);
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}

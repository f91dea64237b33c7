package ink.octopost.media;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;

/**
 * Separable Catmull-Rom downscaling of opaque images, its kernel widened by the scale so every
 * source pixel counts (no aliasing), in fixed-point integers: several times faster than Java2D's
 * bicubic interpolation and reading a decoded JPEG's bytes directly (no converted copy first).
 */
final class Resampler {

  private static final int BITS = 14;

  private Resampler() {}

  /** Whether {@link #downscale} takes this image. */
  static boolean supports(BufferedImage img) {
    return img.getType() == BufferedImage.TYPE_3BYTE_BGR || img.getType() == BufferedImage.TYPE_INT_RGB;
  }

  /** The image at {@code dw x dh} (each at most the source's), as {@code TYPE_3BYTE_BGR} (what the JPEG encoder reads directly). */
  static BufferedImage downscale(BufferedImage src, int dw, int dh) {
    int sw = src.getWidth();
    int sh = src.getHeight();
    boolean bytes = src.getType() == BufferedImage.TYPE_3BYTE_BGR;
    byte[] sb = bytes ? ((DataBufferByte) src.getRaster().getDataBuffer()).getData() : null;
    int[] si = bytes ? null : ((DataBufferInt) src.getRaster().getDataBuffer()).getData();
    Kernel kx = Kernel.of(sw, dw);
    Kernel ky = Kernel.of(sh, dh);
    // horizontal pass: sh rows of dw pixels, 3 bytes each (R, G, B)
    byte[] mid = new byte[dw * sh * 3];
    for (int y = 0; y < sh; y++) {
      int row = y * sw;
      int out = y * dw * 3;
      for (int x = 0; x < dw; x++) {
        int start = kx.start[x];
        int n = kx.count[x];
        int wi = kx.offset[x];
        int r = 0;
        int g = 0;
        int b = 0;
        if (bytes) {
          for (int k = 0, j = (row + start) * 3; k < n; k++, j += 3) {
            int w = kx.weights[wi + k];
            b += (sb[j] & 0xFF) * w;
            g += (sb[j + 1] & 0xFF) * w;
            r += (sb[j + 2] & 0xFF) * w;
          }
        } else {
          for (int k = 0; k < n; k++) {
            int p = si[row + start + k];
            int w = kx.weights[wi + k];
            r += ((p >> 16) & 0xFF) * w;
            g += ((p >> 8) & 0xFF) * w;
            b += (p & 0xFF) * w;
          }
        }
        int o = out + x * 3;
        mid[o] = (byte) clamp(r);
        mid[o + 1] = (byte) clamp(g);
        mid[o + 2] = (byte) clamp(b);
      }
    }
    // vertical pass
    var dst = new BufferedImage(dw, dh, BufferedImage.TYPE_3BYTE_BGR);
    byte[] d = ((DataBufferByte) dst.getRaster().getDataBuffer()).getData();
    int rowBytes = dw * 3;
    int[] acc = new int[rowBytes];
    for (int y = 0; y < dh; y++) {
      java.util.Arrays.fill(acc, 0);
      int start = ky.start[y];
      int n = ky.count[y];
      int wi = ky.offset[y];
      for (int k = 0; k < n; k++) {
        int w = ky.weights[wi + k];
        int base = (start + k) * rowBytes;
        for (int i = 0; i < rowBytes; i++) {
          acc[i] += (mid[base + i] & 0xFF) * w;
        }
      }
      int o = y * rowBytes;
      for (int i = 0; i < rowBytes; i += 3) {
        d[o + i] = (byte) clamp(acc[i + 2]);
        d[o + i + 1] = (byte) clamp(acc[i + 1]);
        d[o + i + 2] = (byte) clamp(acc[i]);
      }
    }
    return dst;
  }

  private static int clamp(int v) {
    int c = (v + (1 << (BITS - 1))) >> BITS;
    return c < 0 ? 0 : Math.min(c, 255);
  }

  /** For each output position: the first source pixel, how many, and their weights (summing to 1 << BITS). */
  private record Kernel(int[] start, int[] count, int[] offset, int[] weights) {

    static Kernel of(int src, int dst) {
      double scale = (double) dst / src;
      double support = 2 / Math.min(1, scale); // Catmull-Rom spans 2 pixels each side of the centre, widened when shrinking
      int[] start = new int[dst];
      int[] count = new int[dst];
      int[] offset = new int[dst];
      int max = (int) Math.ceil(support * 2) + 2;
      int[] weights = new int[dst * max];
      double[] tmp = new double[max];
      for (int i = 0; i < dst; i++) {
        double centre = (i + 0.5) / scale - 0.5;
        int lo = Math.max(0, (int) Math.floor(centre - support) + 1);
        int hi = Math.min(src - 1, (int) Math.floor(centre + support));
        int n = Math.min(max, hi - lo + 1);
        double sum = 0;
        for (int k = 0; k < n; k++) {
          tmp[k] = cubic((lo + k - centre) * Math.min(1, scale));
          sum += tmp[k];
        }
        int total = 0;
        int biggest = 0;
        for (int k = 0; k < n; k++) {
          int w = (int) Math.round(tmp[k] / sum * (1 << BITS));
          weights[i * max + k] = w;
          total += w;
          if (w > weights[i * max + biggest]) {
            biggest = k;
          }
        }
        weights[i * max + biggest] += (1 << BITS) - total; // exact sum: flat areas stay flat
        start[i] = lo;
        count[i] = n;
        offset[i] = i * max;
      }
      return new Kernel(start, count, offset, weights);
    }

    private static double cubic(double t) {
      t = Math.abs(t);
      if (t < 1) {
        return 1.5 * t * t * t - 2.5 * t * t + 1;
      }
      if (t < 2) {
        return -0.5 * t * t * t + 2.5 * t * t - 4 * t + 2;
      }
      return 0;
    }
  }
}

package ink.octopost.media;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Pixel work for fitting: decoding a region at a reduced resolution, high-quality downscaling
 * (halving by 2x2 averages, then one bicubic step), EXIF orientation, padding.
 */
final class ImageOps {

  static {
    // The WebP (and better JPEG) readers are plugins found through the context class loader, which
    // in a packaged application need not be the one that loaded Octopost: look with ours.
    Thread t = Thread.currentThread();
    ClassLoader before = t.getContextClassLoader();
    try {
      t.setContextClassLoader(ImageOps.class.getClassLoader());
      ImageIO.scanForPlugins();
    } finally {
      t.setContextClassLoader(before);
    }
    ImageIO.setUseCache(false); // streams from files: no temporary cache files
  }

  private ImageOps() {}

  /**
   * Decodes {@code region} (in stored pixels) keeping one pixel in {@code sub} in each direction:
   * a 24-megapixel JPEG fitted to a few megapixels never needs its full size in the heap.
   */
  static BufferedImage decode(Path file, Rectangle region, int sub) throws IOException, MediaRefused {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      var readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new MediaRefused("unsupported_type", "No decoder for this image. " + MediaProbe.SUPPORTED);
      }
      ImageReader reader = readers.next();
      List<String> warnings = new ArrayList<>();
      try {
        reader.setInput(in, true, true); // forward only, no metadata (a PNG's zTXt is never inflated)
        reader.addIIOReadWarningListener((r, warning) -> warnings.add(warning));
        var param = reader.getDefaultReadParam();
        param.setSourceRegion(region);
        if (sub > 1) {
          param.setSourceSubsampling(sub, sub, 0, 0);
        }
        BufferedImage image = reader.read(0, param);
        for (String w : warnings) {
          if (w.toLowerCase(java.util.Locale.ROOT).contains("premature end")) {
            throw ImageHeaders.corrupt("it ends before the image does (a truncated upload or download?)");
          }
        }
        return image;
      } catch (IIOException | RuntimeException e) {
        throw ImageHeaders.corrupt("the image data cannot be decoded (" + e.getMessage() + ")");
      } finally {
        reader.dispose();
      }
    }
  }

  /**
   * An image of {@code w x h} with the same content: opaque images by 2x2 averages while three
   * times too large, then a widened Catmull-Rom filter; images with alpha by 2x2 averages weighted
   * by alpha, then Java2D's bicubic step.
   */
  static BufferedImage scale(BufferedImage src, int w, int h, boolean alpha) {
    if (!alpha && Resampler.supports(src) && src.getWidth() >= w && src.getHeight() >= h) {
      BufferedImage cur = src;
      if (cur.getWidth() >= 3 * w && cur.getHeight() >= 3 * h) {
        cur = toInt(cur, false);
        while (cur.getWidth() >= 3 * w && cur.getHeight() >= 3 * h) {
          cur = halve(cur, false);
        }
      }
      return cur.getWidth() == w && cur.getHeight() == h ? cur : Resampler.downscale(cur, w, h);
    }
    BufferedImage cur = toInt(src, alpha);
    while (cur.getWidth() >= 2 * w && cur.getHeight() >= 2 * h) {
      cur = halve(cur, alpha);
    }
    if (cur.getWidth() == w && cur.getHeight() == h) {
      return cur;
    }
    var dst = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = dst.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.setComposite(java.awt.AlphaComposite.Src);
      g.drawImage(cur, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return dst;
  }

  /** The image as packed ints (RGB or ARGB), converted only when it is not already. */
  static BufferedImage toInt(BufferedImage src, boolean alpha) {
    int type = alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
    if (src.getType() == type) {
      return src;
    }
    var dst = new BufferedImage(src.getWidth(), src.getHeight(), type);
    if (!alpha && src.getType() == BufferedImage.TYPE_3BYTE_BGR) {
      byte[] s = ((DataBufferByte) src.getRaster().getDataBuffer()).getData();
      int[] d = ((DataBufferInt) dst.getRaster().getDataBuffer()).getData();
      for (int i = 0, j = 0; i < d.length; i++, j += 3) {
        d[i] = (s[j + 2] & 0xFF) << 16 | (s[j + 1] & 0xFF) << 8 | (s[j] & 0xFF);
      }
      return dst;
    }
    Graphics2D g = dst.createGraphics();
    try {
      g.setComposite(java.awt.AlphaComposite.Src);
      g.drawImage(src, 0, 0, null);
    } finally {
      g.dispose();
    }
    return dst;
  }

  /** Half the size, each pixel the average of four (weighted by alpha, so edges do not darken). */
  private static BufferedImage halve(BufferedImage src, boolean alpha) {
    int sw = src.getWidth();
    int w = sw / 2;
    int h = src.getHeight() / 2;
    var dst = new BufferedImage(w, h, src.getType());
    int[] s = ((DataBufferInt) src.getRaster().getDataBuffer()).getData();
    int[] d = ((DataBufferInt) dst.getRaster().getDataBuffer()).getData();
    for (int y = 0; y < h; y++) {
      int r0 = 2 * y * sw;
      int r1 = r0 + sw;
      int o = y * w;
      for (int x = 0; x < w; x++) {
        int a = s[r0 + 2 * x];
        int b = s[r0 + 2 * x + 1];
        int c = s[r1 + 2 * x];
        int e = s[r1 + 2 * x + 1];
        if (!alpha) {
          d[o + x] = avg(a, b, c, e, 16) << 16 | avg(a, b, c, e, 8) << 8 | avg(a, b, c, e, 0);
        } else {
          d[o + x] = avgAlpha(a, b, c, e);
        }
      }
    }
    return dst;
  }

  private static int avg(int a, int b, int c, int e, int shift) {
    return (((a >> shift) & 0xFF) + ((b >> shift) & 0xFF) + ((c >> shift) & 0xFF) + ((e >> shift) & 0xFF) + 2) >> 2;
  }

  private static int avgAlpha(int... px) {
    int sa = 0;
    long sr = 0;
    long sg = 0;
    long sb = 0;
    for (int p : px) {
      int a = p >>> 24;
      sa += a;
      sr += (long) ((p >> 16) & 0xFF) * a;
      sg += (long) ((p >> 8) & 0xFF) * a;
      sb += (long) (p & 0xFF) * a;
    }
    if (sa == 0) {
      return 0;
    }
    return ((sa + 2) >> 2) << 24 | (int) (sr / sa) << 16 | (int) (sg / sa) << 8 | (int) (sb / sa);
  }

  /**
   * The image turned and flipped as EXIF orientation {@code o} (2 to 8) says it is shown: opaque
   * images as {@code TYPE_3BYTE_BGR} (what the JPEG encoder reads without a converted copy), others
   * as {@code TYPE_INT_ARGB}.
   */
  static BufferedImage orient(BufferedImage src, int o, boolean alpha) {
    if (!alpha && src.getType() != BufferedImage.TYPE_3BYTE_BGR) {
      src = toBytes(src);
    } else if (alpha) {
      src = toInt(src, true);
    }
    if (o <= 1 || o > 8) {
      return src;
    }
    int w = src.getWidth();
    int h = src.getHeight();
    boolean swap = o >= 5;
    int dw = swap ? h : w;
    int dh = swap ? w : h;
    var dst = new BufferedImage(dw, dh, src.getType());
    int c = alpha ? 1 : 3; // array elements per pixel
    Object s = alpha ? ((DataBufferInt) src.getRaster().getDataBuffer()).getData()
        : ((DataBufferByte) src.getRaster().getDataBuffer()).getData();
    Object d = alpha ? ((DataBufferInt) dst.getRaster().getDataBuffer()).getData()
        : ((DataBufferByte) dst.getRaster().getDataBuffer()).getData();
    for (int y = 0; y < h; y++) {
      // where (0, y) lands, and how the destination moves per source x
      int x0;
      int y0;
      int dx;
      int dy;
      switch (o) {
        case 2 -> { x0 = w - 1; y0 = y; dx = -1; dy = 0; }
        case 3 -> { x0 = w - 1; y0 = h - 1 - y; dx = -1; dy = 0; }
        case 4 -> { x0 = 0; y0 = h - 1 - y; dx = 1; dy = 0; }
        case 5 -> { x0 = y; y0 = 0; dx = 0; dy = 1; }
        case 6 -> { x0 = h - 1 - y; y0 = 0; dx = 0; dy = 1; }
        case 7 -> { x0 = h - 1 - y; y0 = w - 1; dx = 0; dy = -1; }
        default -> { x0 = y; y0 = w - 1; dx = 0; dy = -1; } // 8
      }
      int di = (y0 * dw + x0) * c;
      int step = (dy * dw + dx) * c;
      int si = y * w * c;
      if (alpha) {
        int[] sa = (int[]) s;
        int[] da = (int[]) d;
        for (int x = 0; x < w; x++, si++, di += step) {
          da[di] = sa[si];
        }
      } else {
        byte[] sb = (byte[]) s;
        byte[] db = (byte[]) d;
        for (int x = 0; x < w; x++, si += 3, di += step) {
          db[di] = sb[si];
          db[di + 1] = sb[si + 1];
          db[di + 2] = sb[si + 2];
        }
      }
    }
    return dst;
  }

  /** The image as {@code TYPE_3BYTE_BGR}. */
  static BufferedImage toBytes(BufferedImage src) {
    var dst = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    if (src.getType() == BufferedImage.TYPE_INT_RGB) {
      int[] s = ((DataBufferInt) src.getRaster().getDataBuffer()).getData();
      byte[] d = ((DataBufferByte) dst.getRaster().getDataBuffer()).getData();
      for (int i = 0, j = 0; i < s.length; i++, j += 3) {
        d[j] = (byte) s[i];
        d[j + 1] = (byte) (s[i] >> 8);
        d[j + 2] = (byte) (s[i] >> 16);
      }
      return dst;
    }
    Graphics2D g = dst.createGraphics();
    try {
      g.drawImage(src, 0, 0, null);
    } finally {
      g.dispose();
    }
    return dst;
  }

  /** The image centred on a canvas of {@code w x h}: white for JPEG, transparent when alpha is kept. */
  static BufferedImage pad(BufferedImage src, int w, int h, boolean alpha) {
    if (src.getWidth() == w && src.getHeight() == h) {
      return src;
    }
    var dst = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = dst.createGraphics();
    try {
      if (!alpha) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
      }
      g.drawImage(src, (w - src.getWidth()) / 2, (h - src.getHeight()) / 2, null);
    } finally {
      g.dispose();
    }
    return dst;
  }

  /** Whether any pixel is not fully opaque. */
  static boolean usesAlpha(BufferedImage img) {
    if (!img.getColorModel().hasAlpha()) {
      return false;
    }
    var alpha = img.getAlphaRaster();
    int w = img.getWidth();
    int[] row = new int[w];
    for (int y = 0; y < img.getHeight(); y++) {
      alpha.getSamples(0, y, w, 1, 0, row);
      for (int a : row) {
        if (a < 255) {
          return true;
        }
      }
    }
    return false;
  }

  /** The image without alpha, laid on white (for JPEG). */
  static BufferedImage flatten(BufferedImage src) {
    if (!src.getColorModel().hasAlpha()) {
      return src;
    }
    var dst = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = dst.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, dst.getWidth(), dst.getHeight());
      g.drawImage(src, 0, 0, null);
    } finally {
      g.dispose();
    }
    return dst;
  }
}

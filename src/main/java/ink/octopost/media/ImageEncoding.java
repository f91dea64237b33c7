package ink.octopost.media;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encoding under a byte limit. JPEG: the highest quality between 0.95 and 0.5 that fits, found by
 * bisection on a proxy (16 tiles of the image at full resolution, so its bytes per pixel are the
 * image's), then one encode of the whole image, checked; when even 0.5 does not fit, the image is
 * downscaled and searched again. PNG: downscaled until it fits.
 */
final class ImageEncoding {

  static final float MAX_QUALITY = 0.95f;
  static final float MIN_QUALITY = 0.5f;
  private static final int TILE = 96;
  private static final int GRID = 4;

  private ImageEncoding() {}

  /** An encoded image and the pixels it holds. */
  record Encoded(byte[] bytes, int width, int height, float quality) {}

  static Encoded jpeg(BufferedImage img, long maxBytes) throws IOException, MediaRefused {
    if (maxBytes <= 0) {
      return new Encoded(encodeJpeg(img, 0.92f), img.getWidth(), img.getHeight(), 0.92f);
    }
    BufferedImage cur = img;
    for (int round = 0; round < 8; round++) {
      BufferedImage proxy = proxy(cur);
      double ratio = (double) cur.getWidth() * cur.getHeight() / ((double) proxy.getWidth() * proxy.getHeight());
      long budget = (long) (maxBytes * 0.97);
      float q = searchQuality(proxy, ratio, budget);
      if (q > 0) {
        for (int attempt = 0; attempt < 4 && q >= MIN_QUALITY - 1e-6; attempt++) {
          byte[] out = encodeJpeg(cur, q);
          if (out.length <= maxBytes) {
            return new Encoded(out, cur.getWidth(), cur.getHeight(), q);
          }
          q -= 0.05f;
        }
      }
      if (cur.getWidth() == 1 && cur.getHeight() == 1) {
        break;
      }
      double predicted = Math.max(1, estimate(proxy, ratio, 0.75f));
      double f = Math.min(0.9, Math.sqrt(budget / predicted));
      int w = Math.max(1, (int) (cur.getWidth() * f));
      int h = Math.max(1, (int) (cur.getHeight() * f));
      cur = ImageOps.scale(cur, w, h, false);
    }
    throw cannotFit(maxBytes);
  }

  /** The highest quality whose predicted size fits the budget, or 0 when even the lowest does not. */
  private static float searchQuality(BufferedImage proxy, double ratio, long budget) throws IOException {
    if (estimate(proxy, ratio, MAX_QUALITY) <= budget) {
      return MAX_QUALITY;
    }
    if (estimate(proxy, ratio, MIN_QUALITY) > budget) {
      return 0;
    }
    float lo = MIN_QUALITY;
    float hi = MAX_QUALITY;
    while (hi - lo > 0.02f) {
      float mid = (lo + hi) / 2;
      if (estimate(proxy, ratio, mid) <= budget) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static double estimate(BufferedImage proxy, double ratio, float q) throws IOException {
    return encodeJpeg(proxy, q).length * ratio;
  }

  /** Tiles at full resolution from a grid across the image (the image itself when it is small). */
  static BufferedImage proxy(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    if ((long) w * h <= 4L * GRID * GRID * TILE * TILE) {
      return img;
    }
    int tw = Math.min(TILE, w / GRID);
    int th = Math.min(TILE, h / GRID);
    var proxy = new BufferedImage(tw * GRID, th * GRID, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = proxy.createGraphics();
    try {
      for (int gy = 0; gy < GRID; gy++) {
        for (int gx = 0; gx < GRID; gx++) {
          int sx = (int) ((w - tw) * (gx + 0.5) / GRID);
          int sy = (int) ((h - th) * (gy + 0.5) / GRID);
          g.drawImage(img.getSubimage(sx, sy, tw, th), gx * tw, gy * th, null);
        }
      }
    } finally {
      g.dispose();
    }
    return proxy;
  }

  static byte[] encodeJpeg(BufferedImage img, float quality) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    var bytes = new ByteArrayOutputStream(256 * 1024);
    try (var out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      var param = new JPEGImageWriteParam(null);
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      param.setOptimizeHuffmanTables(true); // about 7% smaller for a few ms
      writer.write(null, new IIOImage(ImageOps.flatten(img), null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** PNG, downscaled until it fits (or null when {@code giveUp} and it does not fit at this size). */
  static Encoded png(BufferedImage img, long maxBytes, boolean giveUp) throws IOException, MediaRefused {
    BufferedImage cur = img;
    for (int round = 0; round < 10; round++) {
      byte[] out = encodePng(cur);
      if (maxBytes <= 0 || out.length <= maxBytes) {
        return new Encoded(out, cur.getWidth(), cur.getHeight(), 1f);
      }
      if (giveUp) {
        return null;
      }
      if (cur.getWidth() == 1 && cur.getHeight() == 1) {
        break;
      }
      double f = Math.min(0.9, Math.sqrt(maxBytes * 0.95 / out.length));
      cur = ImageOps.scale(cur, Math.max(1, (int) (cur.getWidth() * f)), Math.max(1, (int) (cur.getHeight() * f)),
          cur.getColorModel().hasAlpha());
    }
    throw cannotFit(maxBytes);
  }

  private static MediaRefused cannotFit(long maxBytes) {
    return new MediaRefused("too_large", String.format(java.util.Locale.ROOT,
        "This image cannot be made to fit this network's limit of %,d bytes, even scaled down.", maxBytes));
  }

  static byte[] encodePng(BufferedImage img) throws IOException {
    var bytes = new ByteArrayOutputStream(256 * 1024);
    if (!ImageIO.write(img, "png", bytes)) {
      throw new IOException("no PNG writer");
    }
    return bytes.toByteArray();
  }
}

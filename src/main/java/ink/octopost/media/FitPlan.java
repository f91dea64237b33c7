package ink.octopost.media;

import java.awt.Rectangle;
import java.util.Locale;

/**
 * The geometry of fitting one image to one network, in shown orientation: the content kept (after
 * a centre crop), the canvas around it (after padding) and the scale the pixel limits allow.
 *
 * @param aspectRefusal why the aspect ratio is refused (no fit chosen), or null
 */
record FitPlan(
    int shownWidth, int shownHeight, int contentWidth, int contentHeight, int canvasWidth, int canvasHeight, double scale,
    String aspectRefusal, String limitText) {

  static FitPlan of(int w, int h, ImageFitter.Target t, double tolerance) {
    double r = (double) w / h;
    double min = t.minAspect();
    double max = t.maxAspect();
    boolean tooTall = min > 0 && r < min * (1 - tolerance);
    boolean tooWide = max > 0 && r > max * (1 + tolerance);
    int cw = w;
    int ch = h;
    int pw = w;
    int ph = h;
    String refusal = null;
    if (tooTall || tooWide) {
      if (t.fit() == null) {
        refusal = String.format(Locale.ROOT, "This image is %d x %d pixels, an aspect ratio of %s (width / height %.2f); "
            + "this network takes %s. Choose fit \"pad\" or \"crop\" for this network in the post's overrides, "
            + "or crop the image yourself.", w, h, ratio(r), r, range(min, max));
      } else if (t.fit() == ImageFitter.Fit.PAD) {
        if (tooTall) {
          pw = (int) Math.ceil(h * min);
        } else {
          ph = (int) Math.ceil(w / max);
        }
      } else {
        if (tooTall) {
          ch = Math.max(1, (int) Math.floor(w / min));
        } else {
          cw = Math.max(1, (int) Math.floor(h * max));
        }
        pw = cw;
        ph = ch;
      }
    }
    double s = 1;
    if (t.maxWidth() > 0) {
      s = Math.min(s, (double) t.maxWidth() / pw);
    }
    if (t.maxHeight() > 0) {
      s = Math.min(s, (double) t.maxHeight() / ph);
    }
    if (t.maxPixels() > 0) {
      s = Math.min(s, Math.sqrt((double) t.maxPixels() / ((double) pw * ph)));
    }
    var limits = new StringBuilder();
    if (t.maxWidth() > 0 || t.maxHeight() > 0) {
      limits.append(t.maxWidth() > 0 ? String.valueOf(t.maxWidth()) : "any").append(" x ")
          .append(t.maxHeight() > 0 ? String.valueOf(t.maxHeight()) : "any");
    }
    if (t.maxPixels() > 0) {
      limits.append(limits.isEmpty() ? "" : " and ").append(String.format(Locale.ROOT, "%,d pixels", t.maxPixels()));
    }
    return new FitPlan(w, h, cw, ch, pw, ph, s, refusal, limits.toString());
  }

  boolean unchanged() {
    return aspectRefusal == null && scale >= 1 && contentWidth == shownWidth && contentHeight == shownHeight && canvasWidth == contentWidth
        && canvasHeight == contentHeight;
  }

  int outContentWidth(double s) {
    return Math.max(1, (int) Math.floor(contentWidth * s));
  }

  int outContentHeight(double s) {
    return Math.max(1, (int) Math.floor(contentHeight * s));
  }

  int outCanvasWidth(double s) {
    return Math.max(outContentWidth(s), (int) Math.floor(canvasWidth * s));
  }

  int outCanvasHeight(double s) {
    return Math.max(outContentHeight(s), (int) Math.floor(canvasHeight * s));
  }

  /** The centred crop in stored pixels (a centre crop is the same whichever way the image is turned). */
  Rectangle storedCrop(int storedWidth, int storedHeight, int orientation) {
    boolean swap = orientation >= 5;
    int w = swap ? contentHeight : contentWidth;
    int h = swap ? contentWidth : contentHeight;
    return new Rectangle((storedWidth - w) / 2, (storedHeight - h) / 2, w, h);
  }

  /** A ratio in words: 4:5, 16:9, or 2.35:1. */
  static String ratio(double r) {
    for (int b = 1; b <= 20; b++) {
      long a = Math.round(r * b);
      if (a > 0 && a <= 40 && Math.abs((double) a / b - r) / r < 0.003) {
        return a + ":" + b;
      }
    }
    return String.format(Locale.ROOT, "%.2f:1", r);
  }

  private static String range(double min, double max) {
    if (min > 0 && max > 0) {
      return Math.abs(min - max) < 1e-9 ? "only " + ratio(min)
          : String.format(Locale.ROOT, "aspect ratios from %s (%.2f) to %s (%.2f)", ratio(min), min, ratio(max), max);
    }
    return min > 0 ? String.format(Locale.ROOT, "aspect ratios of at least %s (%.2f)", ratio(min), min)
        : String.format(Locale.ROOT, "aspect ratios of at most %s (%.2f)", ratio(max), max);
  }
}

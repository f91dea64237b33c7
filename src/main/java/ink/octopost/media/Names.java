package ink.octopost.media;

import java.util.Locale;

/** File names from clients and URLs: only a safe last segment is ever kept, and never used as a storage key. */
final class Names {

  private Names() {}

  /** The last path segment with anything but letters, digits, dot, dash, underscore and space replaced; null when nothing is left. */
  static String clean(String name) {
    if (name == null) {
      return null;
    }
    String last = lastSegment(name);
    var out = new StringBuilder();
    last.codePoints().limit(200).forEach(c -> {
      if (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' || c == ' ') {
        out.appendCodePoint(c);
      } else {
        out.append('_');
      }
    });
    String s = out.toString().strip();
    while (s.startsWith(".")) {
      s = s.substring(1);
    }
    return s.isEmpty() || s.chars().allMatch(c -> c == '_') ? null : s;
  }

  /** What follows the last slash or backslash, without a query or fragment. */
  static String lastSegment(String path) {
    String p = path;
    int cut = indexOfAny(p, '?', '#');
    if (cut >= 0 && p.contains("://")) {
      p = p.substring(0, cut);
    }
    int slash = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
    return slash >= 0 ? p.substring(slash + 1) : p;
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }

  /** A name for a file that came without one. */
  static String fallback(String mimeType) {
    return "media." + extension(mimeType);
  }

  static String extension(String mimeType) {
    return switch (mimeType == null ? "" : mimeType.toLowerCase(Locale.ROOT)) {
      case "image/jpeg" -> "jpg";
      case "image/png" -> "png";
      case "image/gif" -> "gif";
      case "image/webp" -> "webp";
      case "image/heic" -> "heic";
      case "image/avif" -> "avif";
      case "video/mp4" -> "mp4";
      case "video/quicktime" -> "mov";
      case "video/webm" -> "webm";
      default -> "bin";
    };
  }
}

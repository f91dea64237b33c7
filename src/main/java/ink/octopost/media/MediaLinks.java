package ink.octopost.media;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Names and headers of media served through signed links. */
final class MediaLinks {

  /** Types served inline: everything the library stores. Anything else goes out as a download. */
  private static final Map<String, String> EXTENSIONS = Map.of(
      "image/jpeg", ".jpg", "image/png", ".png", "image/gif", ".gif", "image/webp", ".webp",
      "image/heic", ".heic", "image/avif", ".avif", "video/mp4", ".mp4", "video/quicktime", ".mov",
      "video/webm", ".webm");

  private MediaLinks() {}

  static String extension(String mimeType) {
    return mimeType == null ? "" : EXTENSIONS.getOrDefault(mimeType, "");
  }

  /** A stored type is served as itself only if it is media; never as something a browser would run. */
  static String contentType(String mimeType) {
    return mimeType != null && EXTENSIONS.containsKey(mimeType) ? mimeType : "application/octet-stream";
  }

  /**
   * {@code inline} (media) or {@code attachment} (anything else), with an ASCII {@code filename}
   * (quotes, controls, path separators and non-ASCII replaced) and, where the name is not plain
   * ASCII, the exact one as {@code filename*} (RFC 6266).
   */
  static String contentDisposition(String filename, String mediaId, String mimeType) {
    String type = EXTENSIONS.containsKey(String.valueOf(mimeType)) ? "inline" : "attachment";
    String name = filename == null || filename.isBlank() ? mediaId + extension(mimeType) : filename;
    name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    if (name.length() > 200) {
      name = name.substring(name.length() - 200);
    }
    var ascii = new StringBuilder();
    boolean plain = true;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '%' && c != ';';
      ascii.append(ok ? c : '_');
      plain &= ok;
    }
    if (ascii.isEmpty() || ascii.toString().isBlank()) {
      ascii = new StringBuilder(mediaId + extension(mimeType));
    }
    String header = type + "; filename=\"" + ascii + "\"";
    if (!plain) {
      header += "; filename*=UTF-8''" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
    return header;
  }
}

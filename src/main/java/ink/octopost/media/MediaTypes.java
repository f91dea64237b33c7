package ink.octopost.media;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * MIME types from magic numbers: what the bytes are, whatever the URL or server claims. Besides
 * the media Octopost takes, it names what it refuses (SVG, HTML, PDF, archives, programs, text) so
 * a refusal can say what the file is.
 */
public final class MediaTypes {

  private MediaTypes() {}

  /** The media type of these first bytes, or {@code application/octet-stream} when it is no media Octopost knows. */
  public static String sniff(byte[] b) {
    if (starts(b, 0xFF, 0xD8, 0xFF)) {
      return "image/jpeg";
    }
    if (starts(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return "image/png";
    }
    if (starts(b, 'G', 'I', 'F', '8', '7', 'a') || starts(b, 'G', 'I', 'F', '8', '9', 'a')) {
      return "image/gif";
    }
    if (starts(b, 'R', 'I', 'F', 'F') && at(b, 8, 'W', 'E', 'B', 'P')) {
      return "image/webp";
    }
    if (at(b, 4, 'f', 't', 'y', 'p')) {
      return isoBrand(b);
    }
    if (at(b, 4, 'm', 'o', 'o', 'v') || at(b, 4, 'm', 'd', 'a', 't') || at(b, 4, 'w', 'i', 'd', 'e')) {
      return "video/quicktime"; // QuickTime files from before ftyp
    }
    if (starts(b, 0x1A, 0x45, 0xDF, 0xA3)) {
      return contains(b, 64, "matroska") ? "video/x-matroska" : "video/webm";
    }
    return "application/octet-stream";
  }

  /** ISO base media files (MP4, MOV, HEIF, AVIF) name their kind in the ftyp box's brands. */
  private static String isoBrand(byte[] b) {
    String major = brand(b, 8);
    switch (major) {
      case "qt  ":
        return "video/quicktime";
      case "heic", "heix", "heim", "heis", "hevc", "hevx":
        return "image/heic";
      case "avif", "avis":
        return "image/avif";
      case "M4A ", "M4B ", "M4P ", "F4A ", "F4B ":
        return "audio/mp4";
      case "crx ":
        return "application/octet-stream"; // Canon raw
      default:
        break;
    }
    int boxSize = b.length >= 4 ? ((b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF)) : 0;
    boolean heif = major.equals("mif1") || major.equals("msf1");
    for (int i = 16; i + 4 <= Math.min(boxSize, b.length); i += 4) { // compatible brands
      String c = brand(b, i);
      if (heif && (c.equals("avif") || c.equals("avis"))) {
        return "image/avif";
      }
      if (heif && (c.equals("heic") || c.equals("heix"))) {
        return "image/heic";
      }
    }
    return heif ? "image/heif" : "video/mp4";
  }

  /**
   * What kind of file Octopost refuses these first bytes are (to name it in the refusal), or null
   * when they are none of the kinds it recognises.
   */
  static Refused refused(byte[] b) {
    if (starts(b, '%', 'P', 'D', 'F', '-')) {
      return Refused.PDF;
    }
    if (starts(b, 'P', 'K', 3, 4) || starts(b, 'P', 'K', 5, 6) || starts(b, 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1)
        || starts(b, 0x1F, 0x8B) || starts(b, 'R', 'a', 'r', '!') || starts(b, '7', 'z', 0xBC, 0xAF)) {
      return Refused.ARCHIVE;
    }
    boolean text = isText(b);
    if (starts(b, 0x7F, 'E', 'L', 'F') || (!text && starts(b, 'M', 'Z')) || starts(b, 0xCA, 0xFE, 0xBA, 0xBE)
        || starts(b, 0xFE, 0xED, 0xFA, 0xCE) || starts(b, 0xFE, 0xED, 0xFA, 0xCF) || starts(b, 0xCF, 0xFA, 0xED, 0xFE)
        || starts(b, 0xCE, 0xFA, 0xED, 0xFE) || starts(b, 0, 'a', 's', 'm')) {
      return Refused.EXECUTABLE;
    }
    if (starts(b, 'I', 'D', '3') || starts(b, 'O', 'g', 'g', 'S') || starts(b, 'f', 'L', 'a', 'C')
        || (starts(b, 'R', 'I', 'F', 'F') && at(b, 8, 'W', 'A', 'V', 'E')) || sniff(b).equals("audio/mp4")) {
      return Refused.AUDIO;
    }
    if (starts(b, 'I', 'I', '*', 0) || starts(b, 'M', 'M', 0, '*') || (!text && starts(b, 'B', 'M'))) {
      return Refused.OTHER_IMAGE;
    }
    if (!text) {
      return null;
    }
    String t = textStart(b);
    if (t.startsWith("<svg") || (t.startsWith("<?xml") || t.startsWith("<!doctype svg") || t.startsWith("<!--"))
        && contains(b, b.length, "<svg")) {
      return Refused.SVG;
    }
    if (t.startsWith("<!doctype html") || t.startsWith("<html") || t.startsWith("<head") || t.startsWith("<body")
        || t.startsWith("<script") || t.startsWith("<iframe") || t.startsWith("<!--") || t.startsWith("<meta")
        || t.startsWith("<div") || t.startsWith("<p>") || t.startsWith("<a ") || t.startsWith("<img")
        || t.startsWith("<table") || t.startsWith("<style") || t.startsWith("<title")) {
      return Refused.HTML;
    }
    if (t.startsWith("<?xml") || t.startsWith("<")) {
      return Refused.XML;
    }
    if (t.startsWith("#!") || t.startsWith("<?php")) {
      return Refused.SCRIPT;
    }
    return Refused.TEXT;
  }

  /** Kinds of file that are refused, with words for the user. */
  enum Refused {
    SVG("SVG images are refused: served back to a browser they could run scripts. Export the image as PNG or JPEG"),
    HTML("HTML pages are refused: served back they would run in the viewer's browser. Upload an image or a video"),
    XML("XML documents are not media. Upload an image or a video"),
    PDF("PDF documents are not supported. Export the page as a PNG or JPEG image"),
    ARCHIVE("Archives and office documents (ZIP, DOCX, XLSX, RAR, 7z, gzip) are not supported. Upload the image or video itself"),
    EXECUTABLE("Programs (executables and libraries) are refused"),
    SCRIPT("Scripts are refused"),
    AUDIO("Audio files are not supported on their own. Upload a video (MP4) instead"),
    OTHER_IMAGE("TIFF and BMP images are not supported. Convert the image to PNG or JPEG"),
    TEXT("This is a text file, not an image or a video, whatever its name says");

    final String message;

    Refused(String message) {
      this.message = message;
    }
  }

  /**
   * Markup or script hidden in an image's first bytes (a polyglot: a file that is a valid image
   * and also a page a browser would run), or null. The name of what was found is returned.
   */
  static String hiddenMarkup(byte[] head, int length) {
    String[] needles = {"<script", "<html", "<svg ", "<svg>", "<svg\n", "<iframe", "<body", "<!doctype", "<?php", "javascript:", "<object",
        "<embed", "<img ", "onerror=", "onload="};
    byte[] lower = new byte[length];
    for (int i = 0; i < length; i++) {
      byte c = head[i];
      lower[i] = c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c;
    }
    for (String n : needles) {
      if (indexOf(lower, length, n.getBytes(StandardCharsets.US_ASCII)) >= 0) {
        return n;
      }
    }
    return null;
  }

  private static int indexOf(byte[] hay, int length, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= length; i++) {
      if (hay[i] != needle[0]) {
        continue;
      }
      for (int j = 1; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Printable UTF-8 (or UTF-16 with a byte-order mark) with no control bytes but whitespace. */
  private static boolean isText(byte[] b) {
    if (b.length == 0) {
      return false;
    }
    if (starts(b, 0xFE, 0xFF) || starts(b, 0xFF, 0xFE)) {
      return true;
    }
    for (int i = 0; i < Math.min(b.length, 4096); i++) {
      int c = b[i] & 0xFF;
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
        return false;
      }
      if (c == 0x7F) {
        return false;
      }
    }
    return true;
  }

  /** The text's start, lower case, after a byte-order mark and whitespace (UTF-16 read crudely as ASCII). */
  private static String textStart(byte[] b) {
    int n = Math.min(b.length, 512);
    var sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int c = b[i] & 0xFF;
      if (c == 0 || c >= 0x80 && sb.isEmpty()) {
        continue; // BOMs and UTF-16 zero bytes
      }
      if (sb.isEmpty() && Character.isWhitespace(c)) {
        continue;
      }
      sb.append((char) c);
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }

  private static boolean contains(byte[] b, int within, String ascii) {
    int n = Math.min(b.length, within);
    byte[] lower = new byte[n];
    for (int i = 0; i < n; i++) {
      byte c = b[i];
      lower[i] = c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c;
    }
    return indexOf(lower, n, ascii.getBytes(StandardCharsets.US_ASCII)) >= 0;
  }

  private static String brand(byte[] b, int offset) {
    if (b.length < offset + 4) {
      return "";
    }
    return new String(b, offset, 4, StandardCharsets.ISO_8859_1);
  }

  private static boolean starts(byte[] b, int... magic) {
    return at(b, 0, magic);
  }

  private static boolean at(byte[] b, int offset, int... magic) {
    if (b.length < offset + magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((b[offset + i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}

package ink.octopost.media;

import ink.octopost.shared.ApiException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code Upload-Metadata} header of tus: comma-separated pairs of a key and its value in
 * base64 (the value may be left out). Octopost reads {@code filename} (or {@code name}, as Uppy
 * sends it) and {@code alt_text}; other keys are kept as sent and echoed, never interpreted.
 */
record UploadMetadata(String raw, String filename, String altText) {

  static final int MAX_FILENAME = 255;
  static final int MAX_ALT_TEXT = 2000;

  static UploadMetadata parse(String header) {
    if (header == null || header.isBlank()) {
      return new UploadMetadata(null, null, null);
    }
    Map<String, byte[]> pairs = new LinkedHashMap<>();
    for (String pair : header.split(",", -1)) {
      String p = pair.strip();
      if (p.isEmpty()) {
        throw bad("an empty pair");
      }
      int space = p.indexOf(' ');
      String key = space < 0 ? p : p.substring(0, space);
      String value = space < 0 ? "" : p.substring(space + 1);
      if (key.isEmpty() || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw bad("a key must be printable ASCII without spaces or commas");
      }
      if (value.contains(" ")) {
        throw bad("the value of '" + key + "' has a space (values are base64)");
      }
      byte[] decoded;
      try {
        decoded = Base64.getDecoder().decode(value);
      } catch (IllegalArgumentException e) {
        throw bad("the value of '" + key + "' is not base64");
      }
      if (pairs.put(key, decoded) != null) {
        throw bad("the key '" + key + "' appears twice");
      }
    }
    String filename = text(pairs, "filename");
    if (filename == null) {
      filename = text(pairs, "name");
    }
    String altText = text(pairs, "alt_text");
    if (filename != null && filename.length() > MAX_FILENAME) {
      throw bad("filename is longer than " + MAX_FILENAME + " characters");
    }
    if (altText != null && altText.length() > MAX_ALT_TEXT) {
      throw bad("alt_text is longer than " + MAX_ALT_TEXT + " characters");
    }
    return new UploadMetadata(header.strip(), filename, altText);
  }

  private static String text(Map<String, byte[]> pairs, String key) {
    byte[] value = pairs.get(key);
    if (value == null || value.length == 0) {
      return null;
    }
    String s;
    try {
      s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(value))
          .toString();
    } catch (CharacterCodingException e) {
      throw bad("the value of '" + key + "' is not UTF-8 text");
    }
    if (s.indexOf('\0') >= 0) {
      throw bad("the value of '" + key + "' contains a NUL character");
    }
    s = s.strip();
    return s.isEmpty() ? null : s;
  }

  private static ApiException bad(String why) {
    return ApiException.badRequest("Malformed Upload-Metadata: " + why
        + " (expected 'key base64value' pairs separated by commas, e.g. 'filename dmlkZW8ubXA0')");
  }
}

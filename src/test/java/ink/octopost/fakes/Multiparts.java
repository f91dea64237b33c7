package ink.octopost.fakes;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A minimal multipart/form-data parser for fakes: name to (content type, bytes). */
public final class Multiparts {

  public record Part(String contentType, String fileName, byte[] bytes) {}

  private Multiparts() {}

  public static Map<String, Part> parse(byte[] body, String boundary) {
    var parts = new LinkedHashMap<String, Part>();
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    int pos = indexOf(body, delimiter, 0);
    while (pos >= 0) {
      int start = pos + delimiter.length;
      if (start + 2 <= body.length && body[start] == '-' && body[start + 1] == '-') {
        break;
      }
      int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
      int next = indexOf(body, delimiter, headersEnd);
      if (headersEnd < 0 || next < 0) {
        break;
      }
      String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
      String name = attr(headers, "name");
      String fileName = attr(headers, "filename");
      String type = "text/plain";
      for (String line : headers.split("\r\n")) {
        if (line.toLowerCase().startsWith("content-type:")) {
          type = line.substring(13).strip();
        }
      }
      int dataStart = headersEnd + 4;
      int dataEnd = next - 2; // the CRLF before the delimiter
      byte[] data = java.util.Arrays.copyOfRange(body, dataStart, Math.max(dataStart, dataEnd));
      if (name != null) {
        parts.put(name, new Part(type, fileName, data));
      }
      pos = next;
    }
    return parts;
  }

  private static String attr(String headers, String attr) {
    var m = java.util.regex.Pattern.compile(";\\s*" + attr + "=\"([^\"]*)\"").matcher(headers);
    return m.find() ? m.group(1) : null;
  }

  private static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}

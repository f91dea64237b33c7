package ink.octopost.media;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code Range} header asks of an object of {@code size} bytes (RFC 9110, section 14).
 * One byte range is answered as such; several ranges are answered with the whole object (200),
 * which the RFC allows and every client handles, where a {@code multipart/byteranges} body is
 * something Meta's fetcher and video players never ask for. A header that is not a valid
 * {@code bytes} range is ignored, as the RFC says.
 */
sealed interface ByteRange {

  /** The whole object, 200. */
  record Whole() implements ByteRange {}

  /** {@code length} bytes from {@code start}, 206. */
  record Slice(long start, long length) implements ByteRange {
    long end() {
      return start + length - 1;
    }
  }

  /** No byte of the range exists, 416. */
  record Unsatisfiable() implements ByteRange {}

  Pattern SPEC = Pattern.compile("\\s*bytes\\s*=\\s*(\\d*)\\s*-\\s*(\\d*)\\s*", Pattern.CASE_INSENSITIVE);

  static ByteRange of(String header, long size) {
    if (header == null || header.contains(",")) {
      return new Whole();
    }
    Matcher m = SPEC.matcher(header);
    if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
      return new Whole();
    }
    if (m.group(1).isEmpty()) { // bytes=-N: the last N bytes
      long suffix = number(m.group(2));
      if (suffix == 0 || size == 0) {
        return new Unsatisfiable();
      }
      long length = Math.min(suffix, size);
      return new Slice(size - length, length);
    }
    long first = number(m.group(1));
    long last = m.group(2).isEmpty() ? Long.MAX_VALUE : number(m.group(2));
    if (last < first) {
      return new Whole(); // invalid: ignored
    }
    if (first >= size) {
      return new Unsatisfiable();
    }
    return new Slice(first, Math.min(last, size - 1) - first + 1);
  }

  /** Digits as a number; more than a long holds is as good as infinite here. */
  private static long number(String digits) {
    String d = digits.replaceFirst("^0+(?=\\d)", "");
    return d.length() > 18 ? Long.MAX_VALUE : Long.parseLong(d);
  }
}

package ink.octopost.shared;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * An opaque keyset cursor: the sort key (time, id) of the last row a page returned. Keyset
 * paging neither skips nor repeats rows when new ones are inserted between pages.
 */
public record Cursor(Instant at, String id) {

  /** The cursor that continues after this row. */
  public static String after(Instant at, String id) {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at);
    String raw = micros + ":" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Parses a client's cursor; anything we did not issue is a 400. */
  public static Cursor parse(String cursor) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int colon = raw.indexOf(':');
      long micros = Long.parseLong(raw.substring(0, colon));
      String id = raw.substring(colon + 1);
      if (id.isEmpty() || id.length() > 64 || !id.matches("[a-z]+_[A-Za-z0-9_]+")) {
        throw new IllegalArgumentException();
      }
      return new Cursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id);
    } catch (RuntimeException e) {
      throw ApiException.badRequest("Invalid cursor: use the next_cursor value of a previous page");
    }
  }

  /** Validates {@code limit} (1 to 100, default 20) the way every list does. */
  public static int limit(Integer limit) {
    if (limit == null) {
      return 20;
    }
    if (limit < 1 || limit > 100) {
      throw ApiException.badRequest("limit must be between 1 and 100");
    }
    return limit;
  }
}

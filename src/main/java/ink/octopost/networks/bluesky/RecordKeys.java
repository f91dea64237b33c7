package ink.octopost.networks.bluesky;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * Record keys and AT URIs. The connector chooses each post's record key from the publication's
 * idempotency key, so every attempt of one post writes the same {@code at://} URI and a retry
 * after a lost answer cannot create a second post.
 */
final class RecordKeys {

  private RecordKeys() {}

  private static final String BASE32_SORTABLE = "234567abcdefghijklmnopqrstuvwxyz";

  /** https://atproto.com/specs/tid: 13 characters, the top bit of the 64-bit value always 0. */
  static final Pattern TID = Pattern.compile("^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$");

  /** 2023-01-01T00:00:00Z in microseconds: TIDs derived here all read as a time after Bluesky's launch. */
  private static final long EPOCH_2023_MICROS = 1_672_531_200_000_000L;

  /**
   * A valid TID derived from {@code idempotencyKey} alone (SHA-256). {@code app.bsky.feed.post}
   * requires TID record keys; the reference PDS checks their syntax, not their time. The 53-bit
   * timestamp is 2023 plus 48 hashed bits of microseconds (at most about 9 years), the 10-bit
   * clock id is hashed too: 58 bits that differ between keys. Its time is therefore not the post's
   * time, which Bluesky takes from {@code createdAt}.
   */
  static String tid(String idempotencyKey) {
    var h = ByteBuffer.wrap(sha256(idempotencyKey));
    long micros = EPOCH_2023_MICROS + (h.getLong() >>> 16);
    long clockId = h.getShort() & 0x3FF;
    return encode((micros << 10) | clockId);
  }

  static String encode(long value) {
    char[] out = new char[13];
    long v = value;
    for (int i = 12; i >= 0; i--) {
      out[i] = BASE32_SORTABLE.charAt((int) (v & 31));
      v >>>= 5;
    }
    return new String(out);
  }

  /** {@code at://{repo}/{collection}/{rkey}}. */
  static String uri(String repo, String collection, String rkey) {
    return "at://" + repo + "/" + collection + "/" + rkey;
  }

  /** The parts of a record's AT URI. */
  record AtUri(String repo, String collection, String rkey) {}

  /** Parses {@code at://repo/collection/rkey}; throws IllegalArgumentException otherwise. */
  static AtUri parse(String uri) {
    if (uri == null || !uri.startsWith("at://")) {
      throw new IllegalArgumentException("not an AT URI: " + uri);
    }
    String[] parts = uri.substring(5).split("/");
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
      throw new IllegalArgumentException("not a record's AT URI: " + uri);
    }
    return new AtUri(parts[0], parts[1], parts[2]);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

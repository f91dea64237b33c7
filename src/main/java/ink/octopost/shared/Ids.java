package ink.octopost.shared;

import java.security.SecureRandom;

/** Prefixed random identifiers ({@code post_...}, {@code key_...}) and base62 secrets. */
public final class Ids {

  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  /** {@code prefix_} followed by 22 base62 characters (about 131 random bits). */
  public static String newId(String prefix) {
    return prefix + "_" + base62(22);
  }

  /** {@code length} uniformly random base62 characters from a strong source. */
  public static String base62(int length) {
    var out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = BASE62[RANDOM.nextInt(BASE62.length)];
    }
    return new String(out);
  }

  public static boolean isBase62(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
        return false;
      }
    }
    return true;
  }
}

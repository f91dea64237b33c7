package ink.octopost.auth;

import ink.octopost.shared.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/** The key format: {@code oct_live_} or {@code oct_test_} and 32 base62 characters. */
final class ApiKeys {

  private static final Pattern FORMAT = Pattern.compile("oct_(live|test)_[0-9A-Za-z]{32}");

  private ApiKeys() {}

  static boolean wellFormed(String key) {
    return key != null && FORMAT.matcher(key).matches();
  }

  static String generate(KeyMode mode) {
    return "oct_" + mode.wire() + "_" + Ids.base62(32);
  }

  static KeyMode modeOf(String key) {
    return key.startsWith("oct_test_") ? KeyMode.TEST : KeyMode.LIVE;
  }

  /** {@code oct_live_…a1B2}: enough to recognise a key, useless to an attacker. */
  static String hint(String key) {
    return key.substring(0, 9) + "…" + key.substring(key.length() - 4);
  }

  static byte[] hash(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

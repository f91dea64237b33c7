package ink.octopost.media;

/**
 * Why a file cannot enter the library or be fitted to a network, in words for the user (shown as
 * the 4xx message or as a failed media object's {@code error}).
 */
final class MediaRefused extends Exception {

  private final String code;

  MediaRefused(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  /** A stable machine-readable reason: {@code unsupported_type}, {@code corrupt}, {@code too_many_pixels}, ... */
  String code() {
    return code;
  }
}

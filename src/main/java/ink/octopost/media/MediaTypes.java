package ink.octopost.media;

/** MIME types from magic numbers: what the bytes are, whatever the URL or server claims. */
public final class MediaTypes {

  private MediaTypes() {}

  public static String sniff(byte[] b) {
    if (starts(b, 0xFF, 0xD8, 0xFF)) {
      return "image/jpeg";
    }
    if (starts(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return "image/png";
    }
    if (starts(b, 'G', 'I', 'F', '8')) {
      return "image/gif";
    }
    if (starts(b, 'R', 'I', 'F', 'F') && at(b, 8, 'W', 'E', 'B', 'P')) {
      return "image/webp";
    }
    if (at(b, 4, 'f', 't', 'y', 'p')) {
      if (at(b, 8, 'q', 't', ' ', ' ')) {
        return "video/quicktime";
      }
      if (at(b, 8, 'h', 'e', 'i', 'c') || at(b, 8, 'h', 'e', 'i', 'x')) {
        return "image/heic";
      }
      if (at(b, 8, 'a', 'v', 'i', 'f')) {
        return "image/avif";
      }
      return "video/mp4";
    }
    if (starts(b, 0x1A, 0x45, 0xDF, 0xA3)) {
      return "video/webm";
    }
    return "application/octet-stream";
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

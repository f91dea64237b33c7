package ink.octopost.media;

import ink.octopost.shared.ApiException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * The tus checksum extension: {@code Upload-Checksum: <algorithm> <base64 digest>} of one PATCH's
 * body. The digest is computed while the bytes stream to disk; a mismatch discards the chunk.
 */
final class ChunkChecksum {

  /** The algorithms offered, in the order {@code Tus-Checksum-Algorithm} lists them. */
  static final Map<String, String> ALGORITHMS = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>() {
    {
      put("sha1", "SHA-1");
      put("md5", "MD5");
      put("sha256", "SHA-256");
      put("sha512", "SHA-512");
    }
  });

  private final String algorithm;
  private final byte[] expected;
  private final MessageDigest digest;

  private ChunkChecksum(String algorithm, byte[] expected, MessageDigest digest) {
    this.algorithm = algorithm;
    this.expected = expected;
    this.digest = digest;
  }

  /** The checksum a PATCH announced, or null when it sent none. */
  static ChunkChecksum parse(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String[] parts = header.strip().split(" +");
    if (parts.length != 2) {
      throw ApiException.badRequest("Malformed Upload-Checksum: expected '<algorithm> <base64 digest>', e.g. 'sha1 Kq5sNclPz7QV2+lfQIuc6R7oRu0='");
    }
    String algorithm = parts[0].toLowerCase(java.util.Locale.ROOT);
    String jca = ALGORITHMS.get(algorithm);
    if (jca == null) {
      throw ApiException.badRequest("Unsupported checksum algorithm '" + parts[0] + "': use one of " + String.join(", ", ALGORITHMS.keySet()));
    }
    byte[] expected;
    try {
      expected = Base64.getDecoder().decode(parts[1]);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("Malformed Upload-Checksum: the digest is not base64");
    }
    try {
      MessageDigest digest = MessageDigest.getInstance(jca);
      if (expected.length != digest.getDigestLength()) {
        throw ApiException.badRequest("Malformed Upload-Checksum: a " + algorithm + " digest is " + digest.getDigestLength() + " bytes");
      }
      return new ChunkChecksum(algorithm, expected, digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  void update(byte[] buf, int off, int len) {
    digest.update(buf, off, len);
  }

  boolean matches() {
    return MessageDigest.isEqual(digest.digest(), expected);
  }

  String algorithm() {
    return algorithm;
  }
}

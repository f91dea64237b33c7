package ink.octopost.shared;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets at rest with AES-256-GCM. A sealed value is {@code version(1) | nonce(12) |
 * ciphertext+tag}; a fresh random nonce per value, and the caller's {@code context} (for example
 * the row id) bound in as associated data, so a sealed value copied to another row does not open.
 */
public final class SecretBox {

  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  public SecretBox(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("the secret key must be 32 bytes (AES-256)");
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
  }

  public byte[] seal(byte[] plaintext, String context) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(context.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext);
      return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length)
          .put(VERSION)
          .put(nonce)
          .put(sealed)
          .array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /**
   * A 32-byte key for one purpose, derived from the secret key (HMAC-SHA256 of {@code purpose}):
   * the same on every node that shares the secret key, and useless for opening sealed values.
   */
  public byte[] derive(String purpose) {
    try {
      var mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
      return mac.doFinal(purpose.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  /**
   * Opens a sealed value.
   *
   * @throws WrongKeyException when the value was sealed under another key or context, or altered
   */
  public byte[] open(byte[] sealed, String context) {
    if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
      throw new WrongKeyException();
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
      cipher.updateAAD(context.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw new WrongKeyException();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** The value does not open under this key: a different key, another row's value, or tampering. */
  public static final class WrongKeyException extends RuntimeException {
    WrongKeyException() {
      super("sealed value does not open under the configured secret key", null, false, false);
    }
  }
}

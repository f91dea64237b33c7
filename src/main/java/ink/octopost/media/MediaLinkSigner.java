package ink.octopost.media;

import ink.octopost.shared.OctopostProperties;
import ink.octopost.shared.SecretBox;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Signs media links as {@code <public url>/media/<id>/<signature>}. The signature is base64url of
 * {@code version(1) | expiry(8, epoch seconds) | variant length(1) | variant | HMAC-SHA256}, the
 * HMAC taken over everything before it and the media id, so neither the id, the variant nor the
 * expiry can be changed, and a signature moved to another id does not verify. The HMAC key is
 * derived from the server's secret key: every node that shares the secret key signs and verifies
 * the same links, and the key that seals credentials is never used for anything else.
 */
@Component
class MediaLinkSigner implements SignedMediaUrls {

  private static final byte VERSION = 1;
  private static final int MAC_BYTES = 32;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern VARIANT = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final SecretKeySpec key;
  private final String base;
  private final MediaProperties media;
  private final Clock clock;

  MediaLinkSigner(SecretBox secrets, OctopostProperties octopost, MediaProperties media, Clock clock) {
    this.key = new SecretKeySpec(secrets.derive("octopost media urls v1"), "HmacSHA256");
    this.base = octopost.publicUrl().replaceAll("/+$", "");
    this.media = media;
    this.clock = clock;
  }

  @Override
  public URI url(String mediaId, String variant) {
    return url(mediaId, variant, clock.instant().plus(media.urlTtl()));
  }

  @Override
  public URI url(String mediaId, String variant, Instant expiresAt) {
    if (!ID.matcher(mediaId).matches() || variant != null && !VARIANT.matcher(variant).matches()) {
      throw new IllegalArgumentException("not a media id or variant: " + mediaId + ", " + variant);
    }
    byte[] payload = payload(expiresAt.getEpochSecond(), variant);
    byte[] signature = ByteBuffer.allocate(payload.length + MAC_BYTES).put(payload).put(mac(payload, mediaId)).array();
    return URI.create(base + "/media/" + mediaId + "/" + ENCODER.encodeToString(signature));
  }

  @Override
  public Optional<Grant> verify(String mediaId, String signature, Instant now) {
    if (mediaId == null || signature == null || !ID.matcher(mediaId).matches() || signature.length() > 400) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(signature);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (bytes.length < 1 + 8 + 1 + MAC_BYTES || bytes[0] != VERSION) {
      return Optional.empty();
    }
    int variantLength = bytes[9] & 0xFF;
    int payloadLength = 1 + 8 + 1 + variantLength;
    if (bytes.length != payloadLength + MAC_BYTES) {
      return Optional.empty();
    }
    byte[] payload = java.util.Arrays.copyOf(bytes, payloadLength);
    byte[] given = java.util.Arrays.copyOfRange(bytes, payloadLength, bytes.length);
    if (!MessageDigest.isEqual(given, mac(payload, mediaId))) {
      return Optional.empty();
    }
    Instant expiresAt = Instant.ofEpochSecond(ByteBuffer.wrap(bytes, 1, 8).getLong());
    if (!now.isBefore(expiresAt)) {
      return Optional.empty();
    }
    String variant = variantLength == 0 ? null : new String(bytes, 10, variantLength, StandardCharsets.UTF_8);
    return Optional.of(new Grant(mediaId, variant, expiresAt));
  }

  private static byte[] payload(long expiry, String variant) {
    byte[] v = variant == null ? new byte[0] : variant.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + 8 + 1 + v.length).put(VERSION).putLong(expiry).put((byte) v.length).put(v).array();
  }

  private byte[] mac(byte[] payload, String mediaId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(payload);
      return mac.doFinal(mediaId.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}

package ink.octopost.media;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * Signed, expiring public links to media: {@code <public url>/media/<id>/<signature>}, where the
 * signature carries the variant and the expiry and an HMAC over both and the id, keyed from the
 * server's secret key (the same on every node).
 */
public interface SignedMediaUrls {

  /** A link to {@code mediaId}'s original ({@code variant} null) or one fitted variant, valid until {@code expiresAt}. */
  URI url(String mediaId, String variant, Instant expiresAt);

  /** A link valid for the configured time ({@code OCTOPOST_MEDIA_URL_TTL}, 24 hours by default) from now. */
  URI url(String mediaId, String variant);

  /** What a signature grants, if it is genuine and unexpired at {@code now}. */
  Optional<Grant> verify(String mediaId, String signature, Instant now);

  /** @param variant null for the original */
  record Grant(String mediaId, String variant, Instant expiresAt) {}
}

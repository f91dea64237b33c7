package ink.octopost.media;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.shared.OctopostProperties;
import ink.octopost.shared.SecretBox;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Signing and verifying media links, without a server: what holds across nodes and against any input. */
class MediaLinkSignerTest {

  private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

  private static MediaLinkSigner node(byte[] secret, String publicUrl) {
    var media = new MediaProperties(null, null, null, null, 1, false, Duration.ofHours(24), Duration.ofDays(30),
        Duration.ofMinutes(5), null);
    return new MediaLinkSigner(new SecretBox(secret), new OctopostProperties(Path.of("data"), publicUrl, null, null),
        media, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static byte[] secret(int seed) {
    byte[] key = new byte[32];
    new SplittableRandom(seed).nextBytes(key);
    return key;
  }

  private static String signature(URI link) {
    String path = link.getRawPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }

  @Test
  void aLinkFromOneNode_verifiesOnAnotherWithTheSameSecretKey_andNowhereElse() {
    var a = node(secret(1), "https://octopost.example/");
    var b = node(secret(1), "https://octopost.example");
    var stranger = node(secret(2), "https://octopost.example");

    URI link = a.url("med_abc", "instagram:pad");
    assertThat(link.toString()).startsWith("https://octopost.example/media/med_abc/");
    assertThat(b.verify("med_abc", signature(link), NOW))
        .hasValue(new SignedMediaUrls.Grant("med_abc", "instagram:pad", NOW.plus(Duration.ofHours(24))));
    assertThat(stranger.verify("med_abc", signature(link), NOW)).isEmpty();
  }

  @Test
  void theOriginal_hasNoVariant_andALinkEndsAtItsExpiry() {
    var node = node(secret(1), "http://localhost:8080");
    Instant expiry = NOW.plusSeconds(60);
    String sig = signature(node.url("med_abc", null, expiry));
    assertThat(node.verify("med_abc", sig, expiry.minusSeconds(1))).hasValueSatisfying(g -> assertThat(g.variant()).isNull());
    assertThat(node.verify("med_abc", sig, expiry)).isEmpty();
    assertThat(node.verify("med_abd", sig, NOW)).isEmpty();
  }

  @Test
  void everyAlteredByte_andAnyGarbage_isRefused_neverThrown() {
    var node = node(secret(1), "http://localhost:8080");
    byte[] genuine = Base64.getUrlDecoder().decode(signature(node.url("med_abc", "bluesky")));
    for (int i = 0; i < genuine.length; i++) {
      byte[] altered = genuine.clone();
      altered[i] ^= 0x01;
      assertThat(node.verify("med_abc", Base64.getUrlEncoder().withoutPadding().encodeToString(altered), NOW)).as("byte %d", i).isEmpty();
    }
    var random = new SplittableRandom(7);
    for (int i = 0; i < 2_000; i++) {
      byte[] junk = new byte[random.nextInt(0, 120)];
      random.nextBytes(junk);
      if (junk.length > 0) {
        junk[0] = 1; // the right version byte, so the parser goes further
      }
      assertThat(node.verify("med_abc", Base64.getUrlEncoder().withoutPadding().encodeToString(junk), NOW)).isEmpty();
    }
    for (String s : new String[] {"", "=", "%%%", "a".repeat(5_000), "\u0000", "AQ"}) {
      assertThat(node.verify("med_abc", s, NOW)).isEmpty();
    }
    assertThat(node.verify("../etc", signature(node.url("med_abc", null)), NOW)).isEmpty();
    assertThat(node.verify(null, null, NOW)).isEmpty();
  }
}

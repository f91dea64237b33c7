package ink.octopost.networks.bluesky;

import ink.octopost.networks.MediaRules;
import ink.octopost.networks.NetworkCapabilities;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.Platform;
import ink.octopost.networks.TextCounting;
import ink.octopost.networks.TextRules;
import ink.octopost.networks.ThreadStyle;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Bluesky: 300 graphemes and 3000 bytes, 4 images or 1 video, reply-chain threads (networks.md 2.5, 2.6). */
@Component
class BlueskyConnector implements NetworkConnector {

  static final TextRules TEXT = TextRules.of(300, "graphemes", TextCounting::graphemes).withMaxBytes(3000);

  static final NetworkCapabilities CAPABILITIES = new NetworkCapabilities(
      Platform.BLUESKY,
      /* text */ TEXT,
      /* caption */ TEXT,
      /* title */ null,
      new MediaRules(
          /* maxImages */ 4,
          /* maxImageBytes */ 1_000_000L,
          Set.of("image/jpeg", "image/png", "image/webp", "image/gif"),
          /* maxVideos */ 1,
          /* maxVideoBytes */ 100_000_000L,
          Set.of("video/mp4"),
          /* mixImagesAndVideo */ false,
          MediaRules.Required.NOTHING,
          /* maxAltText */ 2000),
      ThreadStyle.REPLY_CHAIN,
      /* idempotentPublish */ true,
      /* asyncMediaProcessing */ true,
      /* canDelete */ true);

  @Override
  public Platform platform() {
    return Platform.BLUESKY;
  }

  @Override
  public NetworkCapabilities capabilities() {
    return CAPABILITIES;
  }
}

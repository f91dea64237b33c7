package ink.octopost.networks.instagram;

import ink.octopost.networks.MediaRules;
import ink.octopost.networks.NetworkCapabilities;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.Platform;
import ink.octopost.networks.TextCounting;
import ink.octopost.networks.TextRules;
import ink.octopost.networks.ThreadStyle;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Instagram: media required, 2200-character caption, carousels of 10, no delete (networks.md 6.1, 6.2, 6.4). */
@Component
class InstagramConnector implements NetworkConnector {

  static final TextRules TEXT = TextRules.of(2200, "characters", TextCounting::utf16Units);

  static final NetworkCapabilities CAPABILITIES = new NetworkCapabilities(
      Platform.INSTAGRAM,
      /* text */ TEXT,
      /* caption */ TEXT,
      /* title */ null,
      new MediaRules(
          /* maxImages */ 10,
          /* maxImageBytes */ 8_000_000L,
          Set.of("image/jpeg"),
          /* maxVideos */ 1,
          /* maxVideoBytes */ 300_000_000L,
          Set.of("video/mp4", "video/quicktime"),
          /* mixImagesAndVideo */ true,
          MediaRules.Required.ANY_MEDIA,
          /* maxAltText */ 1000),
      ThreadStyle.NONE,
      /* idempotentPublish */ false,
      /* asyncMediaProcessing */ true,
      /* canDelete */ false);

  @Override
  public Platform platform() {
    return Platform.INSTAGRAM;
  }

  @Override
  public NetworkCapabilities capabilities() {
    return CAPABILITIES;
  }
}

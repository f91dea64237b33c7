package ink.octopost.networks.tiktok;

import ink.octopost.networks.MediaRules;
import ink.octopost.networks.NetworkCapabilities;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.Platform;
import ink.octopost.networks.TextCounting;
import ink.octopost.networks.TextRules;
import ink.octopost.networks.ThreadStyle;
import java.util.Set;
import org.springframework.stereotype.Component;

/** TikTok: media required, 2200-character caption, a video or up to 35 photos (networks.md 8.2, 8.3). */
@Component
class TikTokConnector implements NetworkConnector {

  static final TextRules TEXT = TextRules.of(2200, "characters", TextCounting::utf16Units);

  static final NetworkCapabilities CAPABILITIES = new NetworkCapabilities(
      Platform.TIKTOK,
      /* text */ TEXT,
      /* caption */ TEXT,
      /* title */ null,
      new MediaRules(
          /* maxImages */ 35,
          /* maxImageBytes */ 20_000_000L,
          Set.of("image/jpeg", "image/webp"),
          /* maxVideos */ 1,
          /* maxVideoBytes */ 4_000_000_000L,
          Set.of("video/mp4", "video/webm", "video/quicktime"),
          /* mixImagesAndVideo */ false,
          MediaRules.Required.ANY_MEDIA,
          /* maxAltText */ 0),
      ThreadStyle.NONE,
      /* idempotentPublish */ false,
      /* asyncMediaProcessing */ true,
      /* canDelete */ false);

  @Override
  public Platform platform() {
    return Platform.TIKTOK;
  }

  @Override
  public NetworkCapabilities capabilities() {
    return CAPABILITIES;
  }
}

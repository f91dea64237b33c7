package ink.octopost.networks.linkedin;

import ink.octopost.networks.MediaRules;
import ink.octopost.networks.NetworkCapabilities;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.Platform;
import ink.octopost.networks.TextCounting;
import ink.octopost.networks.TextRules;
import ink.octopost.networks.ThreadStyle;
import java.util.Set;
import org.springframework.stereotype.Component;

/** LinkedIn: 3000 characters, up to 20 images or 1 video, no threads (networks.md 4.2, 4.4, 4.5). */
@Component
class LinkedInConnector implements NetworkConnector {

  static final TextRules TEXT = TextRules.of(3000, "characters", TextCounting::utf16Units);

  /** networks.md 4.5 (third-party summary): fewer than 36,152,320 pixels. */
  static final MediaRules.ImageLimits IMAGES = new MediaRules.ImageLimits(0, 0, 36_152_319L, 0, 0);

  /** networks.md 4.5 (third-party summary): 3 s to 30 min, aspect 1:2.4 to 2.4:1. */
  static final MediaRules.VideoLimits VIDEOS = new MediaRules.VideoLimits(3, 1800, 0, Set.of(), 1 / 2.4, 2.4, 0, 0);

  static final NetworkCapabilities CAPABILITIES = new NetworkCapabilities(
      Platform.LINKEDIN,
      /* text */ TEXT,
      /* caption */ TEXT,
      /* title */ null,
      new MediaRules(
          /* maxImages */ 20,
          /* maxImageBytes */ 5_000_000L,
          Set.of("image/jpeg", "image/png", "image/gif"),
          /* maxVideos */ 1,
          /* maxVideoBytes */ 500_000_000L,
          Set.of("video/mp4"),
          /* mixImagesAndVideo */ false,
          MediaRules.Required.NOTHING,
          /* maxAltText */ 4086)
          .withImages(IMAGES)
          .withVideos(VIDEOS),
      ThreadStyle.NONE,
      /* idempotentPublish */ false,
      /* asyncMediaProcessing */ true,
      /* canDelete */ true);

  @Override
  public Platform platform() {
    return Platform.LINKEDIN;
  }

  @Override
  public NetworkCapabilities capabilities() {
    return CAPABILITIES;
  }
}

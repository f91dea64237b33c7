package ink.octopost.networks.facebook;

import ink.octopost.networks.MediaRules;
import ink.octopost.networks.NetworkCapabilities;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.Platform;
import ink.octopost.networks.TextCounting;
import ink.octopost.networks.TextRules;
import ink.octopost.networks.ThreadStyle;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Facebook Pages: 63,206 characters, photos or one video, no threads (networks.md 7.2, 7.3). */
@Component
class FacebookConnector implements NetworkConnector {

  static final TextRules TEXT = TextRules.of(63_206, "characters", TextCounting::utf16Units);

  /** networks.md 7.3 gives only the 4 MB photo size (unconfirmed); no pixel, aspect or video limits. */
  static final MediaRules.ImageLimits IMAGES = MediaRules.ImageLimits.NONE;

  static final MediaRules.VideoLimits VIDEOS = MediaRules.VideoLimits.NONE;

  static final NetworkCapabilities CAPABILITIES = new NetworkCapabilities(
      Platform.FACEBOOK,
      /* text */ TEXT,
      /* caption */ TEXT,
      /* title */ null,
      new MediaRules(
          /* maxImages */ 10,
          /* maxImageBytes */ 4_000_000L,
          Set.of("image/jpeg", "image/png"),
          /* maxVideos */ 1,
          /* maxVideoBytes */ 10_000_000_000L,
          Set.of("video/mp4", "video/quicktime"),
          /* mixImagesAndVideo */ false,
          MediaRules.Required.NOTHING,
          /* maxAltText */ 0)
          .withImages(IMAGES)
          .withVideos(VIDEOS)
          .pullingMedia(),
      ThreadStyle.NONE,
      /* idempotentPublish */ false,
      /* asyncMediaProcessing */ false,
      /* canDelete */ true);

  @Override
  public Platform platform() {
    return Platform.FACEBOOK;
  }

  @Override
  public NetworkCapabilities capabilities() {
    return CAPABILITIES;
  }
}

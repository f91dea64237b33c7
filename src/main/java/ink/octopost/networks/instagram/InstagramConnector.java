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

  /** networks.md 6.2 and the 2207009 error (6.3): feed images 4:5 to 1.91:1, at most 1440 wide (320 at least). */
  static final MediaRules.ImageLimits IMAGES = new MediaRules.ImageLimits(1440, 0, 0, 4.0 / 5, 1.91);

  /** networks.md 6.2: reels (every single video is one since 2023) 3 s to 15 min; no aspect range given. */
  static final MediaRules.VideoLimits VIDEOS = new MediaRules.VideoLimits(3, 900, 0, Set.of(), 0, 0, 0, 0);

  /**
   * Stories (media_type=STORIES, Business accounts only, networks.md 6.1) are 9:16, images and
   * videos alike: limits for a story option, when Instagram publishing offers one. The feed limits
   * above are what every Instagram post is checked against today.
   */
  static final MediaRules.ImageLimits STORY_IMAGES = new MediaRules.ImageLimits(0, 0, 0, 9.0 / 16, 9.0 / 16);

  static final MediaRules.VideoLimits STORY_VIDEOS = new MediaRules.VideoLimits(0, 0, 0, Set.of(), 9.0 / 16, 9.0 / 16, 0, 0);

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
          /* maxAltText */ 1000)
          .withImages(IMAGES)
          .withVideos(VIDEOS)
          .pullingMedia(),
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

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

  /** networks.md 8.3 gives no pixel limits for photos. */
  static final MediaRules.ImageLimits IMAGES = MediaRules.ImageLimits.NONE;

  /**
   * networks.md 8.3 (third-party, unconfirmed): 3 s to 10 min (a creator's max_video_post_duration_sec
   * may be less), 23-60 fps, 360-4096 pixels a side.
   */
  static final MediaRules.VideoLimits VIDEOS = new MediaRules.VideoLimits(3, 600, 60, Set.of(), 0, 0, 4096, 4096);

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
          /* maxAltText */ 0)
          .withImages(IMAGES)
          .withVideos(VIDEOS)
          .pullingMedia(),
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

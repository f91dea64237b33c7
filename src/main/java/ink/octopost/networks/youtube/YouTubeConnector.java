package ink.octopost.networks.youtube;

import ink.octopost.networks.MediaRules;
import ink.octopost.networks.NetworkCapabilities;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.Platform;
import ink.octopost.networks.TextCounting;
import ink.octopost.networks.TextRules;
import ink.octopost.networks.ThreadStyle;
import java.util.Set;
import org.springframework.stereotype.Component;

/** YouTube: one video with a 100-character title and a 5000-character description (networks.md 9.2, 9.3). */
@Component
class YouTubeConnector implements NetworkConnector {

  /** The description: 5000 characters, and 5000 bytes as the Data API states it. */
  static final TextRules DESCRIPTION =
      TextRules.of(5000, "characters", TextCounting::utf16Units).withMaxBytes(5000);

  static final TextRules TITLE = TextRules.of(100, "characters", TextCounting::utf16Units);

  static final MediaRules.ImageLimits IMAGES = MediaRules.ImageLimits.NONE;

  /** networks.md 9.3 (third-party, unconfirmed): 12 h for verified channels (15 min otherwise: YouTube says so). */
  static final MediaRules.VideoLimits VIDEOS = new MediaRules.VideoLimits(0, 12 * 3600, 0, Set.of(), 0, 0, 0, 0);

  static final NetworkCapabilities CAPABILITIES = new NetworkCapabilities(
      Platform.YOUTUBE,
      /* text */ DESCRIPTION,
      /* caption */ DESCRIPTION,
      /* title */ TITLE,
      new MediaRules(
          /* maxImages */ 0,
          /* maxImageBytes */ 0L,
          Set.of(),
          /* maxVideos */ 1,
          /* maxVideoBytes */ 256_000_000_000L,
          Set.of("video/mp4", "video/quicktime", "video/webm", "video/x-msvideo", "video/x-matroska",
              "video/mpeg", "video/3gpp", "video/x-flv", "video/x-ms-wmv", "application/octet-stream"),
          /* mixImagesAndVideo */ false,
          MediaRules.Required.VIDEO,
          /* maxAltText */ 0)
          .withImages(IMAGES)
          .withVideos(VIDEOS),
      ThreadStyle.NONE,
      /* idempotentPublish */ false,
      /* asyncMediaProcessing */ true,
      /* canDelete */ true);

  @Override
  public Platform platform() {
    return Platform.YOUTUBE;
  }

  @Override
  public NetworkCapabilities capabilities() {
    return CAPABILITIES;
  }
}

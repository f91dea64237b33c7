package ink.octopost.networks.discord;

import ink.octopost.networks.MediaRules;
import ink.octopost.networks.NetworkCapabilities;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.Platform;
import ink.octopost.networks.TextCounting;
import ink.octopost.networks.TextRules;
import ink.octopost.networks.ThreadStyle;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Discord: 2000 characters, files of 10 MiB, follow-up messages (networks.md 10.2, 10.3). */
@Component
class DiscordConnector implements NetworkConnector {

  static final TextRules TEXT = TextRules.of(2000, "characters", TextCounting::utf16Units);

  static final NetworkCapabilities CAPABILITIES = new NetworkCapabilities(
      Platform.DISCORD,
      /* text */ TEXT,
      /* caption */ TEXT,
      /* title */ null,
      new MediaRules(
          /* maxImages */ 10,
          /* maxImageBytes */ 10_485_760L,
          Set.of("image/jpeg", "image/png", "image/gif", "image/webp"),
          /* maxVideos */ 1,
          /* maxVideoBytes */ 10_485_760L,
          Set.of("video/mp4", "video/webm", "video/quicktime"),
          /* mixImagesAndVideo */ true,
          MediaRules.Required.NOTHING,
          /* maxAltText */ 1024),
      ThreadStyle.FOLLOW_UP,
      /* idempotentPublish */ false,
      /* asyncMediaProcessing */ false,
      /* canDelete */ true);

  @Override
  public Platform platform() {
    return Platform.DISCORD;
  }

  @Override
  public NetworkCapabilities capabilities() {
    return CAPABILITIES;
  }
}

package ink.octopost.networks.slack;

import ink.octopost.networks.MediaRules;
import ink.octopost.networks.NetworkCapabilities;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.Platform;
import ink.octopost.networks.TextCounting;
import ink.octopost.networks.TextRules;
import ink.octopost.networks.ThreadStyle;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Slack: text required, 40,000 characters, thread replies as follow-ups (networks.md 11.2, 11.3). */
@Component
class SlackConnector implements NetworkConnector {

  static final TextRules TEXT = TextRules.of(40_000, "characters", TextCounting::utf16Units).requiredText();

  static final NetworkCapabilities CAPABILITIES = new NetworkCapabilities(
      Platform.SLACK,
      /* text */ TEXT,
      /* caption */ TEXT,
      /* title */ null,
      new MediaRules(
          /* maxImages */ 10,
          /* maxImageBytes */ 1_000_000_000L,
          Set.of("image/jpeg", "image/png", "image/gif", "image/webp"),
          /* maxVideos */ 1,
          /* maxVideoBytes */ 1_000_000_000L,
          Set.of("video/mp4", "video/quicktime", "video/webm"),
          /* mixImagesAndVideo */ true,
          MediaRules.Required.NOTHING,
          /* maxAltText */ 0),
      ThreadStyle.FOLLOW_UP,
      /* idempotentPublish */ false,
      /* asyncMediaProcessing */ false,
      /* canDelete */ true);

  @Override
  public Platform platform() {
    return Platform.SLACK;
  }

  @Override
  public NetworkCapabilities capabilities() {
    return CAPABILITIES;
  }
}

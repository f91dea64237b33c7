package ink.octopost.networks.telegram;

import ink.octopost.networks.MediaRules;
import ink.octopost.networks.NetworkCapabilities;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.Platform;
import ink.octopost.networks.TextCounting;
import ink.octopost.networks.TextRules;
import ink.octopost.networks.ThreadStyle;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Telegram: 4096-character messages, 1024-character captions, albums of 10 (networks.md 12.2, 12.3). */
@Component
class TelegramConnector implements NetworkConnector {

  static final TextRules TEXT = TextRules.of(4096, "characters", TextCounting::utf16Units).requiredText();

  static final TextRules CAPTION = TextRules.of(1024, "characters", TextCounting::utf16Units);

  static final NetworkCapabilities CAPABILITIES = new NetworkCapabilities(
      Platform.TELEGRAM,
      /* text */ TEXT,
      /* caption */ CAPTION,
      /* title */ null,
      new MediaRules(
          /* maxImages */ 10,
          /* maxImageBytes */ 10_000_000L,
          Set.of("image/jpeg", "image/png", "image/webp"),
          /* maxVideos */ 1,
          /* maxVideoBytes */ 50_000_000L,
          Set.of("video/mp4"),
          /* mixImagesAndVideo */ true,
          MediaRules.Required.NOTHING,
          /* maxAltText */ 0),
      ThreadStyle.FOLLOW_UP,
      /* idempotentPublish */ false,
      /* asyncMediaProcessing */ false,
      /* canDelete */ true);

  @Override
  public Platform platform() {
    return Platform.TELEGRAM;
  }

  @Override
  public NetworkCapabilities capabilities() {
    return CAPABILITIES;
  }
}

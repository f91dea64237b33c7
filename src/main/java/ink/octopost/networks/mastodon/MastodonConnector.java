package ink.octopost.networks.mastodon;

import ink.octopost.networks.MediaRules;
import ink.octopost.networks.NetworkCapabilities;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.Platform;
import ink.octopost.networks.TextRules;
import ink.octopost.networks.ThreadStyle;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Mastodon: 500 graphemes with URLs as 23 and remote mentions as local, 4 attachments (networks.md 3.4, 3.5). */
@Component
class MastodonConnector implements NetworkConnector {

  static final TextRules TEXT = TextRules.of(500, "characters", StatusLength::count);

  static final NetworkCapabilities CAPABILITIES = new NetworkCapabilities(
      Platform.MASTODON,
      /* text */ TEXT,
      /* caption */ TEXT,
      /* title */ null,
      new MediaRules(
          /* maxImages */ 4,
          /* maxImageBytes */ 16_777_216L,
          Set.of("image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/heif", "image/avif"),
          /* maxVideos */ 1,
          /* maxVideoBytes */ 103_809_024L,
          Set.of("video/mp4", "video/webm", "video/quicktime", "video/ogg"),
          /* mixImagesAndVideo */ false,
          MediaRules.Required.NOTHING,
          /* maxAltText */ 1500),
      ThreadStyle.REPLY_CHAIN,
      /* idempotentPublish */ true,
      /* asyncMediaProcessing */ true,
      /* canDelete */ true);

  @Override
  public Platform platform() {
    return Platform.MASTODON;
  }

  @Override
  public NetworkCapabilities capabilities() {
    return CAPABILITIES;
  }
}

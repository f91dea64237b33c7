package ink.octopost.networks.twitter;

import com.twitter.twittertext.TwitterTextParser;
import ink.octopost.networks.MediaRules;
import ink.octopost.networks.NetworkCapabilities;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.Platform;
import ink.octopost.networks.TextRules;
import ink.octopost.networks.ThreadStyle;
import java.util.Set;
import org.springframework.stereotype.Component;

/** X: 280 weighted characters, 4 images or 1 video, reply-chain threads (networks.md 1.4, 1.5). */
@Component
class TwitterConnector implements NetworkConnector {

  static final TextRules TEXT = TextRules.of(280, "weighted characters", TwitterConnector::weightedLength);

  static final NetworkCapabilities CAPABILITIES = new NetworkCapabilities(
      Platform.TWITTER,
      /* text */ TEXT,
      /* caption */ TEXT,
      /* title */ null,
      new MediaRules(
          /* maxImages */ 4,
          /* maxImageBytes */ 5_000_000L,
          Set.of("image/jpeg", "image/png", "image/gif", "image/webp"),
          /* maxVideos */ 1,
          /* maxVideoBytes */ 512_000_000L,
          Set.of("video/mp4"),
          /* mixImagesAndVideo */ false,
          MediaRules.Required.NOTHING,
          /* maxAltText */ 1000),
      ThreadStyle.REPLY_CHAIN,
      /* idempotentPublish */ false,
      /* asyncMediaProcessing */ true,
      /* canDelete */ true);

  /** twitter-text v3's weighted length: the count X itself applies. */
  static int weightedLength(String text) {
    return TwitterTextParser.parseTweet(text).weightedLength;
  }

  @Override
  public Platform platform() {
    return Platform.TWITTER;
  }

  @Override
  public NetworkCapabilities capabilities() {
    return CAPABILITIES;
  }
}

package ink.octopost.networks.threads;

import ink.octopost.networks.MediaRules;
import ink.octopost.networks.NetworkCapabilities;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.Platform;
import ink.octopost.networks.TextCounting;
import ink.octopost.networks.TextRules;
import ink.octopost.networks.ThreadStyle;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Threads: 500 characters with emoji as UTF-8 bytes, carousels of images and videos (networks.md 5.2, 5.3). */
@Component
class ThreadsConnector implements NetworkConnector {

  static final TextRules TEXT = TextRules.of(500, "characters", ThreadsConnector::length);

  /** networks.md 5.3: at most 1440 wide (320 at least; wider is rescaled), aspect at most 10:1. */
  static final MediaRules.ImageLimits IMAGES = new MediaRules.ImageLimits(1440, 0, 0, 0, 10);

  /**
   * networks.md 5.3: at most 300 s, 23-60 fps (the lower bound is not expressible here), H.264 or
   * HEVC, at most 1920 wide, aspect 0.01:1 to 10:1.
   */
  static final MediaRules.VideoLimits VIDEOS =
      new MediaRules.VideoLimits(0, 300, 60, Set.of("h264", "hevc"), 0.01, 10, 1920, 0);

  static final NetworkCapabilities CAPABILITIES = new NetworkCapabilities(
      Platform.THREADS,
      /* text */ TEXT,
      /* caption */ TEXT,
      /* title */ null,
      new MediaRules(
          /* maxImages */ 20,
          /* maxImageBytes */ 8_000_000L,
          Set.of("image/jpeg", "image/png"),
          /* maxVideos */ 1,
          /* maxVideoBytes */ 1_000_000_000L,
          Set.of("video/mp4", "video/quicktime"),
          /* mixImagesAndVideo */ true,
          MediaRules.Required.NOTHING,
          /* maxAltText */ 1000)
          .withImages(IMAGES)
          .withVideos(VIDEOS)
          .pullingMedia(),
      ThreadStyle.REPLY_CHAIN,
      /* idempotentPublish */ false,
      /* asyncMediaProcessing */ true,
      /* canDelete */ true);

  /** Each emoji grapheme counts its UTF-8 bytes, every other code point 1. */
  static int length(String text) {
    int n = 0;
    for (String g : TextCounting.graphemeClusters(text)) {
      n += isEmoji(g) ? TextCounting.utf8Bytes(g) : TextCounting.codePoints(g);
    }
    return n;
  }

  /**
   * An emoji grapheme: it holds an extended pictographic (most emoji, also text-style ones such as
   * ©, counted as emoji to stay on the safe side), an emoji-presentation character (regional
   * indicator letters of flags, skin tones) or a combining keycap.
   */
  static boolean isEmoji(String grapheme) {
    return grapheme.codePoints().anyMatch(
        cp -> Character.isExtendedPictographic(cp) || Character.isEmojiPresentation(cp) || cp == 0x20E3);
  }

  @Override
  public Platform platform() {
    return Platform.THREADS;
  }

  @Override
  public NetworkCapabilities capabilities() {
    return CAPABILITIES;
  }
}

package ink.octopost.networks;

import java.util.Set;

/**
 * What media one post may carry on a network.
 *
 * @param maxImages images per post (0: none)
 * @param maxImageBytes the largest image accepted, in bytes
 * @param imageTypes accepted image MIME types
 * @param maxVideos videos per post (0 or 1)
 * @param maxVideoBytes the largest video accepted, in bytes
 * @param videoTypes accepted video MIME types
 * @param mixImagesAndVideo whether one post may carry both
 * @param required what a post must carry: nothing, some media, or a video
 * @param maxAltText the longest alt text, or 0 when the network has no alt text (it is then dropped)
 */
public record MediaRules(
    int maxImages,
    long maxImageBytes,
    Set<String> imageTypes,
    int maxVideos,
    long maxVideoBytes,
    Set<String> videoTypes,
    boolean mixImagesAndVideo,
    Required required,
    int maxAltText) {

  public enum Required {
    NOTHING,
    ANY_MEDIA,
    VIDEO
  }

  public boolean altTextSupported() {
    return maxAltText > 0;
  }
}

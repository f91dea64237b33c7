package ink.octopost.networks;

import java.util.Set;

/**
 * What media one post may carry on a network.
 *
 * @param maxImages images per post (0: none)
 * @param maxImageBytes the largest image accepted, in bytes (larger images are downscaled and
 *     recompressed to fit)
 * @param imageTypes accepted image MIME types (others are converted where a decoder exists)
 * @param maxVideos videos per post (0 or 1)
 * @param maxVideoBytes the largest video accepted, in bytes
 * @param videoTypes accepted video MIME types
 * @param mixImagesAndVideo whether one post may carry both
 * @param required what a post must carry: nothing, some media, or a video
 * @param maxAltText the longest alt text, or 0 when the network has no alt text (it is then dropped)
 * @param images pixel and aspect-ratio limits of images
 * @param videos duration, frame rate, codec and aspect-ratio limits of videos (never transcoded:
 *     checked and reported)
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
    int maxAltText,
    ImageLimits images,
    VideoLimits videos) {

  public enum Required {
    NOTHING,
    ANY_MEDIA,
    VIDEO
  }

  public MediaRules {
    images = images == null ? ImageLimits.NONE : images;
    videos = videos == null ? VideoLimits.NONE : videos;
  }

  /** Rules without pixel, aspect or video limits. */
  public MediaRules(int maxImages, long maxImageBytes, Set<String> imageTypes, int maxVideos, long maxVideoBytes,
      Set<String> videoTypes, boolean mixImagesAndVideo, Required required, int maxAltText) {
    this(maxImages, maxImageBytes, imageTypes, maxVideos, maxVideoBytes, videoTypes, mixImagesAndVideo, required, maxAltText,
        ImageLimits.NONE, VideoLimits.NONE);
  }

  public boolean altTextSupported() {
    return maxAltText > 0;
  }

  public MediaRules withImages(ImageLimits limits) {
    return new MediaRules(maxImages, maxImageBytes, imageTypes, maxVideos, maxVideoBytes, videoTypes, mixImagesAndVideo,
        required, maxAltText, limits, videos);
  }

  public MediaRules withVideos(VideoLimits limits) {
    return new MediaRules(maxImages, maxImageBytes, imageTypes, maxVideos, maxVideoBytes, videoTypes, mixImagesAndVideo,
        required, maxAltText, images, limits);
  }

  /**
   * Image pixel limits; 0 means no limit. Larger images are downscaled; an aspect ratio (width /
   * height) outside {@code [minAspect, maxAspect]} is a violation unless the post asks for
   * {@code fit: "pad"} or {@code "crop"}.
   */
  public record ImageLimits(int maxWidth, int maxHeight, long maxPixels, double minAspect, double maxAspect) {
    public static final ImageLimits NONE = new ImageLimits(0, 0, 0, 0, 0);

    public boolean aspectLimited() {
      return minAspect > 0 || maxAspect > 0;
    }
  }

  /**
   * Video limits; 0 (or an empty set) means no limit. Videos are not transcoded: a video outside
   * these is reported as a violation naming the limit.
   */
  public record VideoLimits(
      double minSeconds, double maxSeconds, double maxFrameRate, Set<String> codecs, double minAspect, double maxAspect,
      int maxWidth, int maxHeight) {
    public static final VideoLimits NONE = new VideoLimits(0, 0, 0, Set.of(), 0, 0, 0, 0);

    public VideoLimits {
      codecs = codecs == null ? Set.of() : Set.copyOf(codecs);
    }
  }
}

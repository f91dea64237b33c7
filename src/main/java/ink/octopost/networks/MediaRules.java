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
 * @param pullsMedia whether the network fetches media from a public URL (Octopost's signed link)
 *     instead of receiving the bytes: then the public URL must be reachable from the internet
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
    VideoLimits videos,
    boolean pullsMedia) {

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
        ImageLimits.NONE, VideoLimits.NONE, false);
  }

  public boolean altTextSupported() {
    return maxAltText > 0;
  }

  public MediaRules withImages(ImageLimits limits) {
    return new MediaRules(maxImages, maxImageBytes, imageTypes, maxVideos, maxVideoBytes, videoTypes, mixImagesAndVideo,
        required, maxAltText, limits, videos, pullsMedia);
  }

  public MediaRules withVideos(VideoLimits limits) {
    return new MediaRules(maxImages, maxImageBytes, imageTypes, maxVideos, maxVideoBytes, videoTypes, mixImagesAndVideo,
        required, maxAltText, images, limits, pullsMedia);
  }

  /** The same rules for a network that fetches media from a public URL. */
  public MediaRules pullingMedia() {
    return new MediaRules(maxImages, maxImageBytes, imageTypes, maxVideos, maxVideoBytes, videoTypes, mixImagesAndVideo,
        required, maxAltText, images, videos, true);
  }

  /**
   * The largest file of this MIME type the network takes: an animated GIF's own limit where the
   * network has one (X: 15 MB against 5 MB for other images), else the image or video limit.
   */
  public long maxBytesFor(String mimeType) {
    if (mimeType != null && mimeType.startsWith("video/")) {
      return maxVideoBytes;
    }
    if ("image/gif".equals(mimeType) && images.maxGifBytes() > 0) {
      return images.maxGifBytes();
    }
    return maxImageBytes;
  }

  /**
   * Image pixel limits; 0 means no limit. Larger images are downscaled; an aspect ratio (width /
   * height) outside {@code [minAspect, maxAspect]} is a violation unless the post asks for
   * {@code fit: "pad"} or {@code "crop"}. A bound of 0 is open on that side (only {@code
   * maxAspect}: nothing wider; only {@code minAspect}: nothing taller).
   *
   * @param maxGifBytes an animated GIF's own byte limit where the network sets one apart from
   *     {@link MediaRules#maxImageBytes()} (0: the same)
   */
  public record ImageLimits(int maxWidth, int maxHeight, long maxPixels, double minAspect, double maxAspect,
      long maxGifBytes) {
    public static final ImageLimits NONE = new ImageLimits(0, 0, 0, 0, 0, 0);

    public ImageLimits(int maxWidth, int maxHeight, long maxPixels, double minAspect, double maxAspect) {
      this(maxWidth, maxHeight, maxPixels, minAspect, maxAspect, 0);
    }

    public boolean aspectLimited() {
      return minAspect > 0 || maxAspect > 0;
    }

    public ImageLimits withMaxGifBytes(long bytes) {
      return new ImageLimits(maxWidth, maxHeight, maxPixels, minAspect, maxAspect, bytes);
    }
  }

  /**
   * Video limits; 0 (or an empty set) means no limit. Videos are not transcoded: a video outside
   * these is reported as a violation naming the limit.
   *
   * @param codecs accepted video codecs as lower-case short names: {@code h264}, {@code hevc},
   *     {@code vp8}, {@code vp9}, {@code av1}
   * @param maxPixels the largest frame, width times height (Mastodon's {@code video_matrix_limit})
   */
  public record VideoLimits(
      double minSeconds, double maxSeconds, double maxFrameRate, Set<String> codecs, double minAspect, double maxAspect,
      int maxWidth, int maxHeight, long maxPixels) {
    public static final VideoLimits NONE = new VideoLimits(0, 0, 0, Set.of(), 0, 0, 0, 0, 0);

    public VideoLimits {
      codecs = codecs == null ? Set.of() : Set.copyOf(codecs);
    }

    public VideoLimits(double minSeconds, double maxSeconds, double maxFrameRate, Set<String> codecs, double minAspect,
        double maxAspect, int maxWidth, int maxHeight) {
      this(minSeconds, maxSeconds, maxFrameRate, codecs, minAspect, maxAspect, maxWidth, maxHeight, 0);
    }

    public boolean aspectLimited() {
      return minAspect > 0 || maxAspect > 0;
    }
  }
}

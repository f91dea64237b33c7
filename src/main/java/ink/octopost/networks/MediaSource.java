package ink.octopost.networks;

/**
 * Where connectors get a post's media: from the media library, fitted to the network that asks
 * (a post's URL was imported into the library once, when it was scheduled or published).
 * Implemented by the media feature; connectors never download a URL themselves.
 */
public interface MediaSource {

  /**
   * The image as {@code platform} should receive it under {@code rules}.
   *
   * @throws NetworkFailure.Rejected when it cannot be made to fit (with the reason and the limit)
   * @throws NetworkFailure.Unavailable when the store or the media's origin cannot be read just now
   */
  MediaFile image(PostContent.Image image, Platform platform, MediaRules rules) throws NetworkFailure;

  /** The video as {@code platform} should receive it (videos are checked, never transcoded). */
  MediaFile video(PostContent.Video video, Platform platform, MediaRules rules) throws NetworkFailure;

  /** A video's thumbnail or cover image, fitted as an image. */
  default MediaFile thumbnail(PostContent.Video video, Platform platform, MediaRules rules) throws NetworkFailure {
    if (video.thumbnailUrl() == null) {
      return null;
    }
    return image(new PostContent.Image(video.thumbnailUrl(), null), platform, rules);
  }
}

package ink.octopost.networks.instagram;

import ink.octopost.networks.ContentRules;
import ink.octopost.networks.MediaRules;
import ink.octopost.networks.NetworkCapabilities;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Instagram's rules that depend on the post (networks.md 6.1 to 6.3): what each type carries (a
 * feed post one image, a carousel 2 to 10 items, a reel one video, a story one image or video),
 * the media limits of stories (9:16; videos up to 60 s) and reels, and the caption's 30 hashtags
 * and 20 @-mentions (Meta's 2207010).
 */
final class InstagramRules implements ContentRules {

  static final InstagramRules INSTANCE = new InstagramRules();

  static final int MAX_HASHTAGS = 30;
  static final int MAX_MENTIONS = 20;
  static final int MIN_CAROUSEL = 2;
  static final int MAX_CAROUSEL = 10;

  /** A hashtag: # then letters, digits or underscores, not inside a word or a URL's fragment. */
  private static final Pattern HASHTAG = Pattern.compile("(?<![\\p{L}\\p{N}_&/#])#[\\p{L}\\p{N}_]*[\\p{L}_][\\p{L}\\p{N}_]*");

  /** An @-mention of a username (letters, digits, dots, underscores), not an e-mail address. */
  private static final Pattern MENTION = Pattern.compile("(?<![\\p{L}\\p{N}_.@])@[A-Za-z0-9._]{1,30}");

  /** Reels (networks.md 6.2): 3 s to 15 min; Meta takes 0.01:1 to 10:1 and shows 9:16 uncropped. */
  static final MediaRules.VideoLimits REEL_VIDEOS = new MediaRules.VideoLimits(3, 900, 0, Set.of(), 0.01, 10, 0, 0);

  /** Stories: 9:16, images and videos alike; videos 3 to 60 s. */
  static final MediaRules.ImageLimits STORY_IMAGES = new MediaRules.ImageLimits(0, 0, 0, 9.0 / 16, 9.0 / 16);

  static final MediaRules.VideoLimits STORY_VIDEOS = new MediaRules.VideoLimits(3, 60, 0, Set.of(), 9.0 / 16, 9.0 / 16, 0, 0);

  private InstagramRules() {}

  @Override
  public NetworkCapabilities adapt(NetworkCapabilities caps, PostContent content) {
    MediaRules media = caps.media();
    MediaRules adapted = switch (PostType.of(content)) {
      case STORY -> media.withImages(STORY_IMAGES).withVideos(STORY_VIDEOS);
      case REEL -> media.withVideos(REEL_VIDEOS);
      case FEED, CAROUSEL -> media;
    };
    return adapted == media ? caps : caps.withLimits(caps.text(), caps.caption(), adapted);
  }

  @Override
  public List<Violation> check(NetworkCapabilities caps, PostContent content) {
    var out = new ArrayList<Violation>();
    String text = content.text() == null ? "" : content.text();
    int hashtags = count(HASHTAG, text);
    if (hashtags > MAX_HASHTAGS) {
      out.add(new Violation("too_many_hashtags", "instagram allows " + MAX_HASHTAGS + " hashtags in a caption; this has "
          + hashtags, "content", MAX_HASHTAGS, hashtags));
    }
    int mentions = count(MENTION, text);
    if (mentions > MAX_MENTIONS) {
      out.add(new Violation("too_many_mentions", "instagram allows " + MAX_MENTIONS + " @-mentions in a caption; this has "
          + mentions, "content", MAX_MENTIONS, mentions));
    }
    if (!content.hasMedia()) {
      return out; // media_required says it already
    }
    PostType type = PostType.of(content);
    int images = content.images().size();
    boolean video = content.video() != null;
    int items = images + (video ? 1 : 0);
    String field = "overrides.instagram.type";
    switch (type) {
      case FEED -> {
        if (video || images != 1) {
          out.add(new Violation("media_does_not_fit_type", "an instagram feed post carries exactly one image"
              + (video ? "; a video is published as a reel (type \"reel\") or in a carousel" : "; several media make a carousel"),
              field, 1, items));
        }
      }
      case CAROUSEL -> {
        // Over ten images is too_many_images already; this adds ten images and a video.
        if (items < MIN_CAROUSEL || (items > MAX_CAROUSEL && images <= caps.media().maxImages())) {
          out.add(new Violation(items < MIN_CAROUSEL ? "carousel_too_small" : "carousel_too_large",
              "an instagram carousel carries " + MIN_CAROUSEL + " to " + MAX_CAROUSEL + " images and videos; this has " + items,
              "media", items < MIN_CAROUSEL ? MIN_CAROUSEL : MAX_CAROUSEL, items));
        }
      }
      case REEL -> {
        if (!video || images > 0) {
          out.add(new Violation("media_does_not_fit_type", "an instagram reel carries exactly one video and no images",
              field, 1, items));
        }
      }
      case STORY -> {
        if (items != 1) {
          out.add(new Violation("media_does_not_fit_type", "an instagram story carries exactly one image or video; this has "
              + items, field, 1, items));
        }
      }
    }
    if (content.options().get(InstagramConnector.SHARE_TO_FEED) != null && type != PostType.REEL) {
      out.add(new Violation("option_not_applicable", "overrides.instagram.share_to_feed applies to reels only; this post is a "
          + type.id(), "overrides.instagram.share_to_feed", null, null));
    }
    return out;
  }

  private static int count(Pattern pattern, String text) {
    var m = pattern.matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}

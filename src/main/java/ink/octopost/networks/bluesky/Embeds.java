package ink.octopost.networks.bluesky;

import ink.octopost.networks.MediaFile;
import ink.octopost.networks.MediaRules;
import ink.octopost.networks.MediaSource;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.Platform;
import ink.octopost.networks.PostContent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A post's embed, the lexicons' union of one kind: images (up to 4, with alt text and aspect
 * ratio), a video, or else a link card for the first link. Media comes from the media source and
 * is streamed to uploadBlob; the blob objects the PDS answers go into the record unchanged.
 */
final class Embeds {

  private final BlueskyApi api;
  private final MediaSource media;
  private final LinkCards cards;
  private final MediaRules rules;
  private final BlueskyVideo videos;
  private final BlueskyVideoProperties videoSettings;

  Embeds(BlueskyApi api, MediaSource media, LinkCards cards, MediaRules rules, BlueskyVideo videos,
      BlueskyVideoProperties videoSettings) {
    this.api = api;
    this.media = media;
    this.cards = cards;
    this.rules = rules;
    this.videos = videos;
    this.videoSettings = videoSettings;
  }

  /** The embed for this content, or null for a text-only post. */
  Map<String, Object> of(String service, String accessJwt, String did, PostContent content, String firstLink)
      throws NetworkFailure {
    if (!content.images().isEmpty()) {
      return images(service, accessJwt, content);
    }
    if (content.video() != null) {
      return video(service, accessJwt, did, content.video());
    }
    return firstLink == null ? null : external(service, accessJwt, firstLink);
  }

  private Map<String, Object> images(String service, String accessJwt, PostContent content) throws NetworkFailure {
    if (content.images().size() > rules.maxImages()) {
      throw new NetworkFailure.Rejected("too_many_images",
          "A Bluesky post takes at most " + rules.maxImages() + " images, this one has " + content.images().size());
    }
    var images = new ArrayList<Map<String, Object>>();
    for (var image : content.images()) {
      var m = media.image(image, Platform.BLUESKY, rules);
      var entry = new LinkedHashMap<String, Object>();
      entry.put("alt", image.altText() == null ? "" : image.altText()); // required, may be empty
      entry.put("image", api.uploadBlob(service, accessJwt, m));
      aspectRatio(m, entry);
      images.add(entry);
    }
    var embed = new LinkedHashMap<String, Object>();
    embed.put("$type", "app.bsky.embed.images");
    embed.put("images", images);
    return embed;
  }

  /**
   * {@code app.bsky.embed.video} with the blob of the video service (transcoded before the post
   * exists, see {@link BlueskyVideo}); straight to the PDS with uploadBlob when no service is
   * configured, or when it cannot take the video and the fallback is on (the PDS accepts videos up
   * to its blob limit, and Bluesky processes them after the post appears). The title is the alt text.
   */
  private Map<String, Object> video(String service, String accessJwt, String did, PostContent.Video video)
      throws NetworkFailure {
    var m = media.video(video, Platform.BLUESKY, rules);
    JsonNode blob;
    if (!videoSettings.useService()) {
      blob = api.uploadBlob(service, accessJwt, m);
    } else {
      try {
        blob = videos.upload(service, accessJwt, did, m);
      } catch (BlueskyVideo.ServiceRefused refused) {
        if (!videoSettings.fallbackToPds()) {
          throw refused.failure;
        }
        blob = api.uploadBlob(service, accessJwt, m);
      }
    }
    var embed = new LinkedHashMap<String, Object>();
    embed.put("$type", "app.bsky.embed.video");
    embed.put("video", blob);
    if (video.title() != null && !video.title().isBlank()) {
      embed.put("alt", video.title().strip());
    }
    aspectRatio(m, embed);
    return embed;
  }

  /** A link card, or null when the page gives none; a thumbnail that cannot be had is left out. */
  private Map<String, Object> external(String service, String accessJwt, String link) throws NetworkFailure {
    var card = cards.fetch(link).orElse(null);
    if (card == null) {
      return null;
    }
    var external = new LinkedHashMap<String, Object>();
    external.put("uri", card.uri());
    external.put("title", card.title());
    external.put("description", card.description());
    if (card.imageUrl() != null) {
      JsonNode thumb = thumb(service, accessJwt, card.imageUrl());
      if (thumb != null) {
        external.put("thumb", thumb);
      }
    }
    var embed = new LinkedHashMap<String, Object>();
    embed.put("$type", "app.bsky.embed.external");
    embed.put("external", external);
    return embed;
  }

  private JsonNode thumb(String service, String accessJwt, String imageUrl) throws NetworkFailure {
    MediaFile m;
    try {
      m = media.image(new PostContent.Image(imageUrl, null), Platform.BLUESKY, rules);
    } catch (NetworkFailure e) {
      return null; // a thumbnail that cannot be had is left out
    }
    try {
      return api.uploadBlob(service, accessJwt, m);
    } catch (NetworkFailure.Rejected | NetworkFailure.Unavailable | NetworkFailure.OutcomeUnknown e) {
      return null; // the card is decoration: only failures that would fail the post anyway go on
    }
  }

  private static void aspectRatio(MediaFile file, Map<String, Object> into) {
    var d = Dimensions.of(file);
    if (d != null) {
      var ratio = new LinkedHashMap<String, Object>();
      ratio.put("width", d.width());
      ratio.put("height", d.height());
      into.put("aspectRatio", ratio);
    }
  }
}

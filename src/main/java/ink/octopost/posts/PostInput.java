package ink.octopost.posts;

import ink.octopost.networks.Platform;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.PostOption;
import ink.octopost.shared.JsonBody;
import ink.octopost.shared.UrlPolicy;
import ink.octopost.shared.Violations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * A create or update body, read field by field. Each field knows whether it was sent at all, so
 * an update changes exactly what it names ({@code "scheduled_for": null} unschedules).
 */
record PostInput(
    Field<String> content,
    Field<List<Platform>> platforms,
    Field<List<String>> accountIds,
    Field<String> presetId,
    Field<Instant> scheduledFor,
    Field<Post.QueueStatus> queueStatus,
    Field<Post.Media> media,
    Field<List<Post.Segment>> segments,
    Field<Map<Platform, Post.Override>> overrides) {

  static final int MAX_CONTENT = 10_000;
  static final int MAX_SEGMENTS = 24;
  static final int MAX_IMAGES = 35;
  static final int MAX_ALT_TEXT = 5_000;

  /** A field of the body: absent, or present with a value (which may be null). */
  record Field<T>(boolean present, T value) {
    static <T> Field<T> absent() {
      return new Field<>(false, null);
    }

    T or(T fallback) {
      return present ? value : fallback;
    }
  }

  /** The fields every platform's override takes; anything else must be one of the network's own options. */
  private static final List<String> OVERRIDE_FIELDS = List.of("content", "media", "segments");

  /** The override every platform takes besides its own options: {@code "pad"} or {@code "crop"}. */
  static final String FIT = "fit";

  /**
   * Reads the body; throws a 422 listing every broken field.
   *
   * @param options each network's per-post options, which {@code overrides.<platform>} may set
   */
  static PostInput parse(JsonNode root, boolean allowPrivateUrls, Function<Platform, List<PostOption>> options) {
    var v = new Violations();
    var body = JsonBody.of(root, v);
    var reader = new Reader(v, allowPrivateUrls);

    Field<String> content = Field.absent();
    if (body.has("content")) {
      if (body.isNull("content")) {
        v.add("content", "cannot be null; send \"\" for a media-only post");
      }
      String c = body.string("content");
      if (c != null && c.codePointCount(0, c.length()) > MAX_CONTENT) {
        v.add("content", "must be at most " + MAX_CONTENT + " characters");
      }
      content = new Field<>(true, c == null ? "" : c);
    }

    Field<List<Platform>> platforms = Field.absent();
    if (body.has("platforms")) {
      platforms = new Field<>(true, reader.platforms(body, "platforms"));
    }

    Field<List<String>> accountIds = Field.absent();
    if (body.has("account_ids")) {
      var ids = body.strings("account_ids");
      var unique = new ArrayList<String>();
      if (ids != null) {
        for (int i = 0; i < ids.size(); i++) {
          if (unique.contains(ids.get(i))) {
            v.add("account_ids[" + i + "]", "'" + ids.get(i) + "' is listed twice");
          } else {
            unique.add(ids.get(i));
          }
        }
      }
      accountIds = new Field<>(true, List.copyOf(unique));
    }

    Field<String> presetId = body.has("preset_id") ? new Field<>(true, body.string("preset_id")) : Field.absent();
    Field<Instant> scheduledFor =
        body.has("scheduled_for") ? new Field<>(true, body.instant("scheduled_for")) : Field.absent();

    Field<Post.QueueStatus> queueStatus = Field.absent();
    for (String name : new String[] {"queue_status", "queueStatus"}) {
      if (body.has(name)) {
        String s = body.string(name);
        Post.QueueStatus q = null;
        if (s != null) {
          switch (s) {
            case "queued" -> q = Post.QueueStatus.QUEUED;
            case "pending" -> q = Post.QueueStatus.PENDING;
            default -> v.add(name, "must be 'queued', 'pending' or null");
          }
        }
        if (queueStatus.present() && queueStatus.value() != q) {
          v.add(name, "queue_status and queueStatus disagree; send one of them");
        }
        queueStatus = new Field<>(true, q);
      }
    }

    Field<Post.Media> media = Field.absent();
    if (body.has("media")) {
      media = new Field<>(true, reader.media(body.object("media")));
    }

    Field<List<Post.Segment>> segments = Field.absent();
    if (body.has("segments")) {
      segments = new Field<>(true, reader.segments(body, "segments"));
    }

    Field<Map<Platform, Post.Override>> overrides = Field.absent();
    if (body.has("overrides")) {
      var map = new EnumMap<Platform, Post.Override>(Platform.class);
      var o = body.object("overrides");
      if (o != null) {
        for (String name : o.names()) {
          var platform = Platform.fromId(name);
          if (platform.isEmpty()) {
            v.add("overrides." + name, "unknown platform; use one of " + Platform.ids());
            continue;
          }
          var one = o.object(name);
          if (one == null) {
            continue;
          }
          String oc = one.string("content");
          if (oc != null && oc.codePointCount(0, oc.length()) > MAX_CONTENT) {
            v.add(one.field("content"), "must be at most " + MAX_CONTENT + " characters");
          }
          Post.Media om = one.has("media") ? reader.media(one.object("media")) : null;
          List<Post.Segment> os = one.has("segments") ? reader.segments(one, "segments") : null;
          map.put(platform.get(), new Post.Override(oc, om, os, reader.options(one, options.apply(platform.get()))));
        }
      }
      overrides = new Field<>(true, Map.copyOf(map));
    }

    v.throwIfAny();
    return new PostInput(content, platforms, accountIds, presetId, scheduledFor, queueStatus, media, segments, overrides);
  }

  private record Reader(Violations v, boolean allowPrivate) {

    List<Platform> platforms(JsonBody body, String name) {
      var ids = body.strings(name);
      var out = new ArrayList<Platform>();
      if (ids == null) {
        return List.of();
      }
      for (int i = 0; i < ids.size(); i++) {
        var p = Platform.fromId(ids.get(i));
        if (p.isEmpty()) {
          v.add(body.field(name) + "[" + i + "]", "unknown platform '" + ids.get(i) + "'; use one of " + Platform.ids());
        } else if (out.contains(p.get())) {
          v.add(body.field(name) + "[" + i + "]", "'" + ids.get(i) + "' is listed twice");
        } else {
          out.add(p.get());
        }
      }
      return List.copyOf(out);
    }

    Post.Media media(JsonBody m) {
      if (m == null) {
        return Post.Media.NONE;
      }
      var images = new ArrayList<PostContent.Image>();
      var list = m.objects("images");
      if (list != null) {
        if (list.size() > MAX_IMAGES) {
          v.add(m.field("images"), "at most " + MAX_IMAGES + " images");
        }
        for (var img : list) {
          String mediaId = mediaId(img);
          String url = mediaId != null && img.string("url") == null ? null : url(img, "url", mediaId == null);
          String alt = img.string("alt_text");
          if (alt != null && alt.codePointCount(0, alt.length()) > MAX_ALT_TEXT) {
            v.add(img.field("alt_text"), "must be at most " + MAX_ALT_TEXT + " characters");
          }
          images.add(new PostContent.Image(url, alt, mediaId));
        }
      }
      PostContent.Video video = null;
      var vid = m.object("video");
      if (vid != null) {
        String mediaId = mediaId(vid);
        String url = mediaId != null && vid.string("url") == null ? null : url(vid, "url", mediaId == null);
        String title = vid.string("title");
        String thumbnail = vid.has("thumbnail_url") && !vid.isNull("thumbnail_url") ? url(vid, "thumbnail_url", true) : null;
        video = new PostContent.Video(url, title, thumbnail, mediaId);
      }
      return new Post.Media(List.copyOf(images), video);
    }

    List<Post.Segment> segments(JsonBody body, String name) {
      var list = body.objects(name);
      if (list == null) {
        return List.of();
      }
      if (list.size() > MAX_SEGMENTS) {
        v.add(body.field(name), "a thread has at most " + MAX_SEGMENTS + " reply segments");
      }
      var out = new ArrayList<Post.Segment>();
      for (var s : list) {
        String c = s.string("content");
        if (c != null && c.codePointCount(0, c.length()) > MAX_CONTENT) {
          v.add(s.field("content"), "must be at most " + MAX_CONTENT + " characters");
        }
        Post.Media m = media(s.object("media"));
        if ((c == null || c.isBlank()) && m.isEmpty()) {
          v.add(s.field("content"), "a segment needs content or media");
        }
        out.add(new Post.Segment(c == null ? "" : c, m));
      }
      return List.copyOf(out);
    }

    /** A network's own settings in its override, checked by their kinds; unknown names are refused. */
    Map<String, Object> options(JsonBody override, List<PostOption> offered) {
      var out = new java.util.LinkedHashMap<String, Object>();
      for (String name : override.names()) {
        if (OVERRIDE_FIELDS.contains(name)) {
          continue;
        }
        if (name.equals(FIT)) { // every network: how images reach its allowed aspect ratio
          String fit = override.string(FIT);
          if (fit != null && !fit.equals("pad") && !fit.equals("crop")) {
            v.add(override.field(FIT), "must be 'pad' or 'crop' (or null to refuse images outside the network's aspect ratios)");
          } else if (fit != null) {
            out.put(FIT, fit);
          }
          continue;
        }
        var option = offered.stream().filter(o -> o.name().equals(name)).findFirst();
        if (option.isEmpty()) {
          var known = new ArrayList<>(OVERRIDE_FIELDS);
          known.add(FIT);
          offered.forEach(o -> known.add(o.name()));
          v.add(override.field(name), "unknown field; this platform's overrides take " + String.join(", ", known));
          continue;
        }
        try {
          Object value = option.get().read(override.raw(name));
          if (value != null) {
            out.put(name, value);
          }
        } catch (IllegalArgumentException e) {
          v.add(override.field(name), e.getMessage());
        }
      }
      return out;
    }

    /** A media library id ({@code med_...}), or null when none was sent. */
    private String mediaId(JsonBody o) {
      String id = o.string("media_id");
      if (id != null && !(id.startsWith("med_") && id.length() <= 40 && ink.octopost.shared.Ids.isBase62(id.substring(4)))) {
        v.add(o.field("media_id"), "'" + id + "' is not a media id (med_...): upload or import it with POST /v1/media");
        return null;
      }
      return id;
    }

    private String url(JsonBody o, String name, boolean required) {
      String url = o.string(name);
      if (url == null && !o.has(name)) {
        if (required) {
          v.add(o.field(name), name.equals("url") ? "is required (or give a media_id from POST /v1/media)" : "is required");
        }
        return null;
      }
      String problem = UrlPolicy.problem(url, allowPrivate);
      if (problem != null && url != null) {
        v.add(o.field(name), problem);
      } else if (url == null) {
        v.add(o.field(name), "is required");
      }
      return url;
    }
  }
}

package ink.octopost.fakes;

import java.nio.charset.StandardCharsets;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The checks FakePds makes on an {@code app.bsky.feed.post} record, from the lexicons
 * (app.bsky.feed.post, app.bsky.richtext.facet, app.bsky.embed.images/video/external,
 * com.atproto.repo.strongRef) with the reference PDS's wording (as @atproto/pds 0.5 answers: "grapheme too big
 * (maximum 300, got 301) at $.record.text"). Some checks go beyond the real PDS (which accepts
 * all of these, checked against 0.5.35), as networks.md 2.3 suggests, because they catch the
 * commonest client bugs: a facet must lie inside the text on character boundaries without
 * overlapping another, its bytes must be the entity it claims (the "@handle" of its DID, the link's
 * URI, the "#tag"), and a reply's refs must point at existing records with the right cid and a
 * consistent thread root.
 */
final class PdsLexicon {

  /** A check failed: the PDS answers 400 with this error name and message. */
  static final class Invalid extends Exception {
    final String error;

    Invalid(String error, String message) {
      super(message, null, false, false);
      this.error = error;
    }

    Invalid(String message) {
      this("InvalidRequest", "Invalid app.bsky.feed.post record: " + message);
    }
  }

  /** An uploaded blob. */
  record Blob(String cid, String mimeType, long size) {}

  /** What the checks need to know about the rest of the PDS. */
  interface Repo {
    Blob blob(String cid);

    /** The stored record's cid and value at {@code uri}, or null. */
    FakePds.Post record(String uri);

    /** The handle of a DID this PDS knows, or null. */
    String handleOf(String did);
  }

  static final Pattern DATETIME =
      Pattern.compile("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$");
  static final Pattern DID = Pattern.compile("^did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]$");
  static final Pattern URI = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:(//)?[^\\s/][^\\s]*$");
  static final Pattern AT_URI = Pattern.compile("^at://[^/\\s]+/[a-zA-Z0-9.-]+/[a-zA-Z0-9._:~-]+$");

  private static final Set<String> EMBEDS = Set.of("app.bsky.embed.images", "app.bsky.embed.video",
      "app.bsky.embed.external", "app.bsky.embed.record", "app.bsky.embed.recordWithMedia");

  private PdsLexicon() {}

  /** Checks a post record; returns the blob cids it references (in order). */
  static List<Blob> check(JsonNode r, Repo repo) throws Invalid {
    if (!r.isObject()) {
      throw new Invalid("Record must be an object");
    }
    String text = string(r, "text", "Record/text", true);
    if (bytes(text) > 3000) {
      throw new Invalid("string too long (maximum 3000, got " + bytes(text) + ") at $.record.text");
    }
    if (graphemes(text) > 300) {
      throw new Invalid("grapheme too big (maximum 300, got " + graphemes(text) + ") at $.record.text");
    }
    String createdAt = string(r, "createdAt", "Record/createdAt", true);
    if (!DATETIME.matcher(createdAt).matches()) {
      throw new Invalid("Invalid datetime string at " + at("Record/createdAt"));
    }
    if (r.has("facets")) {
      facets(r.path("facets"), text, repo);
    }
    if (r.has("reply")) {
      reply(r.path("reply"), repo);
    }
    if (r.has("langs") && (!r.path("langs").isArray() || r.path("langs").size() > 3)) {
      throw new Invalid("array too big (maximum 3, got " + r.path("langs").size() + ") at $.record.langs");
    }
    var blobs = new ArrayList<Blob>();
    if (r.has("embed")) {
      embed(r.path("embed"), repo, blobs);
    }
    return blobs;
  }

  private static void facets(JsonNode facets, String text, Repo repo) throws Invalid {
    if (!facets.isArray()) {
      throw new Invalid("Expected array value type (got " + type(facets) + ") at $.record.facets");
    }
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    int previousEnd = 0;
    for (int i = 0; i < facets.size(); i++) {
      String path = "Record/facets/" + i;
      JsonNode f = facets.get(i);
      JsonNode index = f.path("index");
      if (!index.isObject()) {
        throw new Invalid("Missing required key \"index\" at " + at(path));
      }
      int start = integer(index, "byteStart", path + "/index/byteStart");
      int end = integer(index, "byteEnd", path + "/index/byteEnd");
      if (start < 0 || end < 0) {
        throw new Invalid(path + "/index/byteStart can not be less than 0");
      }
      if (start >= end || end > utf8.length) {
        throw new Invalid(path + "/index [" + start + ", " + end + ") is not inside the text's " + utf8.length + " UTF-8 bytes");
      }
      if (isContinuation(utf8, start) || (end < utf8.length && isContinuation(utf8, end))) {
        throw new Invalid(path + "/index [" + start + ", " + end + ") splits a UTF-8 character");
      }
      if (start < previousEnd) {
        throw new Invalid(path + " overlaps the facet before it");
      }
      previousEnd = end;
      String slice = new String(Arrays.copyOfRange(utf8, start, end), StandardCharsets.UTF_8);
      JsonNode features = f.path("features");
      if (!features.isArray() || features.isEmpty()) {
        throw new Invalid("Missing required key \"features\" at " + at(path));
      }
      for (int k = 0; k < features.size(); k++) {
        feature(features.get(k), path + "/features/" + k, slice, repo);
      }
    }
  }

  private static void feature(JsonNode feature, String path, String slice, Repo repo) throws Invalid {
    String type = feature.path("$type").asString("");
    switch (type) {
      case "app.bsky.richtext.facet#mention" -> {
        String did = string(feature, "did", path + "/did", true);
        if (!DID.matcher(did).matches()) {
          throw new Invalid(path + "/did must be a valid did");
        }
        String handle = repo.handleOf(did);
        if (handle == null || !slice.equalsIgnoreCase("@" + handle)) {
          throw new Invalid(path + " mentions " + did + " but its bytes are \"" + slice + "\"");
        }
      }
      case "app.bsky.richtext.facet#link" -> {
        String uri = string(feature, "uri", path + "/uri", true);
        if (!URI.matcher(uri).matches()) {
          throw new Invalid(path + "/uri must be a uri");
        }
        if (!slice.equals(uri) && !("https://" + slice).equals(uri)) {
          throw new Invalid(path + " links " + uri + " but its bytes are \"" + slice + "\"");
        }
      }
      case "app.bsky.richtext.facet#tag" -> {
        String tag = string(feature, "tag", path + "/tag", true);
        if (bytes(tag) > 640 || graphemes(tag) > 64) {
          throw new Invalid(path + "/tag must not be longer than 64 graphemes");
        }
        if (!slice.equals("#" + tag) && !slice.equals("\uFF03" + tag)) {
          throw new Invalid(path + " tags " + tag + " but its bytes are \"" + slice + "\"");
        }
      }
      default -> throw new Invalid(path + " $type must be one of app.bsky.richtext.facet#mention,"
          + " app.bsky.richtext.facet#link, app.bsky.richtext.facet#tag");
    }
  }

  private static void reply(JsonNode reply, Repo repo) throws Invalid {
    var root = strongRef(reply.path("root"), "Record/reply/root", repo);
    var parent = strongRef(reply.path("parent"), "Record/reply/parent", repo);
    JsonNode parentsRoot = parent.value().path("reply").path("root").path("uri");
    String expectedRoot = parentsRoot.isString() ? parentsRoot.asString() : parent.uri();
    if (!root.uri().equals(expectedRoot)) {
      throw new Invalid("Record/reply/root is " + root.uri() + " but the parent's thread starts at " + expectedRoot);
    }
  }

  private static FakePds.Post strongRef(JsonNode ref, String path, Repo repo) throws Invalid {
    if (!ref.isObject()) {
      throw new Invalid("Missing required key \"" + path.substring(path.lastIndexOf('/') + 1) + "\" at " + at(path.substring(0, path.lastIndexOf('/'))));
    }
    String uri = string(ref, "uri", path + "/uri", true);
    String cid = string(ref, "cid", path + "/cid", true);
    if (!AT_URI.matcher(uri).matches()) {
      throw new Invalid(path + "/uri must be a valid at-uri");
    }
    var found = repo.record(uri);
    if (found == null || !found.cid().equals(cid)) {
      throw new Invalid(path + " does not point at an existing record (" + uri + ", " + cid + ")");
    }
    return found;
  }

  private static void embed(JsonNode embed, Repo repo, List<Blob> blobs) throws Invalid {
    String type = embed.path("$type").asString("");
    if (!EMBEDS.contains(type)) {
      throw new Invalid("Record/embed $type must be one of " + String.join(", ", EMBEDS.stream().sorted().toList()));
    }
    switch (type) {
      case "app.bsky.embed.images" -> {
        JsonNode images = embed.path("images");
        if (!images.isArray()) {
          throw new Invalid("Missing required key \"images\" at $.record.embed");
        }
        if (images.size() > 4) {
          throw new Invalid("array too big (maximum 4, got " + images.size() + ") at $.record.embed.images");
        }
        for (int i = 0; i < images.size(); i++) {
          String path = "Record/embed/images/" + i;
          JsonNode image = images.get(i);
          string(image, "alt", path + "/alt", true);
          blobs.add(blob(image.path("image"), path + "/image", "image/", 1_000_000, repo));
          aspectRatio(image, path);
        }
      }
      case "app.bsky.embed.video" -> {
        blobs.add(blob(embed.path("video"), "Record/embed/video", "video/mp4", 100_000_000, repo));
        String alt = string(embed, "alt", "Record/embed/alt", false);
        if (alt != null && (graphemes(alt) > 1000 || bytes(alt) > 10_000)) {
          throw new Invalid("grapheme too big (maximum 1000, got " + graphemes(alt) + ") at $.record.embed.alt");
        }
        aspectRatio(embed, "Record/embed");
      }
      case "app.bsky.embed.external" -> {
        JsonNode external = embed.path("external");
        if (!external.isObject()) {
          throw new Invalid("Missing required key \"external\" at $.record.embed");
        }
        String uri = string(external, "uri", "Record/embed/external/uri", true);
        if (!URI.matcher(uri).matches()) {
          throw new Invalid("Invalid URI at $.record.embed.external.uri");
        }
        string(external, "title", "Record/embed/external/title", true);
        string(external, "description", "Record/embed/external/description", true);
        if (external.has("thumb")) {
          blobs.add(blob(external.path("thumb"), "Record/embed/external/thumb", "image/", 1_000_000, repo));
        }
      }
      default -> throw new Invalid("Record/embed " + type + " is not supported by this fake");
    }
  }

  private static void aspectRatio(JsonNode parent, String path) throws Invalid {
    if (!parent.has("aspectRatio")) {
      return;
    }
    JsonNode ratio = parent.path("aspectRatio");
    for (String side : List.of("width", "height")) {
      int v = integer(ratio, side, path + "/aspectRatio/" + side);
      if (v < 1) {
        throw new Invalid("integer too small (minimum 1, got " + v + ") at " + at(path + "/aspectRatio/" + side));
      }
    }
  }

  /** The blob ref shape {@code {$type: blob, ref: {$link}, mimeType, size}} of an uploaded blob. */
  private static Blob blob(JsonNode b, String path, String accept, long maxSize, Repo repo) throws Invalid {
    if (!b.isObject()) {
      throw new Invalid("Missing required key \"" + path.substring(path.lastIndexOf('/') + 1) + "\" at " + at(path.substring(0, path.lastIndexOf('/'))));
    }
    if (!"blob".equals(b.path("$type").asString(null)) || !b.path("ref").path("$link").isString()
        || !b.path("mimeType").isString() || !b.path("size").isIntegralNumber()) {
      throw new Invalid(path + " should be a blob ref");
    }
    String cid = b.path("ref").path("$link").asString();
    Blob stored = repo.blob(cid);
    if (stored == null) {
      throw new Invalid("BlobNotFound", "Could not find blob: " + cid);
    }
    String claimed = b.path("mimeType").asString();
    boolean accepted = accept.endsWith("/") ? claimed.startsWith(accept) : claimed.equals(accept);
    if (!accepted) { // the lexicon is checked first, on the ref as written
      throw new Invalid("Expected \"" + (accept.endsWith("/") ? accept + "*" : accept) + "\" (got \"" + claimed
          + "\") at " + at(path + "/mimeType"));
    }
    if (b.path("size").asLong() > maxSize) {
      throw new Invalid("blob too big (maximum " + maxSize + ", got " + b.path("size").asLong() + ") at " + at(path + "/size"));
    }
    if (!stored.mimeType().equals(claimed)) {
      throw new Invalid("InvalidMimeType", "Referenced Mimetype does not match stored blob. Expected: "
          + stored.mimeType() + ", Got: " + claimed);
    }
    if (stored.size() != b.path("size").asLong()) {
      throw new Invalid("InvalidRequest", "Referenced size does not match stored blob. Expected: " + stored.size()
          + ", Got: " + b.path("size").asLong());
    }
    return stored;
  }

  private static String string(JsonNode parent, String field, String path, boolean required) throws Invalid {
    JsonNode v = parent.path(field);
    if (v.isMissingNode() || v.isNull()) {
      if (required) {
        int slash = path.lastIndexOf('/');
        throw new Invalid("Missing required key \"" + field + "\" at " + at(slash < 0 ? "Record" : path.substring(0, slash)));
      }
      return null;
    }
    if (!v.isString()) {
      throw new Invalid("Expected string value type (got " + type(v) + ") at " + at(path));
    }
    return v.asString();
  }

  private static int integer(JsonNode parent, String field, String path) throws Invalid {
    JsonNode v = parent.path(field);
    if (!v.isIntegralNumber()) {
      throw new Invalid("Expected integer value type (got " + type(v) + ") at " + at(path));
    }
    return v.asInt();
  }

  /** "Record/embed/images/0/alt" in the reference PDS's notation: "$.record.embed.images[0].alt". */
  static String at(String path) {
    var sb = new StringBuilder("$");
    for (String part : path.split("/")) {
      sb.append(part.chars().allMatch(Character::isDigit) ? "[" + part + "]" : "." + (part.equals("Record") ? "record" : part));
    }
    return sb.toString();
  }

  private static String type(JsonNode v) {
    return v.isMissingNode() || v.isNull() ? "undefined" : v.isObject() ? "object" : v.isArray() ? "array"
        : v.isString() ? "string" : v.isBoolean() ? "boolean" : v.isIntegralNumber() ? "integer" : "number";
  }

  private static boolean isContinuation(byte[] utf8, int i) {
    return (utf8[i] & 0xC0) == 0x80;
  }

  static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** Extended grapheme clusters, as the reference PDS counts with Intl.Segmenter. */
  static int graphemes(String s) {
    if (s.isEmpty()) {
      return 0;
    }
    var it = BreakIterator.getCharacterInstance(Locale.ROOT);
    it.setText(s);
    int n = 0;
    while (it.next() != BreakIterator.DONE) {
      n++;
    }
    return n;
  }

  static <T> List<T> map(JsonNode array, Function<JsonNode, T> f) {
    var out = new ArrayList<T>();
    array.forEach(n -> out.add(f.apply(n)));
    return out;
  }
}

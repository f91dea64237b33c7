package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The photos of {@link FakeFacebook} (networks.md 7.2): {@code POST /{page-id}/photos} with a
 * {@code url} Meta fetches itself (or a multipart {@code source}), checked to be a JPEG or PNG;
 * {@code published=false} keeps it for a feed post's {@code attached_media}.
 */
final class FakeFacebookPhotos {

  private FakeFacebookPhotos() {}

  static void photo(FakeFacebook fb, HttpExchange ex, String pageId, Map<String, String> values, Map<String, Multiparts.Part> files)
      throws IOException {
    boolean published = !"false".equals(values.get("published"));
    if (published) {
      if (fb.fault(ex)) {
        return;
      }
    } else {
      fb.countUpload();
    }
    byte[] bytes;
    if (files.containsKey("source")) {
      bytes = files.get("source").bytes();
    } else if (!FakeFacebook.blank(values.get("url"))) {
      bytes = fetch(fb, values.get("url"));
    } else {
      FakeFacebook.error(ex, 400, 324, 0, "(#324) Requires upload file", false);
      return;
    }
    if (bytes == null || !image(bytes)) {
      FakeFacebook.error(ex, 400, 324, 0, "(#324) Missing or invalid image file", false);
      return;
    }
    String id = fb.newId();
    var answer = new LinkedHashMap<String, Object>();
    answer.put("id", id);
    String postId = null;
    if (published) {
      postId = pageId + "_" + fb.newId();
      fb.addPost(new FakeFacebook.Post(postId, pageId, values.getOrDefault("caption", values.get("message")), null, List.of(id), null, null,
          new CopyOnWriteArrayList<>()));
      answer.put("post_id", postId);
    }
    fb.photoMap().put(id, new FakeFacebook.Photo(id, pageId, bytes, published, postId));
    LoopbackHttp.json(ex, 200, answer);
  }

  /** Meta fetches a photo's URL itself; null when it cannot. */
  private static byte[] fetch(FakeFacebook fb, String url) {
    try {
      var r = fb.fetcher().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      return r.statusCode() == 200 ? r.body() : null;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static boolean image(byte[] b) {
    boolean png = b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
    boolean jpeg = b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8;
    return png || jpeg;
  }

  /** {@code attached_media} as a JSON array or as {@code attached_media[i]} fields; null when malformed. */
  static List<String> attached(Map<String, String> values) {
    var out = new ArrayList<String>();
    try {
      if (values.containsKey("attached_media")) {
        for (var node : LoopbackHttp.JSON.readTree(values.get("attached_media"))) {
          out.add(node.path("media_fbid").asString());
        }
      }
      for (int i = 0; values.containsKey("attached_media[" + i + "]"); i++) {
        out.add(LoopbackHttp.JSON.readTree(values.get("attached_media[" + i + "]")).path("media_fbid").asString());
      }
    } catch (RuntimeException e) {
      return null;
    }
    return out.stream().anyMatch(FakeFacebook::blank) ? null : out;
  }

}

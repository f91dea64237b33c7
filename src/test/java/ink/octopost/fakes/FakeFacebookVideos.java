package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The resumable {@code POST /{page-id}/videos} of {@link FakeFacebook} (networks.md 7.2):
 * {@code upload_phase=start} with {@code file_size} answers a video id, a session and the first range;
 * each {@code transfer} must send exactly the range asked for ({@code start_offset}, a
 * {@code video_file_chunk} of {@code end_offset - start_offset} bytes); {@code finish} on a complete
 * upload publishes the video with its {@code title} and {@code description}.
 */
final class FakeFacebookVideos {

  private FakeFacebookVideos() {}

  static void handle(FakeFacebook fb, HttpExchange ex, String pageId, Map<String, String> values,
      Map<String, Multiparts.Part> files) throws IOException {
    String phase = values.getOrDefault("upload_phase", "");
    switch (phase) {
      case "start" -> start(fb, ex, pageId, values);
      case "transfer" -> transfer(fb, ex, pageId, values, files);
      case "finish" -> finish(fb, ex, pageId, values);
      default -> FakeFacebook.error(ex, 400, 100, 0,
          "(#100) This fake takes resumable uploads only: upload_phase must be start, transfer or finish", false);
    }
  }

  private static void start(FakeFacebook fb, HttpExchange ex, String pageId, Map<String, String> values) throws IOException {
    fb.countUpload();
    long size;
    try {
      size = Long.parseLong(values.getOrDefault("file_size", ""));
    } catch (NumberFormatException e) {
      size = -1;
    }
    if (size <= 0) {
      FakeFacebook.error(ex, 400, 100, 0, "(#100) file_size is required and must be positive", false);
      return;
    }
    var upload = new FakeFacebook.VideoUpload(fb.newId(), fb.newId(), pageId, size);
    fb.uploadsById().put(upload.sessionId, upload);
    LoopbackHttp.json(ex, 200, Map.of("video_id", upload.videoId, "upload_session_id", upload.sessionId,
        "start_offset", "0", "end_offset", Long.toString(Math.min(fb.chunk(), size))));
  }

  private static void transfer(FakeFacebook fb, HttpExchange ex, String pageId, Map<String, String> values,
      Map<String, Multiparts.Part> files) throws IOException {
    fb.countUpload();
    var upload = fb.uploadsById().get(values.getOrDefault("upload_session_id", ""));
    if (upload == null || !upload.pageId.equals(pageId)) {
      FakeFacebook.error(ex, 400, 6000, 1363037, "There was a problem uploading your video file: unknown upload session", false);
      return;
    }
    long at = upload.received.size();
    var chunk = files.get("video_file_chunk");
    if (!Long.toString(at).equals(values.get("start_offset"))) {
      FakeFacebook.error(ex, 400, 6001, 1363019, "start_offset " + values.get("start_offset") + " is not " + at, false);
      return;
    }
    long expected = Math.min(fb.chunk(), upload.size - at);
    if (chunk == null || chunk.bytes().length != expected) {
      FakeFacebook.error(ex, 400, 6001, 1363020, "video_file_chunk must be the " + expected + " bytes from " + at, false);
      return;
    }
    upload.received.writeBytes(chunk.bytes());
    upload.transfers++;
    long from = upload.received.size();
    LoopbackHttp.json(ex, 200, Map.of("start_offset", Long.toString(from),
        "end_offset", Long.toString(Math.min(from + fb.chunk(), upload.size))));
  }

  private static void finish(FakeFacebook fb, HttpExchange ex, String pageId, Map<String, String> values) throws IOException {
    if (fb.fault(ex)) {
      return;
    }
    var upload = fb.uploadsById().get(values.getOrDefault("upload_session_id", ""));
    if (upload == null || !upload.pageId.equals(pageId)) {
      FakeFacebook.error(ex, 400, 6000, 1363037, "There was a problem uploading your video file: unknown upload session", false);
      return;
    }
    if (upload.received.size() != upload.size) {
      FakeFacebook.error(ex, 400, 6001, 1363030, "The video upload is incomplete: " + upload.received.size() + " of "
          + upload.size + " bytes", false);
      return;
    }
    upload.sha256 = sha256(upload.received.toByteArray());
    fb.addPost(new FakeFacebook.Post(upload.videoId, pageId, values.get("description"), null, List.of(), upload.videoId,
        values.get("title"), new CopyOnWriteArrayList<>()));
    if (fb.dropped(ex)) {
      return;
    }
    LoopbackHttp.json(ex, 200, Map.of("success", true));
  }

  /** {@code GET /{video-id}?fields=status,permalink_url}: processing for the first checks, then ready (or the set error). */
  static void status(FakeFacebook fb, HttpExchange ex, FakeFacebook.VideoUpload upload, int processingChecks) throws IOException {
    String objectId = upload.videoId;
    var answer = new LinkedHashMap<String, Object>();
    answer.put("id", objectId);
    upload.statusChecks++;
    String state = fb.processingError() != null ? "error" : upload.statusChecks <= processingChecks ? "processing" : "ready";
    var phase = new LinkedHashMap<String, Object>();
    phase.put("status", state.equals("ready") ? "complete" : state.equals("error") ? "error" : "in_progress");
    if (fb.processingError() != null) {
      phase.put("errors", List.of(Map.of("code", 1363008, "message", fb.processingError())));
    }
    answer.put("status", Map.of("video_status", state, "processing_phase", phase));
    answer.put("permalink_url", "/" + upload.pageId + "/videos/" + objectId + "/");
    LoopbackHttp.json(ex, 200, answer);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

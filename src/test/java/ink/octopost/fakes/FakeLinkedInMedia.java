package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * The Images and Videos APIs of {@link FakeLinkedIn} (networks.md 4.3): {@code initializeUpload} (owner must be
 * the token's member or a page it administers), the upload URLs ({@code PUT}: an image's bytes, or a video part
 * of exactly its range, answered with an {@code ETag}), {@code finalizeUpload} (the ETags in order) and the
 * video's processing status.
 */
public final class FakeLinkedInMedia {

  public static final class Image {
    public final String urn;
    public final String owner;
    public volatile byte[] bytes;

    Image(String urn, String owner) {
      this.urn = urn;
      this.owner = owner;
    }
  }

  public static final class Video {
    public final String urn;
    public final String owner;
    public final long size;
    public final List<long[]> ranges = new ArrayList<>();
    public final Map<Integer, String> etags = new ConcurrentHashMap<>();
    public final Map<Integer, byte[]> parts = new ConcurrentHashMap<>();
    public volatile boolean finalized;
    public volatile int processingLeft;
    public volatile int statusChecks;

    Video(String urn, String owner, long size) {
      this.urn = urn;
      this.owner = owner;
      this.size = size;
    }
  }


  private final FakeLinkedIn api;
  private final Map<String, Image> images = new ConcurrentHashMap<>();
  private final Map<String, Video> videos = new ConcurrentHashMap<>();
  volatile long partBytes = 4 * 1024 * 1024;
  volatile int processingChecks;
  volatile boolean processingFails;

  FakeLinkedInMedia(FakeLinkedIn api) {
    this.api = api;
  }

  List<Video> videos() {
    return List.copyOf(videos.values());
  }

  boolean imageUploaded(String author, String urn) {
    Image image = images.get(urn);
    return image != null && image.bytes != null && image.owner.equals(author);
  }

  boolean videoAvailable(String author, String urn) {
    Video v = videos.get(urn);
    return v != null && v.owner.equals(author) && v.finalized && v.processingLeft == 0 && !processingFails;
  }

  void initImage(HttpExchange ex, FakeLinkedInAuth.Token token, JsonNode body) throws IOException {
    String owner = body.path("initializeUploadRequest").path("owner").asString("");
    if (!api.actsAs(token, owner)) {
      FakeLinkedIn.error(ex, 403, "ACCESS_DENIED", "Not enough permissions to upload for " + owner);
      return;
    }
    String id = "D4E" + api.ids.incrementAndGet();
    images.put("urn:li:image:" + id, new Image("urn:li:image:" + id, owner));
    LoopbackHttp.json(ex, 200, Map.of("value", Map.of("uploadUrlExpiresAt", System.currentTimeMillis() + 3_600_000,
        "uploadUrl", api.url() + "/dms-uploads/image/" + id, "image", "urn:li:image:" + id)));
  }

  void initVideo(HttpExchange ex, FakeLinkedInAuth.Token token, JsonNode body) throws IOException {
    JsonNode req = body.path("initializeUploadRequest");
    String owner = req.path("owner").asString("");
    long size = req.path("fileSizeBytes").asLong(0);
    if (!api.actsAs(token, owner)) {
      FakeLinkedIn.error(ex, 403, "ACCESS_DENIED", "Not enough permissions to upload for " + owner);
      return;
    }
    if (size <= 0) {
      FakeLinkedIn.error(ex, 422, "UNPROCESSABLE_ENTITY", "ERROR :: /initializeUploadRequest/fileSizeBytes :: field is required");
      return;
    }
    String id = "C5F" + api.ids.incrementAndGet();
    var video = new Video("urn:li:video:" + id, owner, size);
    var instructions = new ArrayList<Map<String, Object>>();
    int part = 0;
    for (long first = 0; first < size; first += partBytes, part++) {
      long last = Math.min(size, first + partBytes) - 1;
      video.ranges.add(new long[] {first, last});
      instructions.add(Map.of("uploadUrl", api.url() + "/dms-uploads/video/" + id + "/" + part, "firstByte", first, "lastByte", last));
    }
    videos.put(video.urn, video);
    LoopbackHttp.json(ex, 200, Map.of("value", Map.of("video", video.urn, "uploadToken", "",
        "uploadUrlsExpireAt", System.currentTimeMillis() + 3_600_000, "uploadInstructions", instructions)));
  }

  void upload(HttpExchange ex, String path) throws IOException {
    if (!"PUT".equals(ex.getRequestMethod())) {
      FakeLinkedIn.error(ex, 405, null, "PUT expected");
      return;
    }
    if (api.bearer(ex) == null) {
      return;
    }
    String[] parts = path.substring("/dms-uploads/".length()).split("/");
    byte[] bytes = ex.getRequestBody().readAllBytes();
    if (parts[0].equals("image") && parts.length == 2 && images.containsKey("urn:li:image:" + parts[1])) {
      images.get("urn:li:image:" + parts[1]).bytes = bytes;
      api.mediaUploads.incrementAndGet();
      LoopbackHttp.empty(ex, 201);
      return;
    }
    Video video = parts[0].equals("video") && parts.length == 3 ? videos.get("urn:li:video:" + parts[1]) : null;
    int part = video == null ? -1 : Integer.parseInt(parts[2]);
    if (video == null || part >= video.ranges.size()) {
      FakeLinkedIn.error(ex, 404, "NOT_FOUND", "No such upload");
      return;
    }
    long[] range = video.ranges.get(part);
    if (bytes.length != range[1] - range[0] + 1) {
      FakeLinkedIn.error(ex, 400, "ILLEGAL_ARGUMENT", "Part " + part + " must be " + (range[1] - range[0] + 1) + " bytes, got " + bytes.length);
      return;
    }
    video.parts.put(part, bytes);
    String etag = "\"etag-" + parts[1] + "-" + part + "-" + java.util.Arrays.hashCode(bytes) + "\"";
    video.etags.put(part, etag);
    api.mediaUploads.incrementAndGet();
    ex.getResponseHeaders().add("ETag", etag);
    LoopbackHttp.empty(ex, 200);
  }

  void finalizeVideo(HttpExchange ex, FakeLinkedInAuth.Token token, JsonNode body) throws IOException {
    JsonNode req = body.path("finalizeUploadRequest");
    Video video = videos.get(req.path("video").asString(""));
    if (video == null || !api.actsAs(token, video.owner)) {
      FakeLinkedIn.error(ex, 404, "NOT_FOUND", "No such video");
      return;
    }
    var given = new ArrayList<String>();
    req.path("uploadedPartIds").forEach(n -> given.add(n.asString()));
    var expected = new ArrayList<String>();
    for (int i = 0; i < video.ranges.size(); i++) {
      expected.add(video.etags.get(i));
    }
    if (!given.equals(expected)) {
      FakeLinkedIn.error(ex, 400, "ILLEGAL_ARGUMENT", "uploadedPartIds do not match the uploaded parts");
      return;
    }
    video.finalized = true;
    video.processingLeft = processingChecks;
    LoopbackHttp.empty(ex, 200);
  }

  void videoStatus(HttpExchange ex, FakeLinkedInAuth.Token token, String urn) throws IOException {
    Video video = videos.get(urn);
    if (video == null || !api.actsAs(token, video.owner)) {
      FakeLinkedIn.error(ex, 404, "NOT_FOUND", "No such video " + urn);
      return;
    }
    video.statusChecks++;
    String status;
    if (!video.finalized) {
      status = "WAITING_UPLOAD";
    } else if (processingFails) {
      status = "PROCESSING_FAILED";
    } else if (video.processingLeft > 0) {
      video.processingLeft--;
      status = "PROCESSING";
    } else {
      status = "AVAILABLE";
    }
    var answer = new LinkedHashMap<String, Object>();
    answer.put("id", urn);
    answer.put("status", status);
    if (processingFails) {
      answer.put("processingFailureReason", "Video format is not supported");
    }
    LoopbackHttp.json(ex, 200, answer);
  }

}

package ink.octopost.networks.linkedin;

import ink.octopost.networks.MediaFile;
import ink.octopost.networks.NetworkFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Uploads through the Images and Videos APIs (networks.md 4.3): an image is one {@code initializeUpload}
 * and one {@code PUT} of its bytes; a video is {@code initializeUpload} with its size, one {@code PUT} per
 * byte range LinkedIn dictates (each streamed from the file, never whole in memory), the parts' ETags,
 * and {@code finalizeUpload}. The owner is the post's author (a member or an organization).
 */
final class LinkedInMedia {

  private final LinkedInApi api;

  LinkedInMedia(LinkedInApi api) {
    this.api = api;
  }

  /** Uploads one image; returns its {@code urn:li:image:…}. */
  String image(String owner, String token, MediaFile file, boolean refreshable) throws NetworkFailure {
    JsonNode value = api.action("images?action=initializeUpload", token,
        Map.of("initializeUploadRequest", Map.of("owner", owner)), refreshable).path("value");
    String url = value.path("uploadUrl").asString(null);
    String urn = value.path("image").asString(null);
    if (url == null || urn == null || !urn.startsWith("urn:li:image:")) {
      throw new NetworkFailure.Unavailable("LinkedIn started an image upload without an upload URL or image URN");
    }
    api.put(url, token, "application/octet-stream", file.bodyPublisher(), refreshable);
    return urn;
  }

  /** Uploads one video in LinkedIn's parts and finalizes it; returns its {@code urn:li:video:…}. */
  String video(String owner, String token, MediaFile file, boolean refreshable) throws NetworkFailure {
    long size = file.size();
    var init = new java.util.LinkedHashMap<String, Object>();
    init.put("owner", owner);
    init.put("fileSizeBytes", size);
    init.put("uploadCaptions", false);
    init.put("uploadThumbnail", false);
    JsonNode value = api.action("videos?action=initializeUpload", token, Map.of("initializeUploadRequest", init), refreshable)
        .path("value");
    String urn = value.path("video").asString(null);
    if (urn == null || !urn.startsWith("urn:li:video:")) {
      throw new NetworkFailure.Unavailable("LinkedIn started a video upload without a video URN");
    }
    String uploadToken = value.path("uploadToken").asString("");
    List<String> etags = new ArrayList<>();
    for (JsonNode part : value.path("uploadInstructions")) {
      String url = part.path("uploadUrl").asString(null);
      long first = part.path("firstByte").asLong(-1);
      long last = part.path("lastByte").asLong(-1);
      if (url == null || first < 0 || last < first || last >= size) {
        throw new NetworkFailure.Unavailable("LinkedIn gave an upload instruction outside the video's " + size + " bytes");
      }
      var answer = api.put(url, token, "application/octet-stream", file.bodyPublisher(first, last - first + 1), refreshable);
      String etag = answer.headers().firstValue("ETag").orElse(null);
      if (etag == null || etag.isBlank()) {
        throw new NetworkFailure.Unavailable("LinkedIn took a video part without an ETag");
      }
      etags.add(etag);
    }
    if (etags.isEmpty()) {
      throw new NetworkFailure.Unavailable("LinkedIn gave no upload instructions for the video");
    }
    api.action("videos?action=finalizeUpload", token, Map.of("finalizeUploadRequest",
        Map.of("video", urn, "uploadToken", uploadToken, "uploadedPartIds", etags)), refreshable);
    return urn;
  }

  /** The video's processing status ({@code AVAILABLE}, {@code PROCESSING}, {@code PROCESSING_FAILED}, …). */
  JsonNode videoStatus(String urn, String token, boolean refreshable) throws NetworkFailure {
    return api.get("videos/" + LinkedInApi.encode(urn), token, refreshable);
  }
}

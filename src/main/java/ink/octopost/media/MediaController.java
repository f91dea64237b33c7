package ink.octopost.media;

import ink.octopost.auth.ApiKeyPrincipal;
import ink.octopost.auth.RequiresScope;
import ink.octopost.auth.Scope;
import ink.octopost.shared.ApiException;
import ink.octopost.shared.Cursor;
import ink.octopost.shared.JsonBody;
import ink.octopost.shared.Violations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.Nullable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/v1/media")
@Tag(name = "Media", description = "The media library: upload or import once, use in any post by media_id")
class MediaController {

  static final int MAX_ALT_TEXT = 5_000;

  private final MediaLibrary library;
  private final MediaViews views;

  MediaController(MediaLibrary library, MediaViews views) {
    this.library = library;
    this.views = views;
  }

  record MediaList(List<MediaView> media, boolean hasMore, @Nullable String nextCursor) {}

  /** Import by URL (documentation of the JSON body). */
  record ImportRequest(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "http(s) URL of an image or video; fetched once,"
          + " redirects followed (each checked), private addresses refused", example = "https://example.com/photo.jpg")
          String url,
      @Nullable @Schema(description = "At most 5,000 characters") String altText) {}

  /** A change of alt text (documentation of the JSON body). */
  record MediaUpdate(@Nullable @Schema(description = "At most 5,000 characters; null clears it") String altText) {}

  @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @RequiresScope(Scope.MEDIA_WRITE)
  @Operation(operationId = "uploadMedia", summary = "Upload an image or video (multipart/form-data: file, alt_text)",
      description = "Streams the file into the library: its type is sniffed from the bytes, it is probed (pixel size,"
          + " duration, frame rate, codecs) and stored once. The same bytes uploaded again in the workspace answer 200 with"
          + " the existing object; new media answers 201. Files over the image or video limit, or past the workspace's"
          + " quota, are 413 naming the limit; anything that is not a supported image or video (SVG, HTML, PDF, corrupt or"
          + " truncated files, images declaring more pixels than the cap) is 422 with the reason. Large videos over"
          + " unreliable links: use resumable uploads (/v1/uploads, tus 1.0).",
      responses = {
          @ApiResponse(responseCode = "201", description = "Stored", content = @Content(schema = @Schema(implementation = MediaView.class))),
          @ApiResponse(responseCode = "200", description = "The workspace already had these bytes: the existing object",
              content = @Content(schema = @Schema(implementation = MediaView.class)))})
  ResponseEntity<MediaView> upload(ApiKeyPrincipal caller, @RequestPart("file") MultipartFile file,
      @RequestParam(name = "alt_text", required = false) String altText) {
    checkAltText(altText);
    if (file.isEmpty()) {
      throw ApiException.invalid("file", "is empty");
    }
    MediaLibrary.Ingested ingested;
    try (InputStream in = file.getInputStream()) {
      ingested = library.ingest(caller.workspaceId(), caller.sandbox(), "upload", in, file.getOriginalFilename(), altText,
          file.getSize());
    } catch (IOException e) {
      throw ApiException.badRequest("The upload could not be read: " + e.getMessage());
    }
    return answer(ingested);
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @RequiresScope(Scope.MEDIA_WRITE)
  @Operation(operationId = "importMedia", summary = "Import an image or video from a URL",
      description = "Fetches the URL once through the outbound guard (private and metadata addresses refused, every"
          + " redirect checked, cut off after OCTOPOST_MEDIA_IMPORT_TIMEOUT) and stores it as an upload would be. 201 for new"
          + " media, 200 when the workspace already had these bytes, 422 naming url when it cannot be fetched or is not"
          + " supported media.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
          content = @Content(schema = @Schema(implementation = ImportRequest.class))),
      responses = {
          @ApiResponse(responseCode = "201", description = "Imported", content = @Content(schema = @Schema(implementation = MediaView.class))),
          @ApiResponse(responseCode = "200", description = "The workspace already had these bytes",
              content = @Content(schema = @Schema(implementation = MediaView.class)))})
  ResponseEntity<MediaView> importUrl(ApiKeyPrincipal caller, @RequestBody JsonNode root) {
    var v = new Violations();
    var body = JsonBody.of(root, v);
    String url = body.string("url");
    if (url == null && v.isEmpty()) {
      v.add("url", "is required: the http(s) URL of an image or video (or upload the file as multipart/form-data)");
    }
    String altText = body.string("alt_text");
    v.throwIfAny();
    checkAltText(altText);
    return answer(library.importUrl(caller.workspaceId(), caller.sandbox(), url, altText));
  }

  @GetMapping
  @RequiresScope(Scope.MEDIA_READ)
  @Operation(operationId = "listMedia", summary = "List the library, newest first",
      description = "Filters: type (image, gif, video), created_after (ISO 8601 with offset). Follow next_cursor while has_more.")
  MediaList list(ApiKeyPrincipal caller, @RequestParam(required = false) String type,
      @RequestParam(name = "created_after", required = false) String createdAfter,
      @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
    if (type != null && !List.of("image", "gif", "video").contains(type)) {
      throw ApiException.badRequest("Unknown type '" + type + "'; use image, gif or video");
    }
    Instant after = null;
    if (createdAfter != null) {
      try {
        after = OffsetDateTime.parse(createdAfter).toInstant();
      } catch (DateTimeParseException e) {
        throw ApiException.badRequest("created_after must be an ISO 8601 timestamp with an offset, e.g. 2026-04-03T12:00:00Z");
      }
    }
    int size = Cursor.limit(limit);
    var page = library.page(caller.workspaceId(), type, after, cursor == null ? null : Cursor.parse(cursor), size).map(views::view);
    return new MediaList(page.items(), page.hasMore(), page.nextCursor());
  }

  @GetMapping("/{id}")
  @RequiresScope(Scope.MEDIA_READ)
  @Operation(operationId = "getMedia", summary = "Get a media object", description = "One object of the library, with a fresh signed link.")
  MediaView get(ApiKeyPrincipal caller, @PathVariable String id) {
    return views.view(library.get(caller.workspaceId(), id));
  }

  @PatchMapping("/{id}")
  @RequiresScope(Scope.MEDIA_WRITE)
  @Operation(operationId = "updateMedia", summary = "Change a media object's alt text",
      description = "Only alt_text can change; posts that use the media and have no alt text of their own use it.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
          content = @Content(schema = @Schema(implementation = MediaUpdate.class))))
  MediaView update(ApiKeyPrincipal caller, @PathVariable String id, @RequestBody JsonNode root) {
    var v = new Violations();
    var body = JsonBody.of(root, v);
    if (!body.has("alt_text") && v.isEmpty()) {
      v.add("alt_text", "is the only field that can change; send it (null clears it)");
    }
    String altText = body.string("alt_text");
    v.throwIfAny();
    checkAltText(altText);
    return views.view(library.updateAltText(caller.workspaceId(), id, altText));
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @RequiresScope(Scope.MEDIA_WRITE)
  @Operation(operationId = "deleteMedia", summary = "Delete a media object and its fitted versions",
      description = "409 naming the posts while a scheduled or publishing post uses it; drafts and finished posts that used"
          + " it keep their text, and a draft must then be given other media before it can be scheduled.")
  void delete(ApiKeyPrincipal caller, @PathVariable String id) {
    library.delete(caller.workspaceId(), id);
  }

  private ResponseEntity<MediaView> answer(MediaLibrary.Ingested ingested) {
    return ResponseEntity.status(ingested.created() ? HttpStatus.CREATED : HttpStatus.OK).body(views.view(ingested.item()));
  }

  private static void checkAltText(String altText) {
    if (altText != null && altText.codePointCount(0, altText.length()) > MAX_ALT_TEXT) {
      throw ApiException.invalid("alt_text", "must be at most " + MAX_ALT_TEXT + " characters");
    }
  }
}

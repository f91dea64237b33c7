package ink.octopost.posts;

import ink.octopost.auth.ApiKeyPrincipal;
import ink.octopost.auth.RequiresScope;
import ink.octopost.auth.Scope;
import ink.octopost.networks.Platform;
import ink.octopost.shared.ApiException;
import ink.octopost.shared.Cursor;
import ink.octopost.shared.OutboundProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/v1/posts")
@Tag(name = "Posts", description = "Write once, publish everywhere")
class PostController {

  private final PostService posts;
  private final OutboundProperties outbound;
  private final ink.octopost.networks.ConnectorRegistry networks;
  private final QueuePlaces places;

  PostController(PostService posts, OutboundProperties outbound, ink.octopost.networks.ConnectorRegistry networks,
      QueuePlaces places) {
    this.posts = posts;
    this.outbound = outbound;
    this.networks = networks;
    this.places = places;
  }

  private PostInput input(JsonNode body) {
    return PostInput.parse(body, outbound.allowPrivateNetworks(), p -> networks.capabilities(p).options());
  }

  /** The request body, for the documentation; the body is read field by field. */
  record PostRequest(
      String content, List<String> platforms, List<String> accountIds, String presetId, String scheduledFor,
      String queueStatus, Post.Media media, List<Post.Segment> segments, Map<String, PostView.OverrideView> overrides) {}

  record PostList(List<PostView> posts, boolean hasMore, String nextCursor) {}

  record ValidationResult(boolean valid, List<TargetReport> targets) {}

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @RequiresScope(Scope.POSTS_WRITE)
  @Operation(summary = "Create a post: a draft, scheduled (scheduled_for) or queued (queue_status)")
  PostView create(ApiKeyPrincipal caller, @RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content = @Content(schema = @Schema(implementation = PostRequest.class))) JsonNode body) {
    return places.view(posts.create(caller, input(body)));
  }

  @GetMapping
  @RequiresScope(Scope.POSTS_READ)
  @Operation(summary = "List posts, newest first, with filters; queued posts are drafts with a queue_status"
      + " (filter them with queue_status=queued or pending) and show their queue_position and expected_at")
  PostList list(
      ApiKeyPrincipal caller,
      @RequestParam(required = false) String status,
      @RequestParam(name = "queue_status", required = false) String queueStatus,
      @RequestParam(required = false) String platform,
      @RequestParam(name = "account_id", required = false) String accountId,
      @RequestParam(name = "scheduled_after", required = false) String scheduledAfter,
      @RequestParam(name = "scheduled_before", required = false) String scheduledBefore,
      @RequestParam(name = "created_after", required = false) String createdAfter,
      @RequestParam(name = "created_before", required = false) String createdBefore,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    var filter = new PostRepository.Filter(
        status == null ? null : PostStatus.fromWire(status).orElseThrow(() -> unknownStatus(status)),
        queueStatus == null ? null : queueStatus(queueStatus),
        platform == null ? null : Platform.fromId(platform).orElseThrow(() ->
            ApiException.badRequest("Unknown platform '" + platform + "'; use one of " + Platform.ids())),
        accountId,
        instant("scheduled_after", scheduledAfter),
        instant("scheduled_before", scheduledBefore),
        instant("created_after", createdAfter),
        instant("created_before", createdBefore));
    int size = Cursor.limit(limit);
    var page = posts.page(caller, filter, cursor == null ? null : Cursor.parse(cursor), size);
    return new PostList(places.views(page.items()), page.hasMore(), page.nextCursor());
  }

  /** A queued post is a draft waiting for its slot: its queue_status says so, not its status. */
  private static ApiException unknownStatus(String status) {
    String hint = queueStatusOf(status) == null ? ""
        : " ('" + status + "' is a queue_status, not a status: filter with ?queue_status=" + status + ")";
    return ApiException.badRequest("Unknown status '" + status + "'; use draft, scheduled, publishing, published or failed" + hint);
  }

  private static Post.QueueStatus queueStatus(String value) {
    var q = queueStatusOf(value);
    if (q == null) {
      throw ApiException.badRequest("Unknown queue_status '" + value + "'; use queued or pending");
    }
    return q;
  }

  private static Post.QueueStatus queueStatusOf(String value) {
    return java.util.Arrays.stream(Post.QueueStatus.values()).filter(q -> q.wire().equals(value)).findFirst().orElse(null);
  }

  @GetMapping("/{id}")
  @RequiresScope(Scope.POSTS_READ)
  @Operation(summary = "Get a post with its targets and results")
  PostView get(ApiKeyPrincipal caller, @PathVariable String id) {
    return places.view(posts.get(caller, id));
  }

  @PutMapping("/{id}")
  @RequiresScope(Scope.POSTS_WRITE)
  @Operation(summary = "Update a post (partial: only the fields sent change; scheduled_for: null unschedules)")
  PostView put(ApiKeyPrincipal caller, @PathVariable String id, @RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content = @Content(schema = @Schema(implementation = PostRequest.class))) JsonNode body) {
    return places.view(posts.update(caller, id, input(body)));
  }

  @PatchMapping("/{id}")
  @RequiresScope(Scope.POSTS_WRITE)
  @Operation(summary = "Update a post (same as PUT)")
  PostView patch(ApiKeyPrincipal caller, @PathVariable String id, @RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content = @Content(schema = @Schema(implementation = PostRequest.class))) JsonNode body) {
    return put(caller, id, body);
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @RequiresScope(Scope.POSTS_WRITE)
  @Operation(summary = "Delete a post; a scheduled post is cancelled")
  void delete(ApiKeyPrincipal caller, @PathVariable String id,
      @RequestParam(name = "from_networks", required = false, defaultValue = "false") boolean fromNetworks) {
    posts.delete(caller, id, fromNetworks);
  }

  @PostMapping("/{id}/publish")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @RequiresScope(Scope.POSTS_WRITE)
  @Operation(summary = "Publish now (counts against the hourly publish quota)")
  PostView publish(ApiKeyPrincipal caller, @PathVariable String id) {
    return places.view(posts.publish(caller, id));
  }

  @PostMapping("/{id}/retry")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @RequiresScope(Scope.POSTS_WRITE)
  @Operation(summary = "Run the failed and unconfirmed targets again")
  PostView retry(ApiKeyPrincipal caller, @PathVariable String id) {
    return places.view(posts.retry(caller, id));
  }

  @PostMapping("/{id}/approve")
  @RequiresScope(Scope.POSTS_WRITE)
  @Operation(summary = "Approve a pending queued post; it keeps its place in the queue")
  PostView approve(ApiKeyPrincipal caller, @PathVariable String id) {
    return places.view(posts.approve(caller, id));
  }

  @PostMapping("/validate")
  @RequiresScope(Scope.POSTS_READ)
  @Operation(summary = "Dry run: check a post body against every target network; saves nothing")
  ValidationResult validate(ApiKeyPrincipal caller, @RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content = @Content(schema = @Schema(implementation = PostRequest.class))) JsonNode body) {
    var reports = posts.validate(caller, input(body));
    return new ValidationResult(reports.stream().allMatch(r -> r.violations().isEmpty()), reports);
  }

  private static Instant instant(String name, String value) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(name + " must be an ISO 8601 timestamp with an offset, e.g. 2026-04-03T12:00:00Z");
    }
  }
}

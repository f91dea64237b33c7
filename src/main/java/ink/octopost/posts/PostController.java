package ink.octopost.posts;

import ink.octopost.auth.ApiKeyPrincipal;
import ink.octopost.auth.RequiresScope;
import ink.octopost.auth.Scope;
import ink.octopost.networks.Platform;
import ink.octopost.shared.ApiException;
import ink.octopost.shared.Cursor;
import ink.octopost.shared.OutboundProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.Nullable;
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
      @Schema(description = "The main text, up to 10,000 characters; may be empty only when media is present",
          example = "Octopost 1.0 is out: write once, publish everywhere.") String content,
      @ArraySchema(schema = @Schema(implementation = Platform.class),
          arraySchema = @Schema(description = "Each resolves to the workspace's default account for that platform"))
          List<String> platforms,
      @Schema(description = "Explicit target accounts (acc_...); with platforms, the union is targeted") List<String> accountIds,
      @Nullable @Schema(description = "A preset supplies platforms (and cross-linking) when platforms is omitted") String presetId,
      @Nullable @Schema(description = "When to publish; must be in the future and carry an offset; null unschedules")
          Instant scheduledFor,
      @Nullable @Schema(implementation = Post.QueueStatus.class,
          description = "Queue the post (queued), or hold it for approval (pending); queueStatus is accepted too")
          String queueStatus,
      Post.Media media,
      @Schema(description = "The reply segments of a thread, at most 24") List<Post.Segment> segments,
      @Schema(description = "Per-platform changes, keyed by platform id") Map<String, PostView.OverrideView> overrides) {}

  record PostList(List<PostView> posts, boolean hasMore, @Nullable String nextCursor) {}

  record ValidationResult(@Schema(description = "true when no target has a violation") boolean valid, List<TargetReport> targets) {}

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @RequiresScope(Scope.POSTS_WRITE)
  @Operation(operationId = "createPost", summary = "Create a post: a draft, scheduled (scheduled_for) or queued (queue_status)",
      description = "Creates a post for the accounts that platforms, account_ids or a preset name. Without scheduled_for"
          + " or queue_status it is a draft; with scheduled_for it publishes then; with queue_status it takes the next"
          + " free queue slot. Text, media and options are checked here; each network's limits are checked by"
          + " validate and at publish time.")
  PostView create(ApiKeyPrincipal caller, @RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content = @Content(schema = @Schema(implementation = PostRequest.class))) JsonNode body) {
    return posts.create(caller, input(body));
  }

  @GetMapping
  @RequiresScope(Scope.POSTS_READ)
  @Operation(operationId = "listPosts", summary = "List posts, newest first, with filters; queued posts are drafts with a queue_status"
      + " (filter them with queue_status=queued or pending) and show their queue_position and expected_at",
      description = "Pages through the workspace's posts (a test key sees only sandbox posts). Filters combine;"
          + " timestamps need an offset. Follow next_cursor while has_more is true.")
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
  @Operation(operationId = "getPost", summary = "Get a post with its targets and results",
      description = "The post with one target per account, each target's status, network post id and URL or error.")
  PostView get(ApiKeyPrincipal caller, @PathVariable String id) {
    return places.view(posts.get(caller, id));
  }

  @PutMapping("/{id}")
  @ResponseStatus(HttpStatus.OK) // with an @ApiResponse declared, springdoc lists the 200 only when told
  @RequiresScope(Scope.POSTS_WRITE)
  @Operation(operationId = "updatePost", summary = "Update a post (partial: only the fields sent change; scheduled_for: null unschedules)",
      description = "Changes only the fields the body names. scheduled_for: null moves a scheduled post back to draft."
          + " A post that is publishing or published cannot change (409).")
  @ApiResponse(responseCode = "409", description = "The post is publishing or already published")
  PostView put(ApiKeyPrincipal caller, @PathVariable String id, @RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content = @Content(schema = @Schema(implementation = PostRequest.class))) JsonNode body) {
    return posts.update(caller, id, input(body));
  }

  @PatchMapping("/{id}")
  @ResponseStatus(HttpStatus.OK) // with an @ApiResponse declared, springdoc lists the 200 only when told
  @RequiresScope(Scope.POSTS_WRITE)
  @Operation(operationId = "patchPost", summary = "Update a post (same as PUT)",
      description = "The same partial update as PUT /v1/posts/{id}.")
  @ApiResponse(responseCode = "409", description = "The post is publishing or already published")
  PostView patch(ApiKeyPrincipal caller, @PathVariable String id, @RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content = @Content(schema = @Schema(implementation = PostRequest.class))) JsonNode body) {
    return put(caller, id, body);
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @RequiresScope(Scope.POSTS_WRITE)
  @Operation(operationId = "deletePost", summary = "Delete a post; a scheduled post is cancelled",
      description = "Removes the post; a scheduled post is cancelled. A published post is removed here only, unless"
          + " from_networks=true also deletes it on the networks that allow it. A post being published cannot be"
          + " deleted until publishing has finished (409).")
  @ApiResponse(responseCode = "409", description = "The post is being published")
  void delete(ApiKeyPrincipal caller, @PathVariable String id,
      @RequestParam(name = "from_networks", required = false, defaultValue = "false") boolean fromNetworks) {
    posts.delete(caller, id, fromNetworks);
  }

  @PostMapping("/{id}/publish")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @RequiresScope(Scope.POSTS_WRITE)
  @Operation(operationId = "publishPost", summary = "Publish now (counts against the hourly publish quota)",
      description = "Starts publishing to every target and answers at once with the post in publishing; follow it with"
          + " GET /v1/posts/{id} or the post.published, post.partially_failed and post.failed webhooks."
          + " Counts against the workspace's hourly publish quota (429 over it).")
  @ApiResponse(responseCode = "409", description = "The post is publishing, published or failed (use retry)")
  PostView publish(ApiKeyPrincipal caller, @PathVariable String id) {
    return places.view(posts.publish(caller, id));
  }

  @PostMapping("/{id}/retry")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @RequiresScope(Scope.POSTS_WRITE)
  @Operation(operationId = "retryPost", summary = "Run the failed and unconfirmed targets again",
      description = "Publishes the post's failed and unconfirmed targets again; published targets are left alone."
          + " An unconfirmed target may already be on the network: retrying it can post twice.")
  @ApiResponse(responseCode = "409", description = "The post is still publishing, or has nothing to retry")
  PostView retry(ApiKeyPrincipal caller, @PathVariable String id) {
    return places.view(posts.retry(caller, id));
  }

  @PostMapping("/{id}/approve")
  @ResponseStatus(HttpStatus.OK) // with an @ApiResponse declared, springdoc lists the 200 only when told
  @RequiresScope(Scope.POSTS_WRITE)
  @Operation(operationId = "approvePost", summary = "Approve a pending queued post; it keeps its place in the queue",
      description = "Moves a post with queue_status pending to queued; it keeps the place it was given when created.")
  @ApiResponse(responseCode = "409", description = "The post is not waiting for approval")
  PostView approve(ApiKeyPrincipal caller, @PathVariable String id) {
    return posts.approve(caller, id);
  }

  @PostMapping("/validate")
  @RequiresScope(Scope.POSTS_READ)
  @Operation(operationId = "validatePost", summary = "Dry run: check a post body against every target network; saves nothing",
      description = "Takes the same body as create and reports, per target, every rule the post breaks on that network:"
          + " length as the network counts it, media limits, missing accounts. Saves nothing; always 200 when the"
          + " body is well formed.")
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

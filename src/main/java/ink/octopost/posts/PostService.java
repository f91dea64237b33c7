package ink.octopost.posts;

import ink.octopost.accounts.Account;
import ink.octopost.accounts.AccountService;
import ink.octopost.accounts.AccountStatus;
import ink.octopost.auth.ApiKeyPrincipal;
import ink.octopost.events.EventOutbox;
import ink.octopost.events.EventType;
import ink.octopost.networks.ConnectorRegistry;
import ink.octopost.networks.ContentCheck;
import ink.octopost.networks.Platform;
import ink.octopost.networks.Violation;
import ink.octopost.presets.Preset;
import ink.octopost.presets.PresetService;
import ink.octopost.ratelimit.RateLimits;
import ink.octopost.shared.ApiException;
import ink.octopost.shared.Cursor;
import ink.octopost.shared.ErrorCode;
import ink.octopost.shared.Ids;
import ink.octopost.shared.Page;
import ink.octopost.shared.Violations;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Posts and their state machine: the public face of this feature. */
@Service
public class PostService {

  private final PostRepository posts;
  private final AccountService accounts;
  private final PresetService presets;
  private final ConnectorRegistry networks;
  private final RateLimits rateLimits;
  private final EventOutbox events;
  private final PublishDispatcher dispatcher;
  private final QueuePlaces places;
  private final PostMedia media;
  private final Clock clock;

  PostService(
      PostRepository posts,
      AccountService accounts,
      PresetService presets,
      ConnectorRegistry networks,
      RateLimits rateLimits,
      EventOutbox events,
      @org.springframework.context.annotation.Lazy PublishDispatcher dispatcher, // the engine depends on this service
      QueuePlaces places,
      PostMedia media,
      Clock clock) {
    this.media = media;
    this.posts = posts;
    this.accounts = accounts;
    this.presets = presets;
    this.networks = networks;
    this.rateLimits = rateLimits;
    this.events = events;
    this.dispatcher = dispatcher;
    this.places = places;
    this.clock = clock;
  }

  public Optional<Post> find(String id) {
    return posts.find(id);
  }

  /** Several posts with their targets, in two queries (the engine loads a claimed batch at once). */
  public java.util.Map<String, Post> findAll(java.util.Collection<String> ids) {
    return posts.findAll(ids);
  }

  Post get(ApiKeyPrincipal caller, String id) {
    return posts.find(caller.workspaceId(), caller.sandbox(), id, false).orElseThrow(() -> ApiException.notFound("Post"));
  }

  Page<Post> page(ApiKeyPrincipal caller, PostRepository.Filter filter, Cursor after, int limit) {
    return Page.of(posts.page(caller.workspaceId(), caller.sandbox(), filter, after, limit + 1), limit, Post::createdAt, Post::id);
  }

  @Transactional
  PostView create(ApiKeyPrincipal caller, PostInput in) {
    Instant now = now();
    var draft = new Post(Ids.newId("post"), caller.workspaceId(), caller.sandbox(), "", PostStatus.DRAFT, null, null,
        null, null, List.of(), List.of(), Post.Media.NONE, List.of(), Map.of(), now, now, null, List.of());
    var post = merge(draft, in, now, true);
    var resolved = resolveTargets(caller, post, true);
    var targets = resolved.targets();
    post = withTargets(post, resolved.presetId(), targets);
    media.checkIds(post);
    refuseIfUnpublishable(post, post.status() == PostStatus.SCHEDULED || post.queueStatus() != null);
    if (post.status() == PostStatus.SCHEDULED || post.queueStatus() != null) {
      post = media.importUrls(post);
    }
    posts.insert(post);
    media.recordUse(post);
    posts.replaceTargets(post.id(), targets, now);
    var saved = posts.find(post.id()).orElseThrow();
    var view = places.view(saved);
    events.record(caller.workspaceId(), caller.sandbox(), EventType.POST_CREATED, "post", view);
    if (saved.status() == PostStatus.SCHEDULED) {
      events.record(caller.workspaceId(), caller.sandbox(), EventType.POST_SCHEDULED, "post", view);
    }
    return view; // the view its event carries: worked out once
  }

  @Transactional
  PostView update(ApiKeyPrincipal caller, String id, PostInput in) {
    Instant now = now();
    var current = lock(caller, id);
    refuseIfStarted(current, "modified");
    var post = merge(current, in, now, false);
    boolean retarget = in.platforms().present() || in.accountIds().present() || in.presetId().present();
    var resolved = retarget ? resolveTargets(caller, post, true) : null;
    List<Post.Target> targets = retarget ? resolved.targets() : current.targets();
    post = withTargets(post, retarget ? resolved.presetId() : post.presetId(), targets);
    media.checkIds(post);
    refuseIfUnpublishable(post, post.status() == PostStatus.SCHEDULED || post.queueStatus() != null);
    if (post.status() == PostStatus.SCHEDULED || post.queueStatus() != null) {
      post = media.importUrls(post);
    }
    posts.update(post);
    media.recordUse(post);
    if (retarget || current.status() == PostStatus.FAILED) {
      posts.replaceTargets(post.id(), targets, now);
    }
    var saved = posts.find(post.id()).orElseThrow();
    var view = places.view(saved);
    events.record(caller.workspaceId(), caller.sandbox(), EventType.POST_UPDATED, "post", view);
    boolean newlyScheduled = saved.status() == PostStatus.SCHEDULED
        && (current.status() != PostStatus.SCHEDULED || !saved.scheduledFor().equals(current.scheduledFor()));
    if (newlyScheduled) {
      events.record(caller.workspaceId(), caller.sandbox(), EventType.POST_SCHEDULED, "post", view);
    }
    return view; // the view its event carries: worked out once
  }

  @Transactional
  void delete(ApiKeyPrincipal caller, String id, boolean fromNetworks) {
    var post = lock(caller, id);
    if (post.status() == PostStatus.PUBLISHING) {
      throw ApiException.conflict("Post is being published; delete it once publishing has finished");
    }
    if (fromNetworks) {
      deleteFromNetworks(post);
    }
    events.record(caller.workspaceId(), caller.sandbox(), EventType.POST_DELETED, "post", PostView.of(post));
    posts.delete(post.id());
  }

  /**
   * Deletes the post's published targets on their networks first; if any network refuses, nothing
   * is deleted here and the answer says which, so the request can simply be repeated.
   */
  private void deleteFromNetworks(Post post) {
    var failures = new java.util.LinkedHashMap<String, String>();
    for (var t : post.targets()) {
      if (t.status() != TargetStatus.PUBLISHED || t.networkPostId() == null || post.sandbox()) {
        continue; // nothing on a network (the sandbox never posted anywhere)
      }
      var connector = networks.connector(t.platform());
      if (!connector.capabilities().canDelete()) {
        failures.put(t.platform().id(), t.platform().id() + " posts cannot be deleted through its API");
        continue;
      }
      var account = accounts.find(t.accountId()).orElse(null);
      var credentials = account == null ? null : accounts.currentCredentials(account.id()).orElse(null);
      if (credentials == null) {
        failures.put(t.platform().id(), "the account is disconnected; its post stays on " + t.platform().id());
        continue;
      }
      try {
        connector.delete(new ink.octopost.networks.Publication.AccountContext(account.id(), account.platform(),
            account.platformUserId(), account.username(), account.instanceUrl(), credentials.values()), t.networkPostId());
      } catch (ink.octopost.networks.NetworkFailure f) {
        failures.put(t.platform().id(), f.getMessage());
      }
    }
    if (!failures.isEmpty()) {
      throw new ApiException(ErrorCode.CONFLICT,
          "Not deleted: " + String.join("; ", failures.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList())
              + ". The posts on the other networks were deleted; repeat the request to try again.",
          Map.of("networks", failures), Map.of());
    }
  }

  @Transactional
  Post publish(ApiKeyPrincipal caller, String id) {
    Instant now = now();
    var post = lock(caller, id);
    switch (post.status()) {
      case PUBLISHING -> throw ApiException.conflict("Post is already publishing");
      case PUBLISHED -> throw ApiException.conflict("Post has already been published");
      case FAILED -> throw ApiException.conflict("Post has failed; use POST /v1/posts/" + id + "/retry to run its failed targets again");
      default -> {}
    }
    media.checkIds(post);
    refuseIfUnpublishable(post, true);
    rateLimits.consumePublish(caller);
    var imported = media.importUrls(post);
    if (!imported.equals(post)) {
      posts.update(imported);
      media.recordUse(imported);
    }
    posts.clearQueue(post.id());
    if (!posts.transition(post.id(), EnumSet.of(PostStatus.DRAFT, PostStatus.SCHEDULED), PostStatus.PUBLISHING, now)) {
      throw ApiException.conflict("Post is already publishing");
    }
    return handOff(post.id());
  }

  @Transactional
  Post retry(ApiKeyPrincipal caller, String id) {
    Instant now = now();
    var post = lock(caller, id);
    if (post.status() == PostStatus.PUBLISHING) {
      throw ApiException.conflict("Post is still publishing; retry once it has finished");
    }
    var again = EnumSet.of(TargetStatus.FAILED, TargetStatus.UNCONFIRMED);
    if (post.targets().stream().noneMatch(t -> again.contains(t.status()))) {
      throw ApiException.conflict("Nothing to retry: the post has no failed or unconfirmed targets");
    }
    rateLimits.consumePublish(caller);
    posts.resetTargets(post.id(), again, now);
    posts.transition(post.id(), EnumSet.of(PostStatus.PUBLISHED, PostStatus.FAILED), PostStatus.PUBLISHING, now);
    return handOff(post.id());
  }

  @Transactional
  PostView approve(ApiKeyPrincipal caller, String id) {
    var post = lock(caller, id);
    if (post.queueStatus() != Post.QueueStatus.PENDING || !posts.approve(post.id(), now())) {
      throw ApiException.conflict("Post is not waiting for approval");
    }
    var view = places.view(posts.find(post.id()).orElseThrow());
    events.record(caller.workspaceId(), caller.sandbox(), EventType.POST_UPDATED, "post", view);
    return view;
  }

  /**
   * For the engine: registers imports for the URLs of a post that reached publishing without
   * library ids (saved before the media library existed); true when it had any.
   */
  @Transactional
  public boolean importMedia(String postId) {
    var post = posts.find(postId).orElse(null);
    if (post == null) {
      return false;
    }
    var imported = media.importUrls(post);
    if (imported.equals(post)) {
      return false;
    }
    posts.update(imported);
    media.recordUse(imported);
    return true;
  }

  /** The dry run of {@code POST /v1/posts/validate}: every target's violations, nothing saved. */
  @Transactional(readOnly = true)
  List<TargetReport> validate(ApiKeyPrincipal caller, PostInput in) {
    Instant now = now();
    var draft = new Post("post_validate", caller.workspaceId(), caller.sandbox(), "", PostStatus.DRAFT, null, null,
        null, null, List.of(), List.of(), Post.Media.NONE, List.of(), Map.of(), now, now, null, List.of());
    var post = merge(draft, in, now, true);
    var resolved = resolveTargets(caller, post, false);
    var reports = new ArrayList<TargetReport>();
    for (var p : resolved.missing()) {
      reports.add(new TargetReport(p.id(), null, List.of(new Violation("no_account",
          "No connected account for " + p.id() + ": connect one, or name an account in account_ids", "platforms", null, null))));
    }
    for (var t : resolved.targets()) {
      reports.add(new TargetReport(t.platform().id(), t.accountId(), check(post, t), media.warnings(
          networks.capabilities(t.platform()), post.contentFor(t.platform()))));
    }
    return reports;
  }

  /**
   * What would stop this target from publishing: its content with its account's own limits (a
   * Mastodon instance's), and the account itself.
   */
  public List<Violation> check(Post post, Post.Target target) {
    var account = accounts.find(target.accountId());
    var caps = account.map(accounts::capabilities).orElseGet(() -> networks.capabilities(target.platform()));
    var content = post.contentFor(target.platform());
    var out = new ArrayList<>(ContentCheck.check(caps, content));
    out.addAll(media.violations(post, caps.forContent(content), content));
    account.ifPresent(a -> {
      if (a.status() == AccountStatus.NEEDS_RECONNECT) {
        out.add(new Violation("account_needs_reconnect", "The " + target.platform().id() + " account " + a.username()
            + " must be reconnected before it can publish", "account_ids", null, null));
      } else if (a.status() == AccountStatus.DISCONNECTED) {
        out.add(new Violation("account_disconnected", "The " + target.platform().id() + " account " + a.username()
            + " is disconnected", "account_ids", null, null));
      }
    });
    return out;
  }

  /**
   * Settles publishing posts from their targets, inside the caller's transaction: a post stays
   * publishing while any target is pending or publishing; then it is {@code published} if at
   * least one target published (plus {@code post.partially_failed} when others did not), else
   * {@code failed}. The engine settles the posts of a whole batch of results at once.
   */
  @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
  public void settle(java.util.Collection<String> postIds) {
    // Lock the posts (in id order, so two batches cannot deadlock), then look at their targets:
    // results for one post serialize here, so exactly one of them finds nothing left and settles it.
    var finished = posts.lockFinishedPublishing(postIds);
    if (finished.isEmpty()) {
      return;
    }
    Instant now = now();
    var settled = new ArrayList<Post>();
    var newEvents = new ArrayList<EventOutbox.NewEvent>();
    for (var post : posts.findAll(finished).values()) {
      boolean anyPublished = post.targets().stream().anyMatch(t -> t.status() == TargetStatus.PUBLISHED);
      boolean anyFailed = post.targets().stream().anyMatch(t -> t.status() != TargetStatus.PUBLISHED);
      Instant publishedAt = post.targets().stream().map(Post.Target::publishedAt).filter(java.util.Objects::nonNull)
          .min(Instant::compareTo).orElse(null);
      var done = post.settled(anyPublished ? PostStatus.PUBLISHED : PostStatus.FAILED, publishedAt, now);
      settled.add(done);
      var view = PostView.of(done);
      if (anyPublished) {
        newEvents.add(new EventOutbox.NewEvent(post.workspaceId(), post.sandbox(), EventType.POST_PUBLISHED, "post", view));
        if (anyFailed) {
          newEvents.add(new EventOutbox.NewEvent(post.workspaceId(), post.sandbox(), EventType.POST_PARTIALLY_FAILED, "post", view));
        }
      } else {
        newEvents.add(new EventOutbox.NewEvent(post.workspaceId(), post.sandbox(), EventType.POST_FAILED, "post", view));
      }
    }
    posts.finishAll(settled);
    events.recordAll(newEvents);
  }

  private Post handOff(String postId) {
    var post = posts.find(postId).orElseThrow();
    dispatcher.dispatch(post);
    return posts.find(postId).orElseThrow();
  }

  private Post lock(ApiKeyPrincipal caller, String id) {
    return posts.find(caller.workspaceId(), caller.sandbox(), id, true).orElseThrow(() -> ApiException.notFound("Post"));
  }

  private static void refuseIfStarted(Post post, String verb) {
    if (post.status() == PostStatus.PUBLISHING) {
      throw ApiException.conflict("Post is being published and cannot be " + verb);
    }
    if (post.status() == PostStatus.PUBLISHED) {
      throw ApiException.conflict("Post has already been published and cannot be " + verb);
    }
  }

  /** A post that is going to publish (now, at a time, or from the queue) must be able to. */
  private void refuseIfUnpublishable(Post post, boolean goingToPublish) {
    if (!goingToPublish) {
      return;
    }
    var reports = new ArrayList<TargetReport>();
    for (var t : post.targets()) {
      var violations = check(post, t);
      if (!violations.isEmpty()) {
        reports.add(new TargetReport(t.platform().id(), t.accountId(), violations));
      }
    }
    if (!reports.isEmpty()) {
      var first = reports.getFirst();
      throw new ApiException(ErrorCode.VALIDATION_ERROR,
          "The post cannot be published to " + first.platform() + ": " + first.violations().getFirst().message(),
          Map.of("targets", reports, "fields", reports.stream().flatMap(r -> r.violations().stream()
              .map(v -> new ApiException.FieldViolation(v.field(), r.platform() + ": " + v.message()))).toList()),
          Map.of());
    }
  }

  /** Applies the fields the request sent, then checks the rules that span fields. */
  private Post merge(Post p, PostInput in, Instant now, boolean creating) {
    var v = new Violations();
    String content = in.content().or(p.content());
    Post.Media media = in.media().present() ? in.media().value() : p.media();
    Instant scheduledFor = in.scheduledFor().or(p.scheduledFor());
    if (in.scheduledFor().present() && scheduledFor != null && !scheduledFor.isAfter(now)) {
      v.add("scheduled_for", "must be in the future");
    }
    Post.QueueStatus queue = in.queueStatus().or(p.queueStatus());
    if (scheduledFor != null && queue != null) {
      v.add(in.queueStatus().present() ? "queue_status" : "scheduled_for",
          "a post is either scheduled for a time or queued, not both");
    }
    if (content.isBlank() && media.isEmpty()) {
      v.add("content", "is required (it may be empty only when media is attached)");
    }
    v.throwIfAny();
    Instant queuedAt = queue == null ? null : (p.queueStatus() != null ? p.queuedAt() : now);
    PostStatus status = scheduledFor != null ? PostStatus.SCHEDULED : PostStatus.DRAFT;
    return new Post(p.id(), p.workspaceId(), p.sandbox(), content, status, queue, queuedAt, scheduledFor,
        in.presetId().or(p.presetId()), in.platforms().or(p.requestedPlatforms()), in.accountIds().or(p.requestedAccountIds()),
        media, in.segments().or(p.segments()), in.overrides().or(p.overrides()), p.createdAt(), now, p.publishedAt(), p.targets());
  }

  /** @param presetId the preset the post names, or the default preset that applied to it, or null */
  private record Resolved(List<Post.Target> targets, List<Platform> missing, String presetId) {}

  /**
   * The accounts a post goes to: its platforms' default accounts (or, with none named, those of
   * its preset's platforms, or of the workspace's default preset's, that have one) plus the
   * accounts it names.
   */
  private Resolved resolveTargets(ApiKeyPrincipal caller, Post post, boolean strict) {
    List<Platform> platforms = post.requestedPlatforms();
    Preset preset = null;
    if (post.presetId() != null) {
      preset = presets.find(caller.workspaceId(), post.presetId()).orElseThrow(() -> ApiException.notFound("Preset"));
    } else if (platforms.isEmpty() && post.requestedAccountIds().isEmpty()) {
      // The default preset supplies the platforms; the post says which one did, as if named.
      preset = presets.defaultPreset(caller.workspaceId()).orElse(null);
    }
    boolean fromPreset = preset != null && platforms.isEmpty();
    if (fromPreset) {
      platforms = preset.platforms();
    }
    if (platforms.isEmpty() && post.requestedAccountIds().isEmpty()) {
      throw ApiException.invalid("platforms", "name at least one platform, account_ids or a preset_id");
    }
    var resolution = accounts.resolve(caller.workspaceId(), caller.sandbox(), platforms, post.requestedAccountIds());
    var missing = resolution.platformsWithoutAccount();
    if (fromPreset && !resolution.accounts().isEmpty()) {
      // A preset's platforms are the ones it would like: those without an account are left out
      // ("All Platforms" names networks a workspace may never connect), except a cross-link
      // primary, which the others link to.
      Platform primary = preset.crossLinkEnabled() ? preset.primaryPlatform() : null;
      missing = missing.stream().filter(p -> p == primary).toList();
    }
    if (strict && !missing.isEmpty()) {
      var v = new Violations();
      for (var p : missing) {
        int i = platforms.indexOf(p);
        v.add((post.requestedPlatforms().isEmpty() ? "preset_id" : "platforms[" + i + "]"),
            "no connected " + p.id() + " account: connect one, or name an account in account_ids");
      }
      v.throwIfAny();
    }
    var targets = new ArrayList<Post.Target>();
    var existing = post.targets();
    int position = 0;
    for (Account a : resolution.accounts()) {
      String targetId = existing.stream().filter(t -> t.accountId().equals(a.id())).map(Post.Target::id).findFirst()
          .orElseGet(() -> Ids.newId("tgt"));
      targets.add(new Post.Target(targetId, post.id(), a.id(), a.platform(), position++, TargetStatus.PENDING, 0,
          null, null, null, null, null, null, null, List.of()));
    }
    return new Resolved(List.copyOf(targets), List.copyOf(missing), preset == null ? null : preset.id());
  }

  private static Post withTargets(Post p, String presetId, List<Post.Target> targets) {
    return new Post(p.id(), p.workspaceId(), p.sandbox(), p.content(), p.status(), p.queueStatus(), p.queuedAt(),
        p.scheduledFor(), presetId, p.requestedPlatforms(), p.requestedAccountIds(), p.media(), p.segments(),
        p.overrides(), p.createdAt(), p.updatedAt(), p.publishedAt(), targets);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}

package ink.octopost.publishing;

import ink.octopost.accounts.Account;
import ink.octopost.accounts.AccountService;
import ink.octopost.accounts.AccountStatus;
import ink.octopost.networks.ConnectorRegistry;
import ink.octopost.networks.ContentCheck;
import ink.octopost.networks.NetworkCapabilities;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.Publication;
import ink.octopost.networks.SendGate;
import ink.octopost.posts.Post;
import ink.octopost.posts.PostService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one claimed target: checks it again the way the network counts, publishes the post and
 * then each reply segment in order (committing each part, so a retry continues after it),
 * refreshes expired credentials once, and records the outcome by failure class.
 */
@Component
class TargetRunner {

  private static final Logger log = LoggerFactory.getLogger(TargetRunner.class);
  /** Rate limits are honoured, not counted as failures, but not forever either. */
  private static final int MAX_RATE_LIMITED_ATTEMPTS = 25;
  /** How long a refresh that lost a race to another node waits for the winner's credentials. */
  private static final int RACE_CHECKS = 5;
  private static final Duration RACE_CHECK_INTERVAL = Duration.ofMillis(200);

  private final TargetStore store;
  private final PostService posts;
  private final AccountService accounts;
  private final CrossLinks crossLinks;
  private final Outcomes outcomes;
  private final CallMarkers markers;
  private final ConnectorRegistry registry;
  private final JsonMapper json;
  private final Clock clock;
  private final EngineProperties props;
  private final ink.octopost.media.MediaLibrary media;
  private final ProgressWaits waits;
  /** Striped, so memory stays bounded; two accounts sharing a stripe merely take turns. */
  private final ReentrantLock[] refreshLocks = IntStream.range(0, 64).mapToObj(i -> new ReentrantLock())
      .toArray(ReentrantLock[]::new);

  TargetRunner(TargetStore store, PostService posts, AccountService accounts, CrossLinks crossLinks, Outcomes outcomes,
      CallMarkers markers, ConnectorRegistry registry, JsonMapper json, Clock clock, EngineProperties props,
      ink.octopost.media.MediaLibrary media, ProgressWaits waits) {
    this.media = media;
    this.waits = waits;
    this.store = store;
    this.posts = posts;
    this.accounts = accounts;
    this.crossLinks = crossLinks;
    this.outcomes = outcomes;
    this.markers = markers;
    this.registry = registry;
    this.json = json;
    this.clock = clock;
    this.props = props;
  }

  /**
   * What a claimed batch needs, loaded once for the whole batch in three queries: its posts, its
   * accounts and their credentials. Read-only once built, so its targets' threads share it freely.
   */
  record Batch(Map<String, Post> posts, Map<String, Account> accounts, Map<String, AccountService.Credentials> credentials) {}

  Batch load(List<TargetStore.Claimed> claimed) {
    var accountIds = claimed.stream().map(TargetStore.Claimed::accountId).distinct().toList();
    return new Batch(posts.findAll(claimed.stream().map(TargetStore.Claimed::postId).distinct().toList()),
        accounts.findAll(accountIds), accounts.currentCredentials(accountIds));
  }

  void run(TargetStore.Claimed c, String owner, Batch batch) {
    var sent = new java.util.concurrent.atomic.AtomicBoolean();
    try {
      runOrThrow(c, owner, batch, sent);
    } catch (SendGate.TakenOver e) {
      // Taken over before the request (this node was presumed dead): another node runs it.
    } catch (RuntimeException e) {
      log.error("Publishing target {} failed unexpectedly", c.id(), e);
      if (!sent.get()) {
        // Nothing reached the network: safe to run again later.
        store.retryAt(c, owner, now().plus(backoff(c.attempts())), "internal_error",
            "Octopost hit an internal error before publishing; it will try again", now());
        return;
      }
      // The call may have gone out, so never guess.
      finish(c, owner, "unconfirmed", "internal_error",
          "Octopost hit an internal error while publishing; the post may or may not be on the network. Check it, then retry if needed.",
          null, List.of());
    }
  }

  private void runOrThrow(TargetStore.Claimed c, String owner, Batch batch, java.util.concurrent.atomic.AtomicBoolean sent) {
    Post post = batch.posts().get(c.postId());
    Account loaded = batch.accounts().get(c.accountId());
    if (post == null || loaded == null) {
      return; // deleted between the claim and the load: nothing to publish
    }
    NetworkConnector connector = post.sandbox() ? registry.sandbox(c.platform()) : registry.connector(c.platform());

    var link = crossLinks.forSecondary(post, c.platform(), c.id());
    PostContent content = link.apply(post.contentFor(c.platform()));

    if (loaded.status() != AccountStatus.ACTIVE) {
      boolean gone = loaded.status() == AccountStatus.DISCONNECTED;
      finish(c, owner, "failed", gone ? "account_disconnected" : "account_needs_reconnect",
          "The " + c.platform().id() + " account " + loaded.username()
              + (gone ? " was disconnected" : " must be reconnected") + " before it can publish",
          link.note(), List.of());
      return;
    }
    // Media comes from the library: a URL not imported yet (a post saved before the library
    // existed) is registered now, and a target whose media is still importing waits for it
    // without spending an attempt.
    if (!post.sandbox() && hasUnimported(content) && posts.importMedia(post.id())) {
      store.waitFor(c, owner, now().plusSeconds(1), "media_processing", "Waiting for the post's media to be imported", now());
      return;
    }
    var readiness = post.sandbox() ? ink.octopost.media.MediaLibrary.Readiness.READY : media.readiness(post.workspaceId(), content);
    if (readiness.failure() != null) {
      finish(c, owner, "failed", "media_failed", readiness.failure(), link.note(), List.of());
      return;
    }
    if (readiness.waiting()) {
      store.waitFor(c, owner, now().plusSeconds(2), "media_processing", "Waiting for the post's media to be imported", now());
      return;
    }
    // The account's own limits (a Mastodon instance's), read again when a day old.
    Account account = accounts.withFreshLimits(loaded, context(loaded, batch).credentials());
    NetworkCapabilities caps = accounts.capabilities(account);
    var violations = post.sandbox()
        ? List.<ink.octopost.networks.Violation>of() // the sandbox connector applies the same check itself
        : ContentCheck.check(caps, content);
    if (!violations.isEmpty()) {
      finish(c, owner, "failed", "validation_failed", violations.getFirst().message(), link.note(), List.of());
      return;
    }

    List<PostContent> parts = content.parts();
    List<Publication.Published> refs = c.threadRefs() == null
        ? new ArrayList<>()
        : new ArrayList<>(json.readValue(c.threadRefs(), new TypeReference<List<Publication.Published>>() {}));

    var ctx = context(account, batch);
    boolean refreshed = false;
    SendGate gate = gate(c, owner, sent);
    // The last segment whose publishing request the connector let through its gate: an answer
    // lost before that (a media upload's) cannot have created this segment's post.
    var opened = new java.util.concurrent.atomic.AtomicInteger(-1);
    for (int k = c.segmentsDone(); k < parts.size(); k++) {
      final int segment = k;
      SendGate segmentGate = () -> {
        gate.open();
        opened.set(segment);
      };
      // What the connector said when it last answered InProgress for this very part (only the
      // part this run starts with can have any: a part that publishes takes its progress along).
      var publication = new Publication(ctx, parts.get(k), k == 0 ? null : refs.get(k - 1), k == 0 ? null : refs.getFirst(),
          c.id() + ":" + k, segmentGate, waits.given(c, k));
      try {
        refs.add(connector.publish(publication));
        if (k < parts.size() - 1 && !store.progress(c.id(), owner, k + 1, json.writeValueAsString(refs), now())) {
          return; // our lease was taken: another node owns this target now
        }
      } catch (NetworkFailure.CredentialsExpired e) {
        Publication.AccountContext renewed;
        try {
          renewed = refreshed ? null : refresh(connector, account, ctx);
        } catch (NetworkFailure transientRefusal) {
          // The token endpoint was down or busy: that says nothing about the account. Retry later.
          failed(c, owner, caps, transientRefusal, k, parts.size(), refs, link.note(), account);
          return;
        }
        if (renewed != null) {
          refreshed = true;
          ctx = renewed;
          k--;
          continue;
        }
        failed(c, owner, caps, new NetworkFailure.AccessRevoked(e.getMessage()), k, parts.size(), refs, link.note(), account);
        return;
      } catch (NetworkFailure.InProgress p) {
        if (waits.tooLong(c, k, now())) {
          finish(c, owner, "failed", "in_progress_timeout", waits.where(k, parts.size()) + c.platform().id()
              + " was still processing after " + waits.waited(c, k, now()).toMinutes() + " minutes, longer than Octopost waits"
              + " for one part of a post (" + props.maxInProgress() + ", OCTOPOST_ENGINE_MAX_IN_PROGRESS): " + p.getMessage(),
              link.note(), refs);
        } else {
          waits.waitFor(c, owner, k, parts.size(), p, now());
        }
        return;
      } catch (NetworkFailure.OutcomeUnknown f) {
        // Lost before the gate opened: only preparatory calls (media uploads) were made, so no
        // post can exist; that is a transient failure, retried, never "unconfirmed".
        NetworkFailure what = opened.get() < k
            ? new NetworkFailure.Unavailable(f.getMessage() + " (before the post itself was sent)") : f;
        failed(c, owner, caps, what, k, parts.size(), refs, link.note(), account);
        return;
      } catch (NetworkFailure f) {
        failed(c, owner, caps, f, k, parts.size(), refs, link.note(), account);
        return;
      }
    }
    var first = refs.getFirst();
    boolean touch = account.lastUsedAt() == null || account.lastUsedAt().isBefore(now().minusSeconds(60));
    outcomes.commit(new Outcomes.Outcome(c, owner, "published", first.postId(), first.postUrl(), null, null, link.note(), post,
        touch ? account : null));
  }

  /**
   * The claim alone is no attempt, nor is a connector's preparatory work (fetching and uploading
   * media creates no post): the connector opens this gate right before the request that creates
   * the post, and only once its "sending" marker is committed may that request leave. A crash
   * before it costs nothing (the target runs again); after it, the recovery knows the call may
   * have reached the network. The first opening in a run marks; later ones (reply segments, the
   * call repeated after a refresh) find it marked.
   */
  private SendGate gate(TargetStore.Claimed c, String owner, java.util.concurrent.atomic.AtomicBoolean sent) {
    return () -> {
      if (sent.get()) {
        return;
      }
      if (props.callMarker() && !markers.mark(c, owner)) {
        throw new SendGate.TakenOver();
      }
      sent.set(true);
    };
  }

  private static boolean hasUnimported(PostContent content) {
    for (var part : content.parts()) {
      if (part.images().stream().anyMatch(i -> i.mediaId() == null && i.url() != null)
          || (part.video() != null && part.video().mediaId() == null && part.video().url() != null)) {
        return true;
      }
    }
    return false;
  }

  /** Decides what a failure means for the target, and records it. */
  private void failed(TargetStore.Claimed c, String owner, NetworkCapabilities caps, NetworkFailure f, int part,
      int parts, List<Publication.Published> refs, String note, Account account) {
    String where = part == 0 ? "" : "Reply segment " + part + " of " + (parts - 1) + " failed, after the post"
        + (part > 1 ? " and " + (part - 1) + " repl" + (part == 2 ? "y" : "ies") : "") + " were published: ";
    String message = where + f.getMessage();
    Instant now = now();
    switch (f) {
      case NetworkFailure.RateLimited r -> {
        if (c.attempts() < MAX_RATE_LIMITED_ATTEMPTS) {
          Instant at = r.retryAt() == null || r.retryAt().isBefore(now) ? now.plus(backoff(c.attempts())) : r.retryAt();
          store.retryAt(c, owner, at, f.code(), message + " (retrying at " + at + ")", now);
        } else {
          finish(c, owner, "failed", f.code(), message + " (still rate limited after " + c.attempts() + " attempts)", note, refs);
        }
      }
      case NetworkFailure.Unavailable u -> retryOrFail(c, owner, f, message, note, refs, now);
      case NetworkFailure.OutcomeUnknown u -> {
        if (caps.idempotentPublish()) {
          retryOrFail(c, owner, f, message, note, refs, now);
        } else {
          finish(c, owner, "unconfirmed", f.code(), message + ". The request reached " + c.platform().id()
              + " but its answer was lost, so the post may or may not be there. It is not retried automatically:"
              + " check the network, then retry if it is missing.", note, refs);
        }
      }
      case NetworkFailure.AccessRevoked a -> {
        accounts.markNeedsReconnect(account.id(), f.getMessage());
        finish(c, owner, "failed", f.code(), message, note, refs);
      }
      default -> finish(c, owner, "failed", f.code(), message, note, refs);
    }
  }

  private void retryOrFail(TargetStore.Claimed c, String owner, NetworkFailure f, String message, String note,
      List<Publication.Published> refs, Instant now) {
    if (c.attempts() < props.maxAttempts()) {
      Instant at = now.plus(backoff(c.attempts()));
      store.retryAt(c, owner, at, f.code(), message + " (attempt " + c.attempts() + " of " + props.maxAttempts()
          + "; retrying at " + at + ")", now);
    } else {
      finish(c, owner, "failed", f.code(), message + " (gave up after " + c.attempts() + " attempts)", note, refs);
    }
  }

  /** Exponential backoff with ±25% jitter, capped. */
  Duration backoff(int attempt) {
    long base = props.backoffBase().toMillis() << Math.min(20, Math.max(0, attempt - 1));
    long capped = Math.min(base, props.backoffMax().toMillis());
    return Duration.ofMillis((long) (capped * (0.75 + ThreadLocalRandom.current().nextDouble() * 0.5)));
  }

  private void finish(TargetStore.Claimed c, String owner, String status, String code, String error, String note,
      List<Publication.Published> refs) {
    var first = refs.isEmpty() ? null : refs.getFirst();
    outcomes.commit(new Outcomes.Outcome(c, owner, status, first == null ? null : first.postId(),
        first == null ? null : first.postUrl(), code, error, note, null, null));
  }

  private Publication.AccountContext context(Account account, Batch batch) {
    var stored = batch.credentials().get(account.id());
    Map<String, String> credentials = stored == null ? Map.of() : stored.values();
    return new Publication.AccountContext(account.id(), account.platform(), account.platformUserId(), account.username(),
        account.instanceUrl(), credentials, account.limits());
  }

  /**
   * New credentials after an expired token. Refresh tokens may rotate (X): each can be spent once,
   * so two targets of one account must not both refresh. On this node they take turns, and the
   * second finds the first one's credentials stored; a node that lost the race to another node
   * has its refresh refused, and waits briefly for the winner's credentials instead of giving up.
   */
  /**
   * @throws NetworkFailure a transient refusal of the refresh itself (5xx, 429, no answer): the
   *     credentials may still be good, so the target is retried rather than the account given up
   */
  private Publication.AccountContext refresh(NetworkConnector connector, Account account, Publication.AccountContext ctx)
      throws NetworkFailure {
    var lock = refreshLocks[Math.floorMod(account.id().hashCode(), refreshLocks.length)];
    lock.lock();
    try {
      var stored = accounts.currentCredentials(account.id()).orElse(null);
      if (stored == null) {
        return null;
      }
      if (!stored.values().equals(ctx.credentials())) {
        return ctx.withCredentials(stored.values());
      }
      try {
        var renewed = connector.refresh(ctx);
        if (renewed.isPresent()) {
          if (accounts.replaceCredentials(account.id(), stored.version(), renewed.get().credentials(),
              renewed.get().expiresAt())) {
            return ctx.withCredentials(renewed.get().credentials());
          }
          return accounts.currentCredentials(account.id()).map(cr -> ctx.withCredentials(cr.values())).orElse(null);
        }
      } catch (NetworkFailure.Unavailable | NetworkFailure.RateLimited f) {
        throw f;
      } catch (NetworkFailure.OutcomeUnknown f) {
        // A refresh has no side effect on the post; asking again is safe.
        throw new NetworkFailure.Unavailable("refreshing the token got no answer: " + f.getMessage());
      } catch (NetworkFailure f) {
        log.info("Refreshing the credentials of account {} failed: {}", account.id(), f.getMessage());
      }
      return storedByAnotherNode(account, ctx, stored.version());
    } finally {
      lock.unlock();
    }
  }

  /** Credentials another node stored after {@code version}, if any turn up within a second. */
  private Publication.AccountContext storedByAnotherNode(Account account, Publication.AccountContext ctx, long version) {
    for (int i = 0; i < RACE_CHECKS; i++) {
      var now = accounts.currentCredentials(account.id()).orElse(null);
      if (now == null) {
        return null;
      }
      if (now.version() != version) {
        return ctx.withCredentials(now.values());
      }
      try {
        Thread.sleep(RACE_CHECK_INTERVAL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  private Instant now() {
    return clock.instant();
  }
}

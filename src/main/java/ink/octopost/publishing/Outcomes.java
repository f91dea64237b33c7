package ink.octopost.publishing;

import ink.octopost.accounts.Account;
import ink.octopost.accounts.AccountService;
import ink.octopost.posts.Post;
import ink.octopost.posts.PostService;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Commits targets' final results in groups. Each result still waits for its own commit, but the
 * results that arrive while one group is being written go together in the next transaction: a
 * burst of thousands of results costs a few hundred transactions instead of one each, and their
 * posts are settled (and their events recorded) in a handful of statements per group.
 *
 * <p>Whoever submits while no group is being written writes the group itself (no extra thread);
 * a group that fails is written again one result at a time, so one bad result cannot take the
 * others down with it.
 */
@Component
class Outcomes {

  private static final Logger log = LoggerFactory.getLogger(Outcomes.class);
  /** The most results one transaction takes. */
  static final int MAX_GROUP = 256;

  /**
   * A target's final result. {@code status} is {@code published}, {@code failed} or {@code
   * unconfirmed}; {@code post} is the post as loaded for the run (null: look it up);
   * {@code touch} is an account whose last use should be recorded (or null).
   */
  record Outcome(
      TargetStore.Claimed target, String owner, String status, String networkPostId, String networkPostUrl,
      String code, String error, String note, Post post, Account touch) {

    boolean published() {
      return "published".equals(status);
    }
  }

  private final TargetStore store;
  private final PostService posts;
  private final AccountService accounts;
  private final CrossLinks crossLinks;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final GroupCommit<Outcome> groups = new GroupCommit<>(MAX_GROUP, this::write);

  Outcomes(TargetStore store, PostService posts, AccountService accounts, CrossLinks crossLinks, TransactionTemplate tx,
      Clock clock) {
    this.store = store;
    this.posts = posts;
    this.accounts = accounts;
    this.crossLinks = crossLinks;
    this.tx = tx;
    this.clock = clock;
  }

  /**
   * Commits {@code outcome} (with whatever else is waiting) and returns whether it landed: false
   * when this node no longer held the target (its lease was taken over).
   *
   * @throws RuntimeException when it could not be written (the database is down)
   */
  boolean commit(Outcome outcome) {
    return groups.submit(outcome);
  }

  private void write(List<GroupCommit.Entry<Outcome>> group) {
    try {
      var landed = tx.execute(s -> writeInOneTransaction(group.stream().map(GroupCommit.Entry::item).toList()));
      group.forEach(p -> p.landed().complete(landed.contains(p.item().target().id())));
    } catch (RuntimeException groupFailed) {
      if (group.size() == 1) {
        group.getFirst().landed().completeExceptionally(groupFailed);
        return;
      }
      log.warn("Writing {} publishing results together failed ({}); writing them one by one", group.size(),
          groupFailed.getMessage());
      for (var p : group) {
        write(List.of(p));
      }
    }
  }

  /** Records the results, releases cross-link waiters, settles the posts; returns the ids that landed. */
  private java.util.Set<String> writeInOneTransaction(List<Outcome> group) {
    store.relaxCommit();
    Instant now = clock.instant();
    var landed = new HashSet<String>();
    landed.addAll(store.publishedAll(group.stream().filter(Outcome::published).toList(), now));
    landed.addAll(store.finishAll(group.stream().filter(o -> !o.published()).toList(), now));
    var landedOutcomes = group.stream().filter(o -> landed.contains(o.target().id())).toList();
    // Outcomes recorded without their post (failures before or outside a run): one read for all.
    var unknown = posts.findAll(landedOutcomes.stream().filter(o -> o.post() == null).map(o -> o.target().postId())
        .distinct().toList());
    var settle = new LinkedHashSet<String>();
    var touched = new HashSet<String>();
    for (var o : landedOutcomes) {
      settle.add(o.target().postId());
      if (o.touch() != null && touched.add(o.touch().id())) {
        accounts.touch(o.touch().id());
      }
      Post post = o.post() != null ? o.post() : unknown.get(o.target().postId());
      if (post != null && post.presetId() != null) {
        crossLinks.afterTarget(post, o.target().platform());
      }
    }
    if (!settle.isEmpty()) {
      posts.settle(settle);
    }
    return landed;
  }
}

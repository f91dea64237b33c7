package ink.octopost.publishing;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The durable "sending" marker of each network call, committed in groups. A call waits until its
 * marker is committed (synchronously: flushed to the WAL) before its request is written, so after
 * a crash the recovery knows which targets may have reached their network; the others simply run
 * again. The markers that queue while one group is being written go together in the next
 * transaction, the way {@link Outcomes} commits results: a burst pays a few hundred flushes, not
 * one per call.
 */
@Component
class CallMarkers {

  private final TargetStore store;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final GroupCommit<TargetStore.Sending> groups = new GroupCommit<>(Outcomes.MAX_GROUP, this::write);

  CallMarkers(TargetStore store, TransactionTemplate tx, Clock clock) {
    this.store = store;
    this.tx = tx;
    this.clock = clock;
  }

  /**
   * Commits the marker of {@code target}'s call; returns false when this node no longer holds the
   * target (another node took it over), in which case the call must not be made.
   *
   * @throws RuntimeException when the marker could not be written (the call must not be made)
   */
  boolean mark(TargetStore.Claimed target, String owner) {
    return groups.submit(new TargetStore.Sending(target, owner));
  }

  private void write(List<GroupCommit.Entry<TargetStore.Sending>> group) {
    try {
      var held = new HashSet<>(tx.execute(s -> store.markSending(group.stream().map(GroupCommit.Entry::item).toList(), clock.instant())));
      group.forEach(p -> p.landed().complete(held.contains(p.item().target().id())));
    } catch (RuntimeException e) {
      // No call of this group may start; each one's runner puts its target back (nothing was sent).
      group.forEach(p -> p.landed().completeExceptionally(e));
    }
  }
}

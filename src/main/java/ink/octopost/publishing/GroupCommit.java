package ink.octopost.publishing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Writes items in groups, each submitter waiting for the commit that carries its own item: the
 * items that arrive while one group is being written go together in the next one. Whoever submits
 * while no group is being written writes the group itself (no extra thread). The engine's call
 * markers and results both commit this way, so a burst pays a few hundred transactions, not one
 * per target.
 *
 * @param <T> what is written
 */
final class GroupCommit<T> {

  /** One submitted item and its answer: true when it landed, false when it did not apply. */
  record Entry<T>(T item, CompletableFuture<Boolean> landed) {}

  private final int maxGroup;
  private final Consumer<List<Entry<T>>> writer;
  private final ConcurrentLinkedQueue<Entry<T>> queue = new ConcurrentLinkedQueue<>();
  private final ReentrantLock writing = new ReentrantLock();

  /**
   * @param writer writes one group and completes every entry of it (normally or exceptionally)
   */
  GroupCommit(int maxGroup, Consumer<List<Entry<T>>> writer) {
    this.maxGroup = maxGroup;
    this.writer = writer;
  }

  /**
   * Commits {@code item} with whatever else is waiting; returns the writer's answer for it.
   *
   * @throws RuntimeException the writer's failure for this item
   */
  boolean submit(T item) {
    var entry = new Entry<T>(item, new CompletableFuture<>());
    queue.add(entry);
    writing.lock();
    try {
      while (!entry.landed().isDone()) {
        var group = new ArrayList<Entry<T>>();
        for (Entry<T> e; group.size() < maxGroup && (e = queue.poll()) != null; ) {
          group.add(e);
        }
        writer.accept(group);
      }
    } finally {
      writing.unlock();
    }
    return entry.landed().join();
  }
}

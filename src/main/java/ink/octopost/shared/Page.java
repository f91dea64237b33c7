package ink.octopost.shared;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** One page of a keyset-paged list: the rows, and the cursor that continues after the last. */
public record Page<T>(List<T> items, boolean hasMore, String nextCursor) {

  /** From {@code limit + 1} fetched rows: the extra row only says that there is more. */
  public static <T> Page<T> of(List<T> fetched, int limit, Function<T, Instant> at, Function<T, String> id) {
    boolean more = fetched.size() > limit;
    List<T> items = more ? fetched.subList(0, limit) : fetched;
    String next = more ? Cursor.after(at.apply(items.getLast()), id.apply(items.getLast())) : null;
    return new Page<>(List.copyOf(items), more, next);
  }

  public <R> Page<R> map(Function<T, R> f) {
    return new Page<>(items.stream().map(f).toList(), hasMore, nextCursor);
  }
}

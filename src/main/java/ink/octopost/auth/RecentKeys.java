package ink.octopost.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keys that authenticated a moment ago, so a burst of requests on one key looks it up once, not
 * once per request. Bounded in time both ways:
 *
 * <ul>
 *   <li>a revocation on this node removes the key before the revoke call returns, and a lookup
 *       that raced with it is not kept (see {@link #revocations}), so on one node the very next
 *       request is refused;
 *   <li>a revocation on another node (several nodes on one external database) is seen once the
 *       entry is {@link #TTL} old, the same bound for a change of the workspace's plan tier.
 * </ul>
 *
 * Only keys that authenticated are kept: unknown keys always go to the database, so guessing
 * cannot fill memory. Ages are measured on the monotonic clock, not the application clock, so a
 * clock frozen or moved by a test (or stepped by NTP) neither stretches nor shortens them.
 */
final class RecentKeys {

  static final Duration TTL = Duration.ofSeconds(2);
  private static final int MAX_ENTRIES = 10_000;

  /** A cached principal; {@code lastUsedAt} is what {@code last_used_at} was last set to. */
  static final class Entry {
    final ApiKeyPrincipal principal;
    final long loadedAtNanos;
    volatile Instant lastUsedAt;

    Entry(ApiKeyPrincipal principal, Instant lastUsedAt) {
      this.principal = principal;
      this.loadedAtNanos = System.nanoTime();
      this.lastUsedAt = lastUsedAt;
    }
  }

  private final ConcurrentHashMap<String, Entry> byHash = new ConcurrentHashMap<>();
  /** Counts revocations on this node; a lookup that overlapped one is not cached. */
  private final AtomicLong revocations = new AtomicLong();

  Entry get(byte[] hash) {
    String k = HexFormat.of().formatHex(hash);
    Entry e = byHash.get(k);
    if (e != null && System.nanoTime() - e.loadedAtNanos > TTL.toNanos()) {
      byHash.remove(k, e);
      return null;
    }
    return e;
  }

  /** Read before the database lookup whose result may be {@link #put}. */
  long revocationCount() {
    return revocations.get();
  }

  void put(byte[] hash, Entry entry, long revocationCountBeforeLookup) {
    String k = HexFormat.of().formatHex(hash);
    if (byHash.size() >= MAX_ENTRIES) {
      byHash.clear();
    }
    byHash.put(k, entry);
    // A revocation that committed after the lookup read the row may have run its removal before
    // the put above: then the count has moved, and the entry must go.
    if (revocations.get() != revocationCountBeforeLookup) {
      byHash.remove(k, entry);
    }
  }

  /** Called after the revocation is committed. */
  void revoked(String keyId) {
    revocations.incrementAndGet();
    byHash.values().removeIf(e -> e.principal.keyId().equals(keyId));
  }

  void clear() {
    revocations.incrementAndGet();
    byHash.clear();
  }
}

package ink.octopost.testing;

import ink.octopost.networks.ConnectorDecorator;
import ink.octopost.networks.NetworkCapabilities;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.Platform;
import ink.octopost.networks.Publication;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * A scriptable network for engine tests, wrapped around every real connector (capabilities stay
 * the real network's). An account a test has scripted answers from its script; any other account
 * reaches the real connector. Shared by every application context in the test JVM, so several
 * nodes publish to one fake network and every call is counted once.
 */
@Component
public class ScriptedNetwork implements ConnectorDecorator {

  /** One scripted answer. */
  public sealed interface Step {}

  public record Succeed() implements Step {}

  public record Delay(long millis) implements Step {}

  /** Succeeds after {@code millis}, answering with this network post id (which may be hostile). */
  public record SucceedAs(String postId, long millis) implements Step {}

  public record Fail(NetworkFailure failure) implements Step {}

  /** The node "dies" after the request went out: nothing after the call is ever recorded. */
  public record Crash() implements Step {}

  /**
   * The node "dies" during the connector's preparatory work (fetching or uploading media), before
   * its send gate opens: no request was written and the network saw nothing.
   */
  public record CrashBeforeSending() implements Step {}

  /**
   * The connector's preparatory work (a media upload) fails before its send gate opens: the
   * network saw no publishing request.
   */
  public record FailBeforeSending(NetworkFailure failure) implements Step {}

  /**
   * The network is still processing (a container, an upload): the connector answers {@code
   * NetworkFailure.InProgress} with this progress and checkAt, before its send gate opens (a
   * container being created), or after it ({@code afterSending}: the post exists and the
   * progress says how to finish it). A null progress stands for {@code {"container": "c-<the
   * call's idempotency key>"}}, so each target's progress is its own.
   */
  public record Processing(Map<String, String> progress, Instant checkAt, boolean afterSending) implements Step {
    public Processing(Map<String, String> progress, Instant checkAt) {
      this(progress, checkAt, false);
    }
  }

  /** What a publish call was handed: the part's text and {@code Publication.progress()}. */
  public record Seen(String accountId, String text, String idempotencyKey, Map<String, String> progress) {}

  /** One call as the network saw it. */
  public record Call(String accountId, Platform platform, String text, String replyTo, String idempotencyKey, Map<String, String> credentials) {}

  private static final Map<String, Deque<Step>> SCRIPTS = new ConcurrentHashMap<>();
  private static final Map<String, Step> DEFAULTS = new ConcurrentHashMap<>();
  private static final Map<String, Deque<Optional<NetworkConnector.RefreshedCredentials>>> REFRESHES = new ConcurrentHashMap<>();
  private static final List<Call> CALLS = new CopyOnWriteArrayList<>();
  private static final List<Seen> SEEN = new CopyOnWriteArrayList<>();
  private static final AtomicLong IDS = new AtomicLong(1_000);
  private static final Map<String, java.util.concurrent.atomic.AtomicInteger> IN_FLIGHT = new ConcurrentHashMap<>();
  private static final Map<String, java.util.concurrent.atomic.AtomicInteger> PEAK = new ConcurrentHashMap<>();

  /** The most calls this account ever had in flight at once. */
  public static int peakConcurrency(String accountId) {
    return PEAK.getOrDefault(accountId, new java.util.concurrent.atomic.AtomicInteger()).get();
  }

  /** The account answers with these steps, then with {@code otherwise} (success when null). */
  public static void script(String accountId, Step... steps) {
    SCRIPTS.put(accountId, new ArrayDeque<>(List.of(steps)));
    DEFAULTS.put(accountId, new Succeed());
  }

  /** Every call for this account answers {@code step} once its script is used up. */
  public static void otherwise(String accountId, Step step) {
    SCRIPTS.computeIfAbsent(accountId, k -> new ArrayDeque<>());
    DEFAULTS.put(accountId, step);
  }

  private static final Map<String, Deque<NetworkFailure>> REFRESH_FAILURES = new ConcurrentHashMap<>();

  /** The next refresh of this account fails with {@code failure}. */
  public static void refreshFails(String accountId, NetworkFailure failure) {
    REFRESH_FAILURES.computeIfAbsent(accountId, k -> new java.util.concurrent.ConcurrentLinkedDeque<>()).add(failure);
  }

  public static void refreshes(String accountId, Optional<NetworkConnector.RefreshedCredentials> result) {
    REFRESHES.computeIfAbsent(accountId, k -> new java.util.concurrent.ConcurrentLinkedDeque<>()).add(result);
  }

  public static List<Call> calls(String accountId) {
    return CALLS.stream().filter(c -> c.accountId().equals(accountId)).toList();
  }

  /** Every scripted publish call of this account (those that never reached the gate too), in order. */
  public static List<Seen> seen(String accountId) {
    return SEEN.stream().filter(c -> c.accountId().equals(accountId)).toList();
  }

  public static List<Call> calls() {
    return List.copyOf(CALLS);
  }

  @Override
  public NetworkConnector decorate(NetworkConnector real) {
    return new Scripted(real);
  }

  /** Thrown to stop a worker the way a dying process would: nothing after it runs. */
  public static final class SimulatedCrash extends Error {
    SimulatedCrash() {
      super("simulated crash after the network call", null, false, false);
    }
  }

  private record Scripted(NetworkConnector real) implements NetworkConnector {
    @Override
    public Platform platform() {
      return real.platform();
    }

    @Override
    public NetworkCapabilities capabilities() {
      return real.capabilities();
    }

    @Override
    public NetworkCapabilities capabilities(ink.octopost.networks.AccountLimits limits) {
      return real.capabilities(limits);
    }

    /** A scripted account never reaches its network, not even for its limits. */
    @Override
    public Optional<ink.octopost.networks.AccountLimits> limits(Publication.AccountContext account) throws NetworkFailure {
      return SCRIPTS.containsKey(account.id()) ? Optional.empty() : real.limits(account);
    }

    @Override
    public Publication.Published publish(Publication p) throws NetworkFailure {
      String account = p.account().id();
      var script = SCRIPTS.get(account);
      if (script == null) {
        return real.publish(p);
      }
      Step step;
      synchronized (script) {
        step = script.isEmpty() ? DEFAULTS.getOrDefault(account, new Succeed()) : script.poll();
      }
      SEEN.add(new Seen(account, p.content().text(), p.idempotencyKey(), p.progress()));
      if (step instanceof Processing w && !w.afterSending()) {
        throw new NetworkFailure.InProgress("Container still processing", w.checkAt(), progress(w, p));
      }
      if (step instanceof CrashBeforeSending) {
        throw new SimulatedCrash();
      }
      if (step instanceof FailBeforeSending f) {
        throw f.failure();
      }
      // A scripted call is one request: the gate opens before it, as a real connector's does.
      p.gate().open();
      CALLS.add(new Call(account, platform(), p.content().text(), p.replyTo() == null ? null : p.replyTo().postId(),
          p.idempotencyKey(), p.account().credentials()));
      int now = IN_FLIGHT.computeIfAbsent(account, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
      PEAK.computeIfAbsent(account, k -> new java.util.concurrent.atomic.AtomicInteger()).accumulateAndGet(now, Math::max);
      try {
        switch (step) {
          case Delay d -> sleep(d.millis());
          case Fail f -> throw f.failure();
          case Crash c -> throw new SimulatedCrash();
          case Processing w -> throw new NetworkFailure.InProgress("Upload still being checked", w.checkAt(), progress(w, p));
          case CrashBeforeSending c -> throw new IllegalStateException("handled before the gate");
          case FailBeforeSending f -> throw new IllegalStateException("handled before the gate");
          case Succeed s -> {}
          case SucceedAs s -> sleep(s.millis());
        }
      } finally {
        IN_FLIGHT.get(account).decrementAndGet();
      }
      String id = step instanceof SucceedAs s ? s.postId() : String.valueOf(IDS.incrementAndGet());
      return new Publication.Published(id, "https://" + platform().id() + ".example/" + account + "/" + id, Map.of("n", id));
    }

    @Override
    public Identity connect(Map<String, String> fields) throws NetworkFailure {
      return real.connect(fields);
    }

    @Override
    public void delete(Publication.AccountContext account, String postId) throws NetworkFailure {
      real.delete(account, postId);
    }

    @Override
    public Optional<RefreshedCredentials> refresh(Publication.AccountContext account) throws NetworkFailure {
      var failures = REFRESH_FAILURES.get(account.id());
      if (failures != null && !failures.isEmpty()) {
        throw failures.poll();
      }
      var queue = REFRESHES.get(account.id());
      if (queue == null || queue.isEmpty()) {
        return real.refresh(account);
      }
      return queue.poll();
    }

    private static Map<String, String> progress(Processing w, Publication p) {
      return w.progress() != null ? w.progress() : Map.of("container", "c-" + p.idempotencyKey());
    }

    private static void sleep(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A future instant for RateLimited scripts. */
  public static Instant in(java.time.Duration d, java.time.Clock clock) {
    return clock.instant().plus(d);
  }
}

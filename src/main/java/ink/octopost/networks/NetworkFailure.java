package ink.octopost.networks;

import java.time.Instant;

/**
 * Why a network call did not publish, classified by what the engine must do about it. Each
 * connector maps its network's errors into exactly one of these.
 */
public sealed class NetworkFailure extends Exception {

  private final String code;

  private NetworkFailure(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  /** A stable machine code for the target's {@code error_code}. */
  public String code() {
    return code;
  }

  /** The access token expired: refresh the credentials once, then try again. */
  public static final class CredentialsExpired extends NetworkFailure {
    public CredentialsExpired(String message) {
      super("credentials_expired", message);
    }
  }

  /** Access was revoked or the credentials are wrong: the account needs reconnecting. */
  public static final class AccessRevoked extends NetworkFailure {
    public AccessRevoked(String message) {
      super("account_needs_reconnect", message);
    }
  }

  /** The network said "not now": try again exactly at {@code retryAt}. */
  public static final class RateLimited extends NetworkFailure {
    private final Instant retryAt;

    public RateLimited(String message, Instant retryAt) {
      super("rate_limited", message);
      this.retryAt = retryAt;
    }

    public Instant retryAt() {
      return retryAt;
    }
  }

  /** The network refused this content or media for good: fail with its reason, never retry. */
  public static final class Rejected extends NetworkFailure {
    public Rejected(String code, String message) {
      super(code == null ? "rejected" : code, message);
    }
  }

  /** A transient failure before anything was published (5xx, connection refused): back off. */
  public static final class Unavailable extends NetworkFailure {
    public Unavailable(String message) {
      super("network_unavailable", message);
    }
  }

  /**
   * Not a failure: the network is still working (an Instagram or Threads container processing, a
   * TikTok or LinkedIn upload being checked) and the connector wants to look again at {@code
   * checkAt}, without holding a thread. The engine stores {@code progress} on the target, gives the
   * target back, and at {@code checkAt} calls {@code publish} again for the same part with {@link
   * Publication#progress()} set to it; no attempt is spent. The connector decides when waiting has
   * gone on too long (keep a start time in {@code progress}) and then fails with {@link Rejected}.
   *
   * <p>Throw it before the send gate has opened for the request that creates the post, or after the
   * post exists with enough in {@code progress} to finish without creating it again.
   *
   * @param progress the connector's own state, a few short strings (ids, a start time); stored as
   *     they are, so never put secrets in it
   */
  public static final class InProgress extends NetworkFailure {
    private final Instant checkAt;
    private final java.util.Map<String, String> progress;

    public InProgress(String message, Instant checkAt, java.util.Map<String, String> progress) {
      super("in_progress", message);
      this.checkAt = checkAt;
      this.progress = java.util.Map.copyOf(progress);
    }

    public Instant checkAt() {
      return checkAt;
    }

    public java.util.Map<String, String> progress() {
      return progress;
    }
  }

  /** The request was sent and the answer lost: it may have published. Never blindly retried. */
  public static final class OutcomeUnknown extends NetworkFailure {
    public OutcomeUnknown(String message) {
      super("outcome_unknown", message);
    }
  }
}

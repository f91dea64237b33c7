package ink.octopost.fakes;

import java.util.List;

/**
 * What every fake network offers the connector contract test: what it holds, and faults to
 * inject into the next publish call. Each fake is built from the network's contract in
 * networks.md and validates requests the way the real API does.
 */
public interface FakeNetwork extends AutoCloseable {

  /** A post as the fake network holds it. */
  record Held(String id, String text, String replyTo, int images, List<String> altTexts, boolean video) {}

  /** Faults in the network's own words (status codes, bodies, headers). */
  enum Fault {
    /** The access token expired (where tokens expire): the network's 401 for that. */
    EXPIRED_TOKEN,
    /** The credentials were revoked or are wrong. */
    REVOKED,
    /** Rate limited, with the network's own reset signal {@link #rateLimitResetSeconds()} from now. */
    RATE_LIMITED,
    /** A 5xx. */
    SERVER_ERROR,
    /** The post is created, then the connection drops before the answer. */
    DROP_AFTER_SEND
  }

  /** Posts currently on the network (deleted ones are gone), oldest first. */
  List<Held> held();

  /** Publish calls received so far (including failed ones). */
  int publishCalls();

  /**
   * Media uploads received so far: requests that send media to the network ahead of the one that
   * publishes it. Zero on a network whose media travels in the publishing request itself.
   */
  int mediaUploads();

  /** The next publish call fails with this fault. */
  void failNext(Fault fault);

  /** How far ahead the fake's rate-limit reset signal points. */
  default long rateLimitResetSeconds() {
    return 30;
  }

  @Override
  void close();
}

package ink.octopost.shared;

import org.springframework.core.Ordered;

/**
 * The order of Octopost's servlet filters, in one place so the chain reads top to bottom: the
 * edge (request id, error rendering), body limits, authentication, rate limits, idempotency.
 */
public final class FilterOrder {

  public static final int EDGE = Ordered.HIGHEST_PRECEDENCE + 10;
  public static final int BODY_LIMIT = EDGE + 10;
  public static final int AUTHENTICATION = EDGE + 20;
  public static final int RATE_LIMIT = EDGE + 30;
  public static final int IDEMPOTENCY = EDGE + 40;

  private FilterOrder() {}
}

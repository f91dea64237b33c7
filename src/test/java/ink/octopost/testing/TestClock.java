package ink.octopost.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The application's clock in tests: real time unless a test freezes or moves it. {@link
 * #reset()} after each test that touches it.
 */
public final class TestClock extends Clock {

  private volatile Instant frozen;
  private volatile Duration offset = Duration.ZERO;

  public void freeze() {
    frozen = Instant.now().plus(offset);
  }

  public void freezeAt(Instant at) {
    frozen = at;
  }

  public void advance(Duration d) {
    if (frozen != null) {
      frozen = frozen.plus(d);
    } else {
      offset = offset.plus(d);
    }
  }

  public void reset() {
    frozen = null;
    offset = Duration.ZERO;
  }

  @Override
  public Instant instant() {
    Instant f = frozen;
    return f != null ? f : Instant.now().plus(offset);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }
}

package ink.octopost.publishing;

import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code engine} in the health report: DOWN when this node's publishing loop has not completed a
 * pass recently, so a dead scheduler is a failing probe, not posts silently stuck.
 */
@Component("engine")
class EngineHealth implements HealthIndicator {

  private static final Duration STALE = Duration.ofSeconds(30);

  private final PublishingEngine engine;

  EngineHealth(PublishingEngine engine) {
    this.engine = engine;
  }

  @Override
  public Health health() {
    if (!engine.enabled()) {
      return Health.up().withDetail("publishing", "disabled on this node").build();
    }
    var since = engine.sinceLastPass();
    if (since == null) {
      return Health.unknown().build();
    }
    return since.compareTo(STALE) < 0
        ? Health.up().build()
        : Health.down().withDetail("publishing", "no pass for " + since.toSeconds() + " s").build();
  }
}

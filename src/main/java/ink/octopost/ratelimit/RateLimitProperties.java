package ink.octopost.ratelimit;

import ink.octopost.shared.StartupException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The plan tiers ({@code octopost.rate-limits.tiers.<name>.requests-per-minute} and {@code
 * .publishes-per-hour}). The documented tiers free, starter and pro always exist; a
 * self-hosted install may change them or add its own.
 */
@ConfigurationProperties("octopost.rate-limits")
public record RateLimitProperties(Map<String, Tier> tiers) {

  public record Tier(int requestsPerMinute, int publishesPerHour) {}

  static final Map<String, Tier> DOCUMENTED =
      Map.of("free", new Tier(60, 10), "starter", new Tier(300, 60), "pro", new Tier(1000, 300));

  public RateLimitProperties {
    var merged = new LinkedHashMap<>(DOCUMENTED);
    if (tiers != null) {
      merged.putAll(tiers);
    }
    merged.forEach(
        (name, tier) -> {
          if (tier.requestsPerMinute() < 1 || tier.publishesPerHour() < 1) {
            throw new StartupException(
                "Rate-limit tier '" + name + "' must allow at least one request and one publish.",
                "Fix octopost.rate-limits.tiers." + name + ".");
          }
        });
    tiers = Map.copyOf(merged);
  }
}

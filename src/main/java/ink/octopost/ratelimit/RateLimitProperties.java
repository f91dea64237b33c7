package ink.octopost.ratelimit;

import ink.octopost.shared.StartupException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The plan tiers ({@code octopost.rate-limits.tiers.<name>.requests-per-minute} and {@code
 * .publishes-per-hour}). The documented tiers free, starter and pro always exist; a
 * self-hosted install may change either limit of one of them, or add its own with both.
 */
@ConfigurationProperties("octopost.rate-limits")
public record RateLimitProperties(Map<String, Tier> tiers) {

  /** A value left unset binds as {@link #UNSET}: a documented tier keeps its own value there. */
  public record Tier(@DefaultValue("-1") int requestsPerMinute, @DefaultValue("-1") int publishesPerHour) {}

  static final int UNSET = -1;

  static final Map<String, Tier> DOCUMENTED =
      Map.of("free", new Tier(60, 10), "starter", new Tier(300, 60), "pro", new Tier(1000, 300));

  public RateLimitProperties {
    var merged = new LinkedHashMap<>(DOCUMENTED);
    if (tiers != null) {
      // changing one limit of a documented tier (OCTOPOST_RATE_LIMITS_TIERS_PRO_REQUESTS_PER_MINUTE)
      // keeps its other limit
      tiers.forEach((name, tier) -> merged.merge(name, tier, (documented, set) -> new Tier(
          set.requestsPerMinute() == UNSET ? documented.requestsPerMinute() : set.requestsPerMinute(),
          set.publishesPerHour() == UNSET ? documented.publishesPerHour() : set.publishesPerHour())));
    }
    merged.forEach(
        (name, tier) -> {
          if (tier.requestsPerMinute() == UNSET || tier.publishesPerHour() == UNSET) {
            throw new StartupException(
                "Rate-limit tier '" + name + "' sets only one of its two limits.",
                "A new tier needs both: octopost.rate-limits.tiers." + name + ".requests-per-minute and"
                    + " .publishes-per-hour (OCTOPOST_RATE_LIMITS_TIERS_" + name.toUpperCase(java.util.Locale.ROOT)
                    + "_REQUESTS_PER_MINUTE and _PUBLISHES_PER_HOUR).");
          }
          if (tier.requestsPerMinute() < 1 || tier.publishesPerHour() < 1) {
            throw new StartupException(
                "Rate-limit tier '" + name + "' must allow at least one request and one publish.",
                "Fix octopost.rate-limits.tiers." + name + ".");
          }
        });
    tiers = Map.copyOf(merged);
  }
}

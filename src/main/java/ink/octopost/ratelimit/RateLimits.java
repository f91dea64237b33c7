package ink.octopost.ratelimit;

import ink.octopost.auth.ApiKeyPrincipal;
import ink.octopost.shared.ApiException;
import ink.octopost.shared.ErrorCode;
import ink.octopost.workspaces.WorkspaceProperties;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The public face of rate limiting: the per-minute request bucket every authenticated request
 * takes from (applied by a filter), and the per-hour publish bucket that publishing takes from.
 */
@Service
public class RateLimits {

  private static final Logger log = LoggerFactory.getLogger(RateLimits.class);

  private final RateLimiter limiter;
  private final RateLimitProperties properties;
  private final String defaultTier;

  RateLimits(RateLimiter limiter, RateLimitProperties properties, WorkspaceProperties workspaces) {
    this.limiter = limiter;
    this.properties = properties;
    this.defaultTier = workspaces.defaultTier();
    if (!properties.tiers().containsKey(defaultTier)) {
      throw new ink.octopost.shared.StartupException(
          "The default workspace tier '" + defaultTier + "' is not a defined rate-limit tier "
              + properties.tiers().keySet() + ".",
          "Set OCTOPOST_WORKSPACES_DEFAULT_TIER to one of them, or define the tier.");
    }
  }

  /** Takes one request token; sets the X-RateLimit headers; throws 429 when the bucket is empty. */
  void consumeRequest(ApiKeyPrincipal caller, HttpServletResponse response) {
    var tier = tier(caller);
    var decision = limiter.consume("req:" + caller.keyId(), tier.requestsPerMinute(), Duration.ofMinutes(1));
    response.setHeader("X-RateLimit-Limit", String.valueOf(decision.limit()));
    response.setHeader("X-RateLimit-Remaining", String.valueOf(decision.remaining()));
    response.setHeader("X-RateLimit-Reset", String.valueOf(decision.resetEpochSeconds()));
    if (!decision.allowed()) {
      throw limited(decision, "Rate limit exceeded");
    }
  }

  /** Takes one publish token (POST /v1/posts/{id}/publish); throws 429 when the hour's are used. */
  public void consumePublish(ApiKeyPrincipal caller) {
    var tier = tier(caller);
    var decision = limiter.consume("pub:" + caller.keyId(), tier.publishesPerHour(), Duration.ofHours(1));
    if (!decision.allowed()) {
      throw limited(decision, "Publish limit exceeded");
    }
  }

  private RateLimitProperties.Tier tier(ApiKeyPrincipal caller) {
    var tier = properties.tiers().get(caller.planTier());
    if (tier == null) {
      log.warn("Workspace {} has unknown tier '{}'; using '{}'", caller.workspaceId(), caller.planTier(), defaultTier);
      tier = properties.tiers().get(defaultTier);
    }
    return tier;
  }

  private static ApiException limited(RateLimiter.Decision d, String what) {
    long retry = d.retryAfterSeconds();
    var details = new LinkedHashMap<String, Object>();
    details.put("limit", d.limit());
    details.put("remaining", 0);
    details.put("reset_at", java.time.Instant.ofEpochSecond(d.resetEpochSeconds()).toString());
    details.put("retry_after", retry);
    return new ApiException(
        ErrorCode.RATE_LIMITED,
        what + ". Try again in " + retry + (retry == 1 ? " second." : " seconds."),
        details,
        Map.of("Retry-After", String.valueOf(retry)));
  }
}

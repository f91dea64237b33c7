package ink.octopost.accounts;

import ink.octopost.networks.ConnectorRegistry;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.OAuthFlow;
import ink.octopost.networks.Platform;
import ink.octopost.shared.ApiException;
import ink.octopost.shared.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * How each network's accounts connect (pasted credentials, OAuth, or not yet), so that both ways
 * in say the same true thing, and what a network's failure during a connection means to the user:
 * a refusal of the credentials is theirs to fix (422), an unreachable network is not (503).
 */
@Component
class ConnectionMethods {

  /** How long a client should wait before asking again after a network could not be reached. */
  static final Duration UNREACHABLE_RETRY = Duration.ofSeconds(30);

  private final ConnectorRegistry networks;
  private final Set<Platform> oauth = EnumSet.noneOf(Platform.class);
  private final Clock clock;

  ConnectionMethods(ConnectorRegistry networks, List<OAuthFlow> flows, Clock clock) {
    this.networks = networks;
    flows.forEach(f -> oauth.add(f.platform()));
    this.clock = clock;
  }

  boolean credentials(Platform platform) {
    return networks.connectsWithCredentials(platform);
  }

  boolean oauth(Platform platform) {
    return oauth.contains(platform);
  }

  /** For {@code POST /v1/accounts} on a platform that takes no pasted credentials. */
  ApiException noCredentials(Platform platform) {
    if (oauth(platform)) {
      return ApiException.invalid("platform", platform.id() + " accounts connect through OAuth: use"
          + " GET /v1/accounts/connect-url?platform=" + platform.id());
    }
    return notYet(platform);
  }

  /** For {@code GET /v1/accounts/connect-url} on a platform without an OAuth connection. */
  ApiException noOAuth(Platform platform) {
    if (credentials(platform)) {
      return ApiException.invalid("platform", platform.id() + " accounts connect with their credentials, not OAuth:"
          + " POST /v1/accounts with {\"platform\": \"" + platform.id() + "\", ...}");
    }
    return notYet(platform);
  }

  private ApiException notYet(Platform platform) {
    var unbuilt = Arrays.stream(Platform.values()).filter(p -> !credentials(p) && !oauth(p)).map(Platform::id).toList();
    var withCredentials = Arrays.stream(Platform.values()).filter(this::credentials).map(Platform::id).toList();
    var withOAuth = Arrays.stream(Platform.values()).filter(this::oauth).map(Platform::id).toList();
    return ApiException.invalid("platform", platform.id() + " accounts cannot be connected yet: this version of"
        + " Octopost does not connect to " + String.join(", ", unbuilt) + " (test keys publish to them through the"
        + " sandbox). Connect " + String.join(", ", withCredentials) + " with POST /v1/accounts, or "
        + String.join(", ", withOAuth) + " through GET /v1/accounts/connect-url");
  }

  /**
   * What a network's failure while checking a connection means: it refused (422 on {@code
   * field}, after {@code refusal}), or it could not be reached or answer just now (503, with
   * Retry-After: nothing was stored and the same request may simply be sent again).
   */
  ApiException failure(Platform platform, NetworkFailure f, String field, String refusal) {
    return switch (f) {
      case NetworkFailure.Unavailable u -> unreachable(platform, f, UNREACHABLE_RETRY);
      case NetworkFailure.OutcomeUnknown u -> unreachable(platform, f, UNREACHABLE_RETRY);
      case NetworkFailure.RateLimited r -> unreachable(platform, f, r.retryAt() == null ? Duration.ofMinutes(1)
          : Duration.between(clock.instant(), r.retryAt()));
      // Octopost refused the address before any call: the network never saw the credentials.
      case NetworkFailure.Rejected r when "blocked_destination".equals(r.code()) -> new ApiException(
          ErrorCode.VALIDATION_ERROR, "Octopost does not connect to that address: " + f.getMessage(),
          Map.of("network_error_code", f.code(), "fields", List.of(new ApiException.FieldViolation(field, f.getMessage()))),
          Map.of());
      default -> new ApiException(ErrorCode.VALIDATION_ERROR, refusal + ": " + f.getMessage(),
          Map.of("network_error_code", f.code(), "fields", List.of(new ApiException.FieldViolation(field, f.getMessage()))),
          Map.of());
    };
  }

  /** True when the network was not the one to say no: it could not be reached, or not just now. */
  static boolean transientFailure(NetworkFailure f) {
    return f instanceof NetworkFailure.Unavailable || f instanceof NetworkFailure.OutcomeUnknown
        || f instanceof NetworkFailure.RateLimited;
  }

  private static ApiException unreachable(Platform platform, NetworkFailure f, Duration retry) {
    long seconds = Math.max(1, Math.min(retry.toSeconds() + (retry.toMillisPart() > 0 ? 1 : 0), 3600));
    var details = new LinkedHashMap<String, Object>();
    details.put("network", platform.id());
    details.put("network_error_code", f.code());
    details.put("retry_after", seconds);
    String why = f instanceof NetworkFailure.RateLimited ? "it is rate limiting Octopost" : f.getMessage();
    return new ApiException(ErrorCode.UNAVAILABLE, "Could not reach " + platform.id() + " to check the connection ("
        + why + "). Nothing was stored; try again in " + seconds + " seconds.", details,
        Map.of("Retry-After", String.valueOf(seconds)));
  }
}

package ink.octopost.networks.slack;

import ink.octopost.networks.NetworkConnector.RefreshedCredentials;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.NetworksProperties;
import ink.octopost.networks.OAuthFlow;
import ink.octopost.networks.Platform;
import ink.octopost.networks.TokenExpiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Bot tokens with token rotation on (networks.md 11.1, https://docs.slack.dev/authentication/using-token-rotation):
 * the access token ({@code xoxe.xoxb-}) expires after 12 hours and comes with a single-use refresh
 * token ({@code xoxe-1-}), traded with {@code oauth.v2.access} ({@code grant_type=refresh_token} and
 * the app's client id and secret) for a new access token, a new refresh token and its
 * {@code expires_in}. Stored beside {@code bot_token} and {@code channel}: {@code refresh_token},
 * and {@code expires_at} and {@code refresh_at} ({@link TokenExpiry}) when the lifetime is known.
 *
 * @param api where {@code oauth.v2.access} is
 * @param props the Slack app's client id and secret
 */
record SlackTokens(SlackApi api, NetworksProperties props, Clock clock) {

  static final String BOT_TOKEN = "bot_token";
  static final String REFRESH_TOKEN = "refresh_token";

  static final Pattern REFRESH = Pattern.compile("xoxe-[A-Za-z0-9-]{8,250}");
  /** What a rotating token lives when Slack does not say. */
  static final Duration LIFETIME = Duration.ofHours(12);

  /** The refresh token is spent, revoked, or the app was removed: a human must connect again. */
  private static final Set<String> REFUSED = Set.of("invalid_refresh_token", "invalid_grant", "invalid_grant_type",
      "token_revoked", "token_expired", "invalid_auth", "app_uninstalled", "account_inactive", "not_authed");
  /** The server's app credentials are wrong, not the account's. */
  private static final Set<String> MISCONFIGURED = Set.of("invalid_client_id", "bad_client_secret", "invalid_client");

  /** Slack's expiring tokens start {@code xoxe.}; plain {@code xoxb-} tokens never expire. */
  static boolean rotating(String token) {
    return token != null && token.startsWith("xoxe.");
  }

  /**
   * The credentials for a pasted bot token: with its refresh token and expiry when rotation is on
   * ({@code refresh_token}, and {@code expires_in} in seconds or {@code expires_at}).
   *
   * @throws IllegalArgumentException naming a missing or malformed field (never quoting a secret)
   * @throws NetworkFailure when this server cannot refresh Slack tokens (no client id and secret)
   */
  Map<String, String> pasted(String token, String channel, Map<String, String> fields) throws NetworkFailure {
    var out = new LinkedHashMap<String, String>();
    out.put(BOT_TOKEN, token);
    out.put("channel", channel);
    String refresh = blankToNull(fields.get(REFRESH_TOKEN));
    if (refresh == null) {
      if (rotating(token)) {
        throw new IllegalArgumentException("bot_token is a rotating token (xoxe.xoxb-...), which expires within 12 hours:"
            + " send its refresh_token (xoxe-1-...) too");
      }
      return out;
    }
    if (!REFRESH.matcher(refresh).matches()) {
      throw new IllegalArgumentException("refresh_token is not a Slack refresh token: it starts with xoxe-");
    }
    client(); // a refresh token this server cannot use would end in a reconnect within 12 hours
    out.put(REFRESH_TOKEN, refresh);
    Instant now = clock.instant();
    Instant expires = expiry(fields, now);
    if (expires != null) {
      TokenExpiry.put(out, now, Duration.between(now, expires).isNegative() ? Duration.ZERO : Duration.between(now, expires));
    }
    return out;
  }

  /** {@code expires_in} (seconds from now) or {@code expires_at} (ISO 8601), or null when neither is sent. */
  private static Instant expiry(Map<String, String> fields, Instant now) {
    String in = blankToNull(fields.get("expires_in"));
    String at = blankToNull(fields.get("expires_at"));
    if (in != null && at != null) {
      throw new IllegalArgumentException("give expires_in or expires_at, not both");
    }
    if (in != null) {
      if (!in.matches("\\d{1,9}")) {
        throw new IllegalArgumentException("expires_in must be a whole number of seconds, e.g. 43200");
      }
      return now.plusSeconds(Long.parseLong(in));
    }
    if (at != null) {
      try {
        return OffsetDateTime.parse(at).toInstant();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("expires_at must be an ISO 8601 timestamp with an offset, e.g. 2026-04-03T12:00:00Z");
      }
    }
    return null;
  }

  /** True when these credentials rotate and their token should be refreshed before it is used again. */
  static boolean due(Map<String, String> credentials, Instant now) {
    return credentials.get(REFRESH_TOKEN) != null && TokenExpiry.due(credentials, now);
  }

  /**
   * Trades the refresh token for a new pair; the old refresh token dies with this call, so the
   * new one is returned for the engine to store with compare-and-set. Empty when Slack refuses the
   * refresh token (the account needs reconnecting) or none is stored.
   *
   * @throws NetworkFailure rate limited or unavailable (try again later), or the server's app
   *     credentials are missing or wrong
   */
  Optional<RefreshedCredentials> refresh(Map<String, String> credentials) throws NetworkFailure {
    String refresh = credentials.get(REFRESH_TOKEN);
    if (refresh == null || refresh.isBlank()) {
      return Optional.empty();
    }
    var client = client();
    var form = new LinkedHashMap<String, String>();
    form.put("grant_type", "refresh_token");
    form.put("refresh_token", refresh);
    form.put("client_id", client.clientId());
    form.put("client_secret", client.clientSecret());
    JsonNode answer = api.oauthAccess(form);
    if (!answer.path("ok").asBoolean(false)) {
      String error = answer.path("error").asString("unknown_error");
      if (REFUSED.contains(error)) {
        return Optional.empty();
      }
      if (MISCONFIGURED.contains(error)) {
        throw new NetworkFailure.Rejected("not_configured", "Slack refused this server's app credentials"
            + " (OCTOPOST_NETWORKS_SLACK_CLIENT_ID and _CLIENT_SECRET): " + error);
      }
      if (error.equals("ratelimited")) {
        throw new NetworkFailure.RateLimited("Slack rate limit on oauth.v2.access", clock.instant().plusSeconds(60));
      }
      throw new NetworkFailure.Unavailable("Slack did not refresh the token: " + error);
    }
    String token = answer.path("access_token").asString(null);
    if (token == null || !SlackApi.TOKEN.matcher(token).matches()) {
      throw new NetworkFailure.Unavailable("Slack refreshed the token but sent no usable access token");
    }
    String next = answer.path("refresh_token").asString(null);
    var out = new LinkedHashMap<>(credentials);
    out.put(BOT_TOKEN, token);
    out.put(REFRESH_TOKEN, next != null && REFRESH.matcher(next).matches() ? next : refresh);
    Instant now = clock.instant();
    long seconds = answer.path("expires_in").isIntegralNumber() ? answer.path("expires_in").asLong() : LIFETIME.toSeconds();
    TokenExpiry.put(out, now, Duration.ofSeconds(Math.max(0, seconds)));
    return Optional.of(new RefreshedCredentials(out, TokenExpiry.expiresAt(out)));
  }

  /** The Slack app's client id and secret from this server's configuration. */
  private OAuthFlow.Client client() throws NetworkFailure {
    String id = props.clientId(Platform.SLACK);
    String secret = props.clientSecret(Platform.SLACK);
    if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
      throw new NetworkFailure.Rejected("not_configured", "Slack token rotation needs the app's credentials on this"
          + " server: set OCTOPOST_NETWORKS_SLACK_CLIENT_ID and OCTOPOST_NETWORKS_SLACK_CLIENT_SECRET");
    }
    return new OAuthFlow.Client(id.strip(), secret.strip());
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}

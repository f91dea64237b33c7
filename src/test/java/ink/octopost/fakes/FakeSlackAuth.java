package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link FakeSlack}'s token rotation (networks.md 11.1, docs.slack.dev "Using token rotation"):
 * rotating bot tokens ({@code xoxe.xoxb-}) that answer {@code token_expired} once expired, and
 * {@code oauth.v2.access} with {@code grant_type=refresh_token}: the app's client id and secret
 * checked, each refresh token good for one refresh, answering a new access token (the same bot),
 * a new refresh token and {@code expires_in}, as HTTP 200 with {@code ok:false} when refused.
 */
public final class FakeSlackAuth {

  static final long LIFETIME_SECONDS = 43_200;

  private final FakeSlack slack;
  private final Map<String, String> refreshTokens = new ConcurrentHashMap<>(); // refresh token -> access token
  /** Each rotating access token -> the first token of its installation, whose chain of refreshes it belongs to. */
  private final Map<String, String> chains = new ConcurrentHashMap<>();
  private final Set<String> expired = ConcurrentHashMap.newKeySet();
  private final AtomicInteger refreshes = new AtomicInteger();
  private volatile String clientId = "1111.2222";
  private volatile String clientSecret = "fake-slack-client-secret";
  private volatile String latest;

  FakeSlackAuth(FakeSlack slack) {
    this.slack = slack;
  }

  /** The Slack app's credentials, which a refresh must carry. */
  public FakeSlackAuth app(String id, String secret) {
    this.clientId = id;
    this.clientSecret = secret;
    return this;
  }

  public String clientId() {
    return clientId;
  }

  public String clientSecret() {
    return clientSecret;
  }

  void rotating(String accessToken, String refreshToken, String chain) {
    chains.put(accessToken, chain);
    refreshTokens.put(refreshToken, accessToken);
    latest = accessToken;
  }

  /**
   * Twelve hours pass for this installation: every access token of its chain (this one, and any
   * it was refreshed from or into) answers {@code token_expired}.
   */
  public FakeSlackAuth expire(String accessToken) {
    String chain = chains.get(accessToken);
    chains.forEach((token, c) -> {
      if (c.equals(chain)) {
        expired.add(token);
      }
    });
    return this;
  }

  /** Every rotating token issued so far expires. */
  public FakeSlackAuth expireAll() {
    expired.addAll(chains.keySet());
    return this;
  }

  /** The app is uninstalled from this installation: none of its refresh tokens works any more. */
  public FakeSlackAuth revokeRefreshTokens(String accessToken) {
    String chain = chains.get(accessToken);
    refreshTokens.values().removeIf(token -> chain != null && chain.equals(chains.get(token)));
    return this;
  }

  boolean hasRotating() {
    return !chains.isEmpty();
  }

  boolean expired(String token) {
    return expired.contains(token);
  }

  /** Successful refreshes so far. */
  public int refreshes() {
    return refreshes.get();
  }

  /** The access token issued last, to any installation. */
  public String latestAccessToken() {
    return latest;
  }

  /** POST /api/oauth.v2.access: only the refresh-token grant is emulated. */
  void access(HttpExchange ex) throws IOException {
    Map<String, String> args = LoopbackHttp.params(ex).values();
    if (!clientId.equals(args.get("client_id"))) {
      FakeSlack.fail(ex, "invalid_client_id");
      return;
    }
    if (!clientSecret.equals(args.get("client_secret"))) {
      FakeSlack.fail(ex, "bad_client_secret");
      return;
    }
    if (!"refresh_token".equals(args.get("grant_type"))) {
      FakeSlack.fail(ex, "invalid_grant_type");
      return;
    }
    String old = refreshTokens.remove(String.valueOf(args.get("refresh_token")));
    if (old == null) {
      FakeSlack.fail(ex, "invalid_refresh_token");
      return;
    }
    String access = "xoxe.xoxb-1-" + UUID.randomUUID().toString().replace("-", "");
    String refresh = "xoxe-1-" + UUID.randomUUID().toString().replace("-", "");
    slack.alias(access, old);
    rotating(access, refresh, chains.get(old));
    refreshes.incrementAndGet();
    FakeSlack.ok(ex, Map.of("app_id", "A0OCTOPOST", "scope", "chat:write,files:write", "token_type", "bot",
        "access_token", access, "bot_user_id", "U0OCTOBOT", "refresh_token", refresh, "expires_in", LIFETIME_SECONDS,
        "team", Map.of("id", FakeSlack.TEAM_ID, "name", "Octo")));
  }
}

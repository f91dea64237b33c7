package ink.octopost.networks.tiktok;

import ink.octopost.fakes.FakeTikTok;
import ink.octopost.media.TestMediaSources;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.NetworksProperties;
import ink.octopost.networks.Platform;
import ink.octopost.networks.Publication;
import ink.octopost.shared.OutboundHttp;
import ink.octopost.shared.OutboundProperties;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Builds the real TikTok connector and OAuth flow against a {@link FakeTikTok}, and drives a post to its end. */
final class TikTokTesting {

  static final String CLIENT_KEY = "tiktok-app";
  static final String CLIENT_SECRET = "tiktok-secret";
  static final String OPEN_ID = "-000OpenIdOcto";
  static final String USERNAME = "octo.tiktok";

  private TikTokTesting() {}

  static NetworksProperties properties(String baseUrl) {
    var t = new NetworksProperties.Network(baseUrl, CLIENT_KEY, CLIENT_SECRET);
    return new NetworksProperties(null, null, null, null, null, null, null, t, null, null, null, null);
  }

  static FakeTikTok fake() throws IOException {
    var fake = new FakeTikTok().user(OPEN_ID, USERNAME);
    fake.auth().client(CLIENT_KEY, CLIENT_SECRET, "http://127.0.0.1/callback");
    fake.verify("http://127.0.0.1:");
    return fake;
  }

  static TikTokConnector connector(FakeTikTok fake, Clock clock, TikTokProperties props) {
    return connector(fake, clock, props, null);
  }

  /** With {@code videoSeconds}, every video says it lasts that long (as the media library's probe would). */
  static TikTokConnector connector(FakeTikTok fake, Clock clock, TikTokProperties props, Double videoSeconds) {
    var http = new OutboundHttp(new OutboundProperties(true));
    return new TikTokConnector(http, JsonMapper.builder().build(), clock, TestMediaSources.pulled(TestMediaSources.fetching(http), videoSeconds),
        properties(fake.url()), props);
  }

  static TikTokConnector connector(FakeTikTok fake, Clock clock) {
    return connector(fake, clock, TikTokProperties.DEFAULTS);
  }

  /** A connector whose media may only be streamed (holding a file whole fails the test); {@code streamed} counts bytes read. */
  static TikTokConnector streamingConnector(FakeTikTok fake, Clock clock, java.util.concurrent.atomic.AtomicLong streamed) {
    var http = new OutboundHttp(new OutboundProperties(true));
    return new TikTokConnector(http, JsonMapper.builder().build(), clock,
        TestMediaSources.pulled(TestMediaSources.streamingOnly(TestMediaSources.fetching(http), streamed), null), properties(fake.url()),
        TikTokProperties.DEFAULTS);
  }

  static TikTokOAuth oauth(FakeTikTok fake, Clock clock) {
    var http = new OutboundHttp(new OutboundProperties(true));
    return new TikTokOAuth(http, JsonMapper.builder().build(), clock, properties(fake.url()), TikTokProperties.DEFAULTS);
  }

  /** An account connected a moment ago: a fresh access token and refresh token from the fake. */
  static Publication.AccountContext account(FakeTikTok fake, Clock clock) {
    var pair = fake.auth().issue(CLIENT_KEY, OPEN_ID);
    var credentials = TikTokTokens.of(new TikTokApi.Tokens(pair.accessToken(), 7200L, pair.refreshToken(), 15_552_000L,
        OPEN_ID, "user.info.basic,video.publish,video.upload"), null, clock.instant());
    return context(credentials);
  }

  static Publication.AccountContext context(Map<String, String> credentials) {
    return new Publication.AccountContext("acc_tiktok", Platform.TIKTOK, OPEN_ID, USERNAME, null, credentials);
  }

  /** Calls publish as the engine would: again with the progress of each InProgress, at most {@code maxCalls} times. */
  static Publication.Published drive(NetworkConnector connector, Publication first, Clock clock, int maxCalls)
      throws NetworkFailure {
    var p = first;
    for (int i = 1; ; i++) {
      try {
        return connector.publish(p);
      } catch (NetworkFailure.InProgress wait) {
        if (i >= maxCalls) {
          throw wait;
        }
        if (clock instanceof ink.octopost.testing.TestClock t && wait.checkAt().isAfter(t.instant())) {
          t.advance(Duration.between(t.instant(), wait.checkAt()));
        }
        p = new Publication(p.account(), p.content(), p.replyTo(), p.threadRoot(), p.idempotencyKey(), p.gate(), wait.progress());
      }
    }
  }

}

package ink.octopost.networks.threads;

import ink.octopost.fakes.FakeThreads;
import ink.octopost.fakes.FakeThreadsAuth;
import ink.octopost.media.TestMediaSources;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.NetworksProperties;
import ink.octopost.networks.Platform;
import ink.octopost.networks.Publication;
import ink.octopost.shared.OutboundHttp;
import ink.octopost.shared.OutboundProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Builds the real Threads connector against a {@link FakeThreads}, and drives containers to the end. */
final class ThreadsTesting {

  static final String CLIENT_ID = "threads-app";
  static final String CLIENT_SECRET = "threads-secret";
  static final String USER_ID = "25032501";

  private ThreadsTesting() {}

  static NetworksProperties properties(String baseUrl) {
    var t = new NetworksProperties.Network(baseUrl, CLIENT_ID, CLIENT_SECRET);
    return new NetworksProperties(null, null, null, null, t, null, null, null, null, null, null, null);
  }

  static ThreadsConnector connector(FakeThreads fake, Clock clock) {
    var http = new OutboundHttp(new OutboundProperties(true));
    return new ThreadsConnector(http, JsonMapper.builder().build(), clock, TestMediaSources.pulled(TestMediaSources.fetching(http)),
        properties(fake.url()), ThreadsProperties.DEFAULTS);
  }

  static ThreadsOAuth oauth(FakeThreads fake, Clock clock) {
    var http = new OutboundHttp(new OutboundProperties(true));
    return new ThreadsOAuth(http, JsonMapper.builder().build(), clock, properties(fake.url()), ThreadsProperties.DEFAULTS);
  }

  /**
   * An account whose long-lived token Meta issued {@code age} ago; Octopost recorded it {@code
   * recordedAge} ago (its refresh falls due 25 hours after that).
   */
  static Publication.AccountContext account(FakeThreads fake, Clock clock, Duration age, Duration recordedAge) {
    String token = fake.auth().issue(CLIENT_ID, USER_ID, age);
    var credentials = ThreadsTokens.of(token, FakeThreadsAuth.LONG_LIVED_SECONDS, clock.instant().minus(recordedAge));
    return context(credentials);
  }

  static Publication.AccountContext account(FakeThreads fake, Clock clock, Duration age) {
    return account(fake, clock, age, Duration.ZERO);
  }

  static Publication.AccountContext context(Map<String, String> credentials) {
    return new Publication.AccountContext("acc_threads", Platform.THREADS, USER_ID, "octo.threads", null, credentials);
  }

  /**
   * Calls publish as the engine would: each {@link NetworkFailure.InProgress} is followed by a call
   * with its progress (the test's clock moved to its {@code checkAt} when it is a {@link
   * ink.octopost.testing.TestClock}), at most {@code maxCalls} times.
   */
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

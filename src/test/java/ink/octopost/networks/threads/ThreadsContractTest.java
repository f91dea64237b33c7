package ink.octopost.networks.threads;

import ink.octopost.fakes.FakeNetwork;
import ink.octopost.fakes.FakeThreads;
import ink.octopost.networks.ConnectorContractTest;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.Publication;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Threads against its fake: videos take two status reads to process (the contract's publish helper
 * comes back as the engine would), images and text are ready at the first look.
 */
class ThreadsContractTest extends ConnectorContractTest {

  private FakeThreads fake;
  private ThreadsConnector connector;
  private Publication.AccountContext account;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeThreads().user(ThreadsTesting.USER_ID, "octo.threads", "Octo Threads").processingPolls(0, 0, 2);
    connector = ThreadsTesting.connector(fake, Clock.systemUTC());
    // Two days old: old enough for Meta to refresh it.
    account = ThreadsTesting.account(fake, Clock.systemUTC(), Duration.ofDays(2));
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Override
  protected NetworkConnector connector() {
    return connector;
  }

  @Override
  protected FakeNetwork fake() {
    return fake;
  }

  @Override
  protected Publication.AccountContext account() {
    return account;
  }

  @Override
  protected boolean tokensExpire() {
    return true;
  }

  @Override
  protected Publication.Published publish(Publication.AccountContext account, PostContent content, Publication.Published replyTo,
      Publication.Published root, String key) throws NetworkFailure {
    return ThreadsTesting.drive(connector, new Publication(account, content, replyTo, root, key), Clock.systemUTC(), 5);
  }
}

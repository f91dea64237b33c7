package ink.octopost.networks.facebook;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.fakes.FakeFacebook;
import ink.octopost.fakes.FakeNetwork;
import ink.octopost.networks.ConnectorContractTest;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.Publication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared contract against a local Graph API. Facebook has no threads (the thread case is skipped
 * by its capabilities), and a Page token does not expire (no refresh case): a dead one needs a reconnect.
 */
class FacebookContractTest extends ConnectorContractTest {

  private FakeFacebook fake;
  private FacebookConnector connector;
  private Publication.AccountContext account;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeFacebook();
    String token = fake.page(FacebookTesting.PAGE_ID, FacebookTesting.PAGE_NAME);
    connector = FacebookTesting.connector(fake);
    account = FacebookTesting.account(FacebookTesting.PAGE_ID, token);
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

  @Test
  void thePostUrl_isMetasPermalink() throws Exception {
    var published = publish("where does it live");
    assertThat(published.postId()).startsWith(FacebookTesting.PAGE_ID + "_");
    assertThat(published.postUrl()).startsWith("https://www.facebook.com/" + FacebookTesting.PAGE_ID + "/posts/");
  }
}

package ink.octopost.networks.linkedin;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.fakes.FakeLinkedIn;
import ink.octopost.fakes.FakeNetwork;
import ink.octopost.networks.ConnectorContractTest;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.Publication;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared contract against a local LinkedIn. The account holds a refresh token (as an approved
 * partner's would), so an expired token is refreshed; LinkedIn has no threads (skipped by its capabilities).
 */
class LinkedInContractTest extends ConnectorContractTest {

  private FakeLinkedIn fake;
  private LinkedInConnector connector;
  private Publication.AccountContext account;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeLinkedIn();
    fake.auth().app(LinkedInTesting.CLIENT_ID, LinkedInTesting.CLIENT_SECRET, "https://octopost.example/cb")
        .member(LinkedInTesting.PERSON, LinkedInTesting.PERSON_NAME);
    connector = LinkedInTesting.connector(fake);
    account = LinkedInTesting.account("urn:li:person:" + LinkedInTesting.PERSON,
        Map.of("access_token", fake.auth().tokenFor(LinkedInTesting.PERSON),
            "refresh_token", fake.auth().refreshTokenFor(LinkedInTesting.PERSON)));
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

  @Test
  void thePostUrl_isTheFeedUpdateOfThePostsUrn_andEveryCallNamesTheVersion() throws Exception {
    var published = publish("where does it live");
    assertThat(published.postId()).startsWith("urn:li:share:");
    assertThat(published.postUrl()).isEqualTo("https://www.linkedin.com/feed/update/" + published.postId());
    assertThat(fake.versionsSeen()).isNotEmpty().allMatch(LinkedInProperties.DEFAULT_VERSION::equals);
  }
}

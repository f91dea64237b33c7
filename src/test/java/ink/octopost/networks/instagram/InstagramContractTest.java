package ink.octopost.networks.instagram;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.fakes.FakeInstagram;
import ink.octopost.fakes.FakeNetwork;
import ink.octopost.networks.ConnectorContractTest;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.Publication;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared contract against {@link FakeInstagram}; every Instagram post carries media, so "text" posts carry one image. */
class InstagramContractTest extends ConnectorContractTest {

  private FakeInstagram fake;
  private InstagramConnector connector;
  private Publication.AccountContext account;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeInstagram();
    connector = InstagramTesting.connector(fake, media, Clock.systemUTC());
    account = InstagramTesting.account(fake);
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
  protected PostContent post(String text) {
    var image = new PostContent.Image(media.serve("p" + System.nanoTime() + ".jpg", InstagramTesting.jpeg(400, 400)), null);
    return new PostContent(text, List.of(image), null, List.of());
  }

  @Test
  void thePostUrl_isThePermalinkMetaGives_notOneMadeFromTheId() throws Exception {
    var published = publish("where does it live");
    assertThat(published.postUrl()).isEqualTo(fake.posts().getLast().permalink()).startsWith("https://www.instagram.com/p/");
  }
}

package ink.octopost.networks.tiktok;

import ink.octopost.fakes.FakeNetwork;
import ink.octopost.fakes.FakeTikTok;
import ink.octopost.fakes.MediaServer;
import ink.octopost.networks.ConnectorContractTest;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.Publication;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * TikTok against its fake. Every TikTok post needs media (capabilities say {@code ANY_MEDIA}, so
 * the engine never hands over text alone): the contract's text posts go out here as a small video
 * captioned with that text, which keeps every fault, rate-limit and refresh case meaningful. A
 * post is processed for two status reads, and the helper comes back as the engine would.
 */
class TikTokContractTest extends ConnectorContractTest {

  private FakeTikTok fake;
  private TikTokConnector connector;
  private Publication.AccountContext account;

  @BeforeEach
  void start() throws Exception {
    fake = TikTokTesting.fake().processingPolls(0);
    connector = TikTokTesting.connector(fake, Clock.systemUTC());
    account = TikTokTesting.account(fake, Clock.systemUTC());
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
    if (!content.hasMedia()) {
      var clip = new PostContent.Video(media.serve("caption-" + key + ".mp4", MediaServer.mp4(4096)), null, null);
      content = new PostContent(content.text(), List.of(), clip, List.of(), content.options());
    }
    fake.processingPolls(2);
    return TikTokTesting.drive(connector, new Publication(account, content, replyTo, root, key), Clock.systemUTC(), 5);
  }
}

package ink.octopost.networks.youtube;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.fakes.FakeNetwork;
import ink.octopost.fakes.FakeYouTube;
import ink.octopost.fakes.MediaServer;
import ink.octopost.networks.ConnectorContractTest;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.Publication;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared contract against a local YouTube. Every YouTube post is a video, so each "text" post of the
 * contract carries a small one (its text is the description); there are no images and no threads. A
 * final chunk whose answer is lost is no unknown outcome here: the upload session answers with the video.
 */
class YouTubeContractTest extends ConnectorContractTest {

  private FakeYouTube fake;
  private YouTubeConnector connector;
  private Publication.AccountContext account;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeYouTube();
    String token = fake.channel(YouTubeTesting.CHANNEL_ID, YouTubeTesting.CHANNEL_TITLE);
    fake.auth().app(YouTubeTesting.CLIENT_ID, YouTubeTesting.CLIENT_SECRET, "https://octopost.example/cb");
    connector = YouTubeTesting.connector(fake);
    account = YouTubeTesting.account(fake, token);
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
  protected boolean finishesAfterADrop() {
    return true;
  }

  @Override
  protected PostContent post(String text) {
    var video = new PostContent.Video(media.serve("c" + System.nanoTime() + ".mp4", MediaServer.mp4(4096)), "A title", null);
    return new PostContent(text, List.of(), video, List.of());
  }

  @Test
  void thePostUrl_isTheWatchPage_andTheIdTheVideos() throws Exception {
    var published = publish("where does it live");
    assertThat(published.postUrl()).isEqualTo("https://www.youtube.com/watch?v=" + published.postId());
    assertThat(fake.videos().getLast().id()).isEqualTo(published.postId());
  }
}

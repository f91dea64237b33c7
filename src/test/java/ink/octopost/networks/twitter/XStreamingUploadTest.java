package ink.octopost.networks.twitter;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.fakes.FakeX;
import ink.octopost.fakes.FakeXAuth;
import ink.octopost.fakes.FakeXMedia;
import ink.octopost.fakes.MediaServer;
import ink.octopost.media.TestMediaSources;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.Publication;
import ink.octopost.shared.OutboundHttp;
import ink.octopost.shared.OutboundProperties;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A 40 MB video goes to X in APPEND segments read from the store one at a time: the connector
 * never asks for the file in memory (the media source's files fail the test if it does), X gets
 * exactly its bytes in order (SHA-256), and at no moment has much more been read from the file
 * than X has received: the bytes in flight, wherever they are held, stay within about one chunk.
 */
class XStreamingUploadTest {

  static final int PAYLOAD = 40 * 1024 * 1024;

  FakeX fake;
  MediaServer media;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeX().user(TwitterContractTest.USER_ID, "contract", "Contract");
    fake.auth().client(TwitterContractTest.CLIENT_ID, null, "http://127.0.0.1/callback");
    media = new MediaServer();
  }

  @AfterEach
  void stop() {
    fake.close();
    media.close();
  }

  @Test
  void a40MbVideo_isAppendedInChunksStreamedFromTheFile_withItsExactBytes() throws Exception {
    byte[] video = MediaServer.mp4WithMedia(1280, 720, PAYLOAD);
    String url = media.serve("big.mp4", video);
    var streamed = new AtomicLong();
    var inFlight = new java.util.concurrent.atomic.AtomicLong();
    Runnable afterRead = () -> inFlight.accumulateAndGet(streamed.get() - fake.media().bytesReceived(), Math::max);
    var http = new OutboundHttp(new OutboundProperties(true));
    var connector = new TwitterConnector(http, JsonMapper.builder().build(), Clock.systemUTC(),
        TestMediaSources.streamingOnly(TestMediaSources.fetching(http), streamed, afterRead),
        TwitterContractTest.properties(fake.url(), TwitterContractTest.CLIENT_ID, null), XMediaUpload.DEFAULT_CHUNK_BYTES);
    var account = TwitterContractTest.account(
        fake.auth().issue(TwitterContractTest.CLIENT_ID, TwitterContractTest.USER_ID, FakeXAuth.KNOWN_SCOPES));

    connector.publish(new Publication(account,
        new PostContent("a big one", List.of(), new PostContent.Video(url, null, null), List.of()), null, null, "k"));

    var upload = fake.media().uploads().stream().filter(FakeXMedia.Upload::video).findFirst().orElseThrow();
    int chunks = (video.length + XMediaUpload.DEFAULT_CHUNK_BYTES - 1) / XMediaUpload.DEFAULT_CHUNK_BYTES;
    assertThat(upload.totalBytes()).isEqualTo(video.length);
    assertThat(upload.segments()).isEqualTo(chunks);
    assertThat(fake.media().sha256(upload.id())).as("SHA-256 of the segments X received, in order")
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(video)));
    assertThat(fake.held().getLast().video()).isTrue();
    assertThat(streamed.get()).as("bytes read from the media file: each once").isEqualTo(video.length);
    assertThat(inFlight.get()).as("most bytes read from the file and not yet received by X (a chunk is "
        + XMediaUpload.DEFAULT_CHUNK_BYTES + ")").isLessThanOrEqualTo(XMediaUpload.DEFAULT_CHUNK_BYTES + 64 * 1024L);
  }
}

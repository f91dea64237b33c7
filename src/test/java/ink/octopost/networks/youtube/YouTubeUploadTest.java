package ink.octopost.networks.youtube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.fakes.FakeYouTube;
import ink.octopost.fakes.MediaServer;
import ink.octopost.media.TestMediaSources;
import ink.octopost.media.TestMp4;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.Publication;
import ink.octopost.networks.SendGate;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A ~20 MB video through the resumable protocol in 1 MiB chunks, streamed from the store: a connection
 * that drops in the middle of a chunk is resumed from the byte after the one YouTube acknowledged, within
 * the same call or, when the session cannot be asked, in a later call with the session kept in progress.
 */
class YouTubeUploadTest {

  static final long MIB = 1024 * 1024;

  private FakeYouTube fake;
  private MediaServer media;
  private YouTubeConnector connector;
  private Publication.AccountContext account;
  private byte[] video;
  private final AtomicLong streamed = new AtomicLong();

  @BeforeEach
  void start() throws Exception {
    fake = new FakeYouTube();
    media = new MediaServer();
    String token = fake.channel(YouTubeTesting.CHANNEL_ID, YouTubeTesting.CHANNEL_TITLE);
    var source = TestMediaSources.streamingOnly(TestMediaSources.fetching(YouTubeTesting.http()), streamed);
    connector = YouTubeTesting.connector(fake, source, Clock.systemUTC(), new YouTubeProperties(MIB, 1600, 10_000));
    account = YouTubeTesting.account(fake, token);
    long payload = 20 * MIB + 12_345;
    var out = new ByteArrayOutputStream();
    out.write(TestMp4.header(payload));
    byte[] noise = new byte[(int) payload];
    new Random(14).nextBytes(noise);
    out.write(noise);
    video = out.toByteArray();
  }

  @AfterEach
  void stop() {
    fake.close();
    media.close();
  }

  private PostContent post() {
    return new PostContent("a long video", List.of(), new PostContent.Video(media.serve("long.mp4", video), "Long", null), List.of());
  }

  @Test
  void aConnectionDroppedMidChunk_resumesFromTheAcknowledgedByte_neverFromZero() throws Exception {
    // The third chunk (bytes 2-3 MiB) drops after 300 KiB of it: YouTube keeps 256 KiB of those.
    fake.dropChunkAt(2 * MIB, 300 * 1024, false);
    var gate = new AtomicInteger();
    var published = connector.publish(new Publication(account, post(), null, null, "k", gate::incrementAndGet));

    assertThat(published.postId()).isEqualTo(fake.videos().getLast().id());
    assertThat(fake.videos()).hasSize(1);
    assertThat(fake.videos().getLast().sha256()).isEqualTo(sha256(video));
    assertThat(gate.get()).as("the gate opens once, before the last chunk").isEqualTo(1);
    assertThat(fake.statusQueries()).as("the session was asked where it stands").isEqualTo(1);
    assertThat(fake.chunks()).filteredOn(c -> c.first() == 0).as("bytes sent from zero").hasSize(1);
    assertThat(fake.chunks()).as("resumed right after the acknowledged byte")
        .anySatisfy(c -> assertThat(c.first()).isEqualTo(2 * MIB + 256 * 1024));
    long sent = fake.chunks().stream().mapToLong(FakeYouTube.Chunk::arrived).sum();
    assertThat(sent).as("bytes sent in all").isLessThan(video.length + MIB);
  }

  @Test
  void whenTheSessionCannotBeAsked_theNextCallResumesTheSameSession() throws Exception {
    fake.dropChunkAt(MIB, 700 * 1024, true); // the second chunk: 512 KiB of it kept, then an outage
    var first = catchInProgress(() -> connector.publish(new Publication(account, post(), null, null, "k", SendGate.NONE)));
    assertThat(first.progress()).containsKey(YouTubeUpload.SESSION);
    assertThat(fake.videos()).isEmpty();

    fake.recover();
    var published = connector.publish(new Publication(account, post(), null, null, "k", SendGate.NONE, first.progress()));
    assertThat(fake.videos()).hasSize(1);
    assertThat(published.postId()).isEqualTo(fake.videos().getFirst().id());
    assertThat(fake.videos().getFirst().sha256()).isEqualTo(sha256(video));
    assertThat(fake.chunks()).filteredOn(c -> c.first() == 0).hasSize(1);
    assertThat(fake.chunks()).anySatisfy(c -> assertThat(c.first()).isEqualTo(MIB + 512 * 1024));
  }

  private static NetworkFailure.InProgress catchInProgress(ThrowingCall call) {
    try {
      call.run();
    } catch (NetworkFailure.InProgress e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError("expected InProgress, got " + e, e);
    }
    throw new AssertionError("expected InProgress, the upload finished");
  }

  interface ThrowingCall {
    Object run() throws Exception;
  }

  static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}

package ink.octopost.networks.bluesky;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.fakes.FakePds;
import ink.octopost.fakes.MediaServer;
import ink.octopost.media.TestMediaSources;
import ink.octopost.networks.Platform;
import ink.octopost.networks.PostContent;
import ink.octopost.networks.Publication;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A 40 MB video goes to the PDS as a stream: the connector never asks for the file in memory (the
 * media source's files fail the test if it does), the PDS gets exactly its bytes (the blob's CID is
 * their SHA-256), and the thread that publishes allocates far less than the file.
 */
class BlueskyStreamingUploadTest {

  static final String DID = "did:plc:alice5b3x2ymq7kzhpoe4vj";
  static final int PAYLOAD = 40 * 1024 * 1024;

  FakePds pds;
  MediaServer media;

  @BeforeEach
  void start() throws Exception {
    pds = new FakePds().account("alice.test", DID, "pass-word-1234-abcd");
    media = new MediaServer();
  }

  @AfterEach
  void stop() {
    pds.close();
    media.close();
  }

  @Test
  void a40MbVideo_isStreamedToUploadBlob_withItsExactBytes_andItsAspectRatioReadFromTheMoovAtTheEnd() throws Exception {
    byte[] video = MediaServer.mp4WithMedia(1280, 720, PAYLOAD);
    String url = media.serve("big.mp4", video);
    var streamed = new AtomicLong();
    var connector = BlueskyTesting.connector(pds.url(), BlueskyTesting.video("", false),
        http -> TestMediaSources.streamingOnly(TestMediaSources.fetching(http), streamed));
    var session = pds.session(DID);
    var account = new Publication.AccountContext("acc_1", Platform.BLUESKY, DID, "alice.test", pds.url(),
        Map.of("access_jwt", session.get("accessJwt"), "refresh_jwt", session.get("refreshJwt"), "did", DID,
            "handle", "alice.test"));

    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
    var published = connector.publish(new Publication(account,
        new PostContent("a big one", List.of(), new PostContent.Video(url, "big", null), List.of()), null, null, "big:0"));
    long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;

    var embed = pds.record(published.postId()).value().path("embed");
    assertThat(embed.path("video").path("ref").path("$link").asString())
        .as("the blob's CID, which holds the SHA-256 of what the PDS received").isEqualTo(FakePds.blobCid(video));
    assertThat(embed.path("video").path("size").asLong()).isEqualTo(video.length);
    assertThat(embed.path("aspectRatio").path("width").asInt()).isEqualTo(1280);
    assertThat(embed.path("aspectRatio").path("height").asInt()).isEqualTo(720);
    assertThat(streamed.get()).as("bytes read from the media file: the upload once, and two box headers and the moov")
        .isBetween((long) video.length, (long) video.length + 4096);
    System.out.println("publishing thread allocated " + allocated + " bytes for a " + video.length + "-byte video");
    assertThat(allocated).as("bytes the publishing thread allocated (the video is " + video.length + ")")
        .isLessThan(video.length / 4);
  }
}

package ink.octopost.networks.bluesky;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.fakes.FakePds;
import ink.octopost.fakes.MediaServer;
import ink.octopost.networks.PostContent;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The PDS scenarios against FakePds: what the reference PDS check verifies, on every build. */
class FakePdsScenariosTest extends PdsScenarios {

  static final Account ALICE = new Account("alice.test", "did:plc:scenalice4k2mq7xw3zt5hy", "aaaa-bbbb-cccc-dddd");
  static final Account BOB = new Account("bob.test", "did:plc:scenbob6n3pq2rw7yv4xk5z", "eeee-ffff-gggg-hhhh");

  private final FakePds pds; // started before the scenarios' own services, which need its URL

  FakePdsScenariosTest() throws java.io.IOException {
    pds = new FakePds().account(ALICE.handle(), ALICE.did(), ALICE.appPassword()).account(BOB.handle(), BOB.did(), BOB.appPassword());
  }

  @AfterEach
  void stopPds() {
    pds.close();
  }

  /**
   * Signed in through an entryway (bsky.social), the upload token must name the PDS of the
   * session's DID document, not the host that was called.
   */
  @Test
  void videoUploadTokens_nameThePdsOfTheSessionsDidDocument() throws Exception {
    pds.didDocWithSession();
    var c = connector();
    var account = connect(c, alice());
    var v = new PostContent.Video(media.serve("entryway.mp4", MediaServer.mp4(200, 100)), null, null);
    var published = publish(c, account, new PostContent("via the entryway", List.of(), v, List.of()));
    assertThat(getRecord(published.postId()).path("value").path("embed").path("video").path("mimeType").asString())
        .isEqualTo("video/mp4");
    assertThat(pds.calls("com.atproto.server.describeServer")).isZero();
  }

  @Override
  protected String pdsUrl() {
    return pds.url();
  }

  @Override
  protected Account alice() {
    return ALICE;
  }

  @Override
  protected Account bob() {
    return BOB;
  }

  @Override
  protected String newAppPassword(Account a) {
    String password = "new-" + System.nanoTime();
    pds.account(a.handle(), a.did(), password);
    return password;
  }

  @Override
  protected void revokeAppPassword(Account a, String appPassword) {
    pds.revokeAppPassword(a.did());
  }
}

package ink.octopost.networks.bluesky;

import ink.octopost.fakes.FakePds;
import org.junit.jupiter.api.AfterEach;

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

package ink.octopost.networks.bluesky;

import ink.octopost.fakes.FakeNetwork;
import ink.octopost.fakes.FakePds;
import ink.octopost.networks.ConnectorContractTest;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.Platform;
import ink.octopost.networks.Publication;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class BlueskyContractTest extends ConnectorContractTest {

  static final String DID = "did:plc:contract7h2mu4dcqz3f6i";

  private FakePds fake;
  private BlueskyConnector connector;
  private Map<String, String> credentials;

  @BeforeEach
  void start() throws Exception {
    fake = new FakePds().account("contract.test", DID, "aaaa-bbbb-cccc-dddd");
    connector = BlueskyTesting.connector(fake.url());
    var session = fake.session(DID);
    credentials = new HashMap<>();
    credentials.put("access_jwt", session.get("accessJwt"));
    credentials.put("refresh_jwt", session.get("refreshJwt"));
    credentials.put("did", DID);
    credentials.put("handle", "contract.test");
    credentials.put("app_password", "aaaa-bbbb-cccc-dddd");
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Override
  protected boolean tokensExpire() {
    return true;
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
    return new Publication.AccountContext("acc_contract", Platform.BLUESKY, DID, "contract.test", fake.url(),
        Map.copyOf(credentials));
  }
}

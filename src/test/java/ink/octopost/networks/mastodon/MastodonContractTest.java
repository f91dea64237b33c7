package ink.octopost.networks.mastodon;

import ink.octopost.fakes.FakeMastodon;
import ink.octopost.fakes.FakeNetwork;
import ink.octopost.media.TestMediaSources;
import ink.octopost.networks.ConnectorContractTest;
import ink.octopost.networks.NetworkConnector;
import ink.octopost.networks.Platform;
import ink.octopost.networks.Publication;
import ink.octopost.shared.OutboundHttp;
import ink.octopost.shared.OutboundProperties;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.json.JsonMapper;

class MastodonContractTest extends ConnectorContractTest {

  private FakeMastodon fake;
  private MastodonConnector connector;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeMastodon().token("contract-token", "contract");
    connector = newConnector();
  }

  /** The real connector, allowed to reach the fakes on loopback. */
  static MastodonConnector newConnector() {
    var http = new OutboundHttp(new OutboundProperties(true));
    return new MastodonConnector(http, JsonMapper.builder().build(), Clock.systemUTC(), TestMediaSources.fetching(http));
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
    return new Publication.AccountContext("acc_contract", Platform.MASTODON, "1", "contract", fake.url(),
        Map.of("access_token", "contract-token"));
  }
}

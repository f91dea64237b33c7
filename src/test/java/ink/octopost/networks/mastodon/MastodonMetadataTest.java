package ink.octopost.networks.mastodon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.fakes.FakeMastodon;
import ink.octopost.media.TestMediaSources;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.shared.HostResolver;
import ink.octopost.shared.OutboundHttp;
import ink.octopost.shared.OutboundProperties;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A self-hosted instance URL, with private networks allowed, still never reaches cloud metadata:
 * the instance's name is {@code localhost} (a broken guard would reach the fake instance here),
 * but the resolver the test provides says it is the metadata address.
 */
class MastodonMetadataTest {

  @Test
  void anInstanceUrlThatResolvesToMetadata_isRefused_inPrivateNetworkMode() throws Exception {
    try (var fake = new FakeMastodon().token("t", "me")) {
      HostResolver resolver = host -> {
        if (!host.equals("localhost")) {
          throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByName("169.254.169.254")};
      };
      var http = new OutboundHttp(new OutboundProperties(true), resolver);
      var connector = new MastodonConnector(http, JsonMapper.builder().build(), Clock.systemUTC(), TestMediaSources.fetching(http));
      String instance = fake.url().replace("127.0.0.1", "localhost");

      for (String url : new String[] {instance, "http://0xa9fea9fe", "http://[fd00:ec2::254]", "http://metadata.google.internal"}) {
        assertThatThrownBy(() -> connector.connect(Map.of("instance_url", url, "access_token", "t")))
            .as(url)
            .isInstanceOfSatisfying(NetworkFailure.Rejected.class,
                r -> assertThat(r.code()).isEqualTo("blocked_destination"));
      }
      assertThat(connector.connect(Map.of("instance_url", fake.url(), "access_token", "t")).username())
          .as("the same instance by its loopback address is fine").isEqualTo("me");
    }
  }
}

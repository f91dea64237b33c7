package ink.octopost.networks.linkedin;

import ink.octopost.fakes.FakeLinkedIn;
import ink.octopost.media.TestMediaSources;
import ink.octopost.networks.MediaSource;
import ink.octopost.networks.NetworksProperties;
import ink.octopost.networks.Platform;
import ink.octopost.networks.Publication;
import ink.octopost.shared.OutboundHttp;
import ink.octopost.shared.OutboundProperties;
import java.time.Clock;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Connectors and accounts for the LinkedIn tests, pointed at a {@link FakeLinkedIn}. */
final class LinkedInTesting {

  static final String PERSON = "aBc123XyZ";
  static final String PERSON_NAME = "Ada Lovelace";
  static final String ORG_ID = "2414183";
  static final String ORG_NAME = "Octopost Bakery";
  static final String CLIENT_ID = "77abcdef";
  static final String CLIENT_SECRET = "li-secret";

  private LinkedInTesting() {}

  static OutboundHttp http() {
    return new OutboundHttp(new OutboundProperties(true));
  }

  static NetworksProperties properties(String baseUrl, String clientId, String clientSecret) {
    var li = new NetworksProperties.Network(baseUrl, clientId, clientSecret);
    return new NetworksProperties(null, null, null, li, null, null, null, null, null, null, null, null);
  }

  static LinkedInConnector connector(FakeLinkedIn fake, MediaSource media, Clock clock, LinkedInProperties linkedin) {
    return new LinkedInConnector(http(), JsonMapper.builder().build(), clock, media,
        properties(fake.url(), CLIENT_ID, CLIENT_SECRET), linkedin);
  }

  static LinkedInConnector connector(FakeLinkedIn fake) {
    return connector(fake, TestMediaSources.fetching(http()), Clock.systemUTC(), LinkedInProperties.DEFAULTS);
  }

  static Publication.AccountContext account(String urn, Map<String, String> credentials) {
    return new Publication.AccountContext("acc_li", Platform.LINKEDIN, urn, PERSON_NAME, null, credentials);
  }

  static Publication.AccountContext member(String token) {
    return account("urn:li:person:" + PERSON, Map.of("access_token", token));
  }
}

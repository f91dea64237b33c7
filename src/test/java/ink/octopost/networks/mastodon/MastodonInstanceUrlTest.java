package ink.octopost.networks.mastodon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MastodonInstanceUrlTest {

  @Test
  void instanceUrl_acceptsHttpAndHttps_andTheRefusalSaysSo() {
    assertThat(MastodonConnector.instance("http://mastodon.example:8080/")).isEqualTo("http://mastodon.example:8080");
    assertThat(MastodonConnector.instance("https://mastodon.example/@alice")).isEqualTo("https://mastodon.example");
    assertThat(MastodonConnector.instance("mastodon.example")).isEqualTo("https://mastodon.example");

    assertThatThrownBy(() -> MastodonConnector.instance("ftp://mastodon.example"))
        .hasMessage("instance_url must be an http or https URL with a host, e.g. https://mastodon.social");
  }
}

package ink.octopost.networks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class NetworksPropertiesTest {

  @Test
  void bindsTheDocumentedEnvironmentVariables() {
    var env = new StandardEnvironment();
    env.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
        "OCTOPOST_NETWORKS_TELEGRAM_BASE_URL", "http://127.0.0.1:9999/",
        "OCTOPOST_NETWORKS_TWITTER_CLIENT_ID", "cid",
        "OCTOPOST_NETWORKS_TWITTER_CLIENT_SECRET", "secret")));
    var props = Binder.get(env).bind("octopost.networks", NetworksProperties.class).get();

    assertThat(props.baseUrl(Platform.TELEGRAM, "https://api.telegram.org")).isEqualTo("http://127.0.0.1:9999");
    assertThat(props.baseUrl(Platform.DISCORD, "https://discord.com/api")).isEqualTo("https://discord.com/api");
    assertThat(props.clientId(Platform.TWITTER)).isEqualTo("cid");
    assertThat(props.clientSecret(Platform.TWITTER)).isEqualTo("secret");
    assertThat(ConfigurationPropertySources.get(env)).isNotNull();
  }
}

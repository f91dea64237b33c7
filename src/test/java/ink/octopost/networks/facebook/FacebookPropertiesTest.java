package ink.octopost.networks.facebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.networks.NetworksProperties;
import ink.octopost.networks.Platform;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class FacebookPropertiesTest {

  private static StandardEnvironment env(Map<String, Object> vars) {
    var env = new StandardEnvironment();
    env.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, vars));
    return env;
  }

  @Test
  void bindsTheDocumentedEnvironmentVariables_besideTheBaseUrlAndApp() {
    var env = env(Map.of(
        "OCTOPOST_NETWORKS_FACEBOOK_GRAPH_VERSION", "v26.0",
        "OCTOPOST_NETWORKS_FACEBOOK_LOGIN_URL", "http://127.0.0.1:7/",
        "OCTOPOST_NETWORKS_FACEBOOK_BASE_URL", "http://127.0.0.1:9999",
        "OCTOPOST_NETWORKS_FACEBOOK_CLIENT_ID", "991122",
        "OCTOPOST_NETWORKS_FACEBOOK_CLIENT_SECRET", "secret"));
    var facebook = Binder.get(env).bind("octopost.networks.facebook", FacebookProperties.class).get();
    var networks = Binder.get(env).bind("octopost.networks", NetworksProperties.class).get();

    assertThat(facebook.graphVersion()).isEqualTo("v26.0");
    assertThat(facebook.loginUrl()).isEqualTo("http://127.0.0.1:7");
    assertThat(networks.baseUrl(Platform.FACEBOOK, GraphApi.DEFAULT_GRAPH)).isEqualTo("http://127.0.0.1:9999");
    assertThat(networks.clientId(Platform.FACEBOOK)).isEqualTo("991122");
    assertThat(networks.clientSecret(Platform.FACEBOOK)).isEqualTo("secret");
  }

  @Test
  void theVersion_defaultsToTheReferencesCurrentOne_andAcceptsABareNumber() {
    var env = env(Map.of("OCTOPOST_NETWORKS_FACEBOOK_GRAPH_VERSION", "7"));
    assertThat(Binder.get(env).bind("octopost.networks.facebook", FacebookProperties.class).get().graphVersion()).isEqualTo("v7.0");
    assertThat(new FacebookProperties(null, null).graphVersion()).isEqualTo("v25.0");
    assertThatThrownBy(() -> new FacebookProperties("latest", null)).isInstanceOf(ink.octopost.shared.StartupException.class);
  }
}

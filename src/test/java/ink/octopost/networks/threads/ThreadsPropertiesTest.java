package ink.octopost.networks.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.networks.NetworksProperties;
import ink.octopost.networks.Platform;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class ThreadsPropertiesTest {

  static Binder binder(Map<String, Object> variables) {
    var env = new StandardEnvironment();
    env.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
    return Binder.get(env);
  }

  @Test
  void bindsTheDocumentedEnvironmentVariables_besideTheBaseUrlAndApp() {
    var b = binder(Map.of(
        "OCTOPOST_NETWORKS_THREADS_BASE_URL", "http://127.0.0.1:7/",
        "OCTOPOST_NETWORKS_THREADS_CLIENT_ID", "app-id",
        "OCTOPOST_NETWORKS_THREADS_CLIENT_SECRET", "app-secret",
        "OCTOPOST_NETWORKS_THREADS_API_VERSION", "v2.0",
        "OCTOPOST_NETWORKS_THREADS_AUTHORIZE_URL", "http://127.0.0.1:7/consent",
        "OCTOPOST_NETWORKS_THREADS_CONTAINER_TIMEOUT", "PT2S"));
    var props = b.bindOrCreate("octopost.networks.threads", ThreadsProperties.class);
    assertThat(props.apiVersion()).isEqualTo("v2.0");
    assertThat(props.authorizeUrl()).isEqualTo("http://127.0.0.1:7/consent");
    assertThat(props.containerTimeout()).isEqualTo(Duration.ofSeconds(2));
    var networks = b.bind("octopost.networks", NetworksProperties.class).get();
    assertThat(networks.baseUrl(Platform.THREADS, ThreadsApi.DEFAULT_BASE)).isEqualTo("http://127.0.0.1:7");
    assertThat(networks.clientId(Platform.THREADS)).isEqualTo("app-id");
    assertThat(networks.clientSecret(Platform.THREADS)).isEqualTo("app-secret");
  }

  @Test
  void defaultsToMetasVersionAndConsentPage_andRefusesNonsense() {
    var props = binder(Map.of()).bindOrCreate("octopost.networks.threads", ThreadsProperties.class);
    assertThat(props).isEqualTo(ThreadsProperties.DEFAULTS);
    assertThat(props.apiVersion()).isEqualTo("v1.0");
    assertThat(props.containerTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(new ThreadsProperties("1.0", null, null).apiVersion()).isEqualTo("v1.0");
    assertThatThrownBy(() -> new ThreadsProperties("latest", null, null)).hasMessageContaining("not a version");
    assertThatThrownBy(() -> new ThreadsProperties(null, "ftp://x", null)).hasMessageContaining("not an http(s) URL");
  }
}

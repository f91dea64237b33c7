package ink.octopost.networks.instagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.networks.NetworksProperties;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class InstagramPropertiesTest {

  private static Binder binder(Map<String, Object> variables) {
    var env = new StandardEnvironment();
    env.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
    return Binder.get(env);
  }

  static InstagramProperties bind(Map<String, Object> variables) {
    return binder(variables).bindOrCreate("octopost.networks.instagram", InstagramProperties.class);
  }

  @Test
  void bindsTheDocumentedEnvironmentVariables() {
    var vars = Map.<String, Object>of(
        "OCTOPOST_NETWORKS_INSTAGRAM_GRAPH_VERSION", "v24.0",
        "OCTOPOST_NETWORKS_INSTAGRAM_LOGIN_URL", "http://127.0.0.1:7/",
        "OCTOPOST_NETWORKS_INSTAGRAM_TOKEN_URL", "http://127.0.0.1:8",
        "OCTOPOST_NETWORKS_INSTAGRAM_FACEBOOK_BASE_URL", "http://127.0.0.1:9",
        "OCTOPOST_NETWORKS_INSTAGRAM_FACEBOOK_LOGIN_URL", "http://127.0.0.1:10",
        "OCTOPOST_NETWORKS_INSTAGRAM_IMAGE_TIMEOUT", "PT2M",
        "OCTOPOST_NETWORKS_INSTAGRAM_VIDEO_TIMEOUT", "PT20M",
        "OCTOPOST_NETWORKS_INSTAGRAM_BASE_URL", "http://127.0.0.1:11",
        "OCTOPOST_NETWORKS_INSTAGRAM_CLIENT_ID", "ig-id",
        "OCTOPOST_NETWORKS_INSTAGRAM_CLIENT_SECRET", "ig-secret");
    var props = bind(vars);
    assertThat(props.graphVersion()).isEqualTo("v24.0");
    assertThat(props.loginUrl()).isEqualTo("http://127.0.0.1:7");
    assertThat(props.tokenUrl()).isEqualTo("http://127.0.0.1:8");
    assertThat(props.facebookBaseUrl()).isEqualTo("http://127.0.0.1:9");
    assertThat(props.facebookLoginUrl()).isEqualTo("http://127.0.0.1:10");
    assertThat(props.imageTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(props.videoTimeout()).isEqualTo(Duration.ofMinutes(20));

    var networks = binder(vars).bindOrCreate("octopost.networks", NetworksProperties.class);
    var hosts = Hosts.of(networks, props);
    assertThat(hosts.graph("instagram")).isEqualTo("http://127.0.0.1:11/v24.0");
    assertThat(hosts.graph("facebook")).isEqualTo("http://127.0.0.1:9/v24.0");
    assertThat(hosts.facebookClientId()).as("without a Facebook app, the Instagram settings' app").isEqualTo("ig-id");
  }

  @Test
  void defaultsToMetasHosts_andRefusesAVersionThatIsNotOne() {
    var props = bind(Map.of());
    assertThat(props.graphVersion()).isEqualTo(InstagramProperties.DEFAULT_VERSION);
    assertThat(props.loginUrl()).isEqualTo("https://www.instagram.com");
    assertThat(props.tokenUrl()).isEqualTo("https://api.instagram.com");
    assertThat(props.imageTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(props.videoTimeout()).isEqualTo(Duration.ofMinutes(15));
    var networks = binder(Map.of("OCTOPOST_NETWORKS_FACEBOOK_BASE_URL", "http://127.0.0.1:12",
        "OCTOPOST_NETWORKS_FACEBOOK_CLIENT_ID", "fb-id", "OCTOPOST_NETWORKS_FACEBOOK_CLIENT_SECRET", "fb-secret"))
        .bindOrCreate("octopost.networks", NetworksProperties.class);
    var hosts = Hosts.of(networks, props);
    assertThat(hosts.graph("instagram")).isEqualTo("https://graph.instagram.com/" + InstagramProperties.DEFAULT_VERSION);
    assertThat(hosts.graph("facebook")).startsWith("http://127.0.0.1:12/");
    assertThat(hosts.facebookClientId()).isEqualTo("fb-id");
    assertThat(bind(Map.of("OCTOPOST_NETWORKS_INSTAGRAM_GRAPH_VERSION", "7")).graphVersion()).isEqualTo("v7.0");
    assertThat(bind(Map.of("OCTOPOST_NETWORKS_INSTAGRAM_GRAPH_VERSION", "25.0")).graphVersion()).isEqualTo("v25.0");
    assertThatThrownBy(() -> bind(Map.of("OCTOPOST_NETWORKS_INSTAGRAM_GRAPH_VERSION", "latest")))
        .hasStackTraceContaining("not a Graph API version");
  }
}

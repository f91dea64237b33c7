package ink.octopost.networks.bluesky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class BlueskyVideoPropertiesTest {

  static BlueskyVideoProperties bind(Map<String, Object> variables) {
    var env = new StandardEnvironment();
    env.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
    return Binder.get(env).bindOrCreate("octopost.networks.bluesky.video", BlueskyVideoProperties.class);
  }

  @Test
  void bindsTheDocumentedEnvironmentVariables() {
    var props = bind(Map.of("OCTOPOST_NETWORKS_BLUESKY_VIDEO_URL", "http://127.0.0.1:9999/",
        "OCTOPOST_NETWORKS_BLUESKY_VIDEO_FALLBACK_TO_PDS", "true",
        "OCTOPOST_NETWORKS_BLUESKY_VIDEO_POLL_INTERVAL", "PT2S",
        "OCTOPOST_NETWORKS_BLUESKY_VIDEO_TIMEOUT", "PT10M"));
    assertThat(props.url()).isEqualTo("http://127.0.0.1:9999");
    assertThat(props.did()).isEqualTo("did:web:127.0.0.1");
    assertThat(bind(Map.of("OCTOPOST_NETWORKS_BLUESKY_VIDEO_DID", "did:web:video.example")).did()).isEqualTo("did:web:video.example");
    assertThat(props.fallbackToPds()).isTrue();
    assertThat(props.pollInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(props.timeout()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void defaultsToBlueskysService_andBlankMeansThePds() {
    var props = bind(Map.of());
    assertThat(props.url()).isEqualTo("https://video.bsky.app");
    assertThat(props.did()).isEqualTo("did:web:video.bsky.app");
    assertThat(props.fallbackToPds()).isFalse();
    assertThat(props.useService()).isTrue();
    assertThat(bind(Map.of("OCTOPOST_NETWORKS_BLUESKY_VIDEO_URL", "")).useService()).isFalse();
    assertThatThrownBy(() -> new BlueskyVideoProperties("ftp://x", null, false, null, null))
        .hasMessageContaining("not an http(s) URL");
  }
}

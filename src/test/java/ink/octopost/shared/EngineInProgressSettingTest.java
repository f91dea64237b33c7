package ink.octopost.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.publishing.EngineProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** OCTOPOST_ENGINE_MAX_IN_PROGRESS binds from the environment the way the docs spell it. */
class EngineInProgressSettingTest {

  private static EngineProperties bind(Map<String, Object> variables) {
    var environment = new StandardEnvironment();
    environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
    EnvironmentSettings.apply(environment, () -> List.of(EngineProperties.class));
    return Binder.get(environment).bindOrCreate("octopost.engine", EngineProperties.class);
  }

  @Test
  void twoHoursByDefault_andTheEnvironmentChangesIt() {
    assertThat(bind(Map.of()).maxInProgress()).isEqualTo(Duration.ofHours(2));
    assertThat(bind(Map.of("OCTOPOST_ENGINE_MAX_IN_PROGRESS", "PT20M")).maxInProgress()).isEqualTo(Duration.ofMinutes(20));
  }

  @Test
  void aWaitOfNothing_stopsStartUp() {
    assertThatThrownBy(() -> bind(Map.of("OCTOPOST_ENGINE_MAX_IN_PROGRESS", "PT0S")))
        .hasStackTraceContaining("max-in-progress must be a positive duration");
  }
}

package ink.octopost.networks.linkedin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.shared.StartupException;
import org.junit.jupiter.api.Test;

class LinkedInPropertiesTest {

  @Test
  void theVersion_defaultsToTheReferencesOne_andKeepsLinkedInsShape() {
    assertThat(new LinkedInProperties(null, null, false).version()).isEqualTo("202601");
    assertThat(new LinkedInProperties(" 202604 ", "https://www.linkedin.com/", true))
        .isEqualTo(new LinkedInProperties("202604", "https://www.linkedin.com", true));
    assertThat(new LinkedInProperties("202601.01", null, false).version()).isEqualTo("202601.01");
  }

  @Test
  void aVersionThatIsNotOne_stopsTheStart_sayingWhatToSet() {
    assertThatThrownBy(() -> new LinkedInProperties("2026-01", null, false))
        .isInstanceOf(StartupException.class).hasMessageContaining("2026-01");
  }
}

package ink.octopost.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.testing.Nodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The default mode: the server's own PostgreSQL under the data directory. */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedRestartTest {

  @TempDir Path dataDir;

  private Map<String, Object> embedded() {
    return Map.of("octopost.database.url", "", "octopost.secret-key", "", "octopost.data-dir", dataDir.toString());
  }

  @Test
  void dataSurvivesARestart_andTheBootstrapRunsOnce(CapturedOutput output) throws Exception {
    String key;
    String createdId;
    try (var first = Nodes.start(null, embedded())) {
      var matcher = Pattern.compile("API key \\(full access\\):\\s+(oct_live_\\w{32})").matcher(output.getOut());
      assertThat(matcher.find()).as("the first start prints the bootstrap key").isTrue();
      key = matcher.group(1);
      var created = first.api().post("/v1/api-keys", key, "{\"name\": \"survives restarts\"}");
      assertThat(created.status()).isEqualTo(201);
      createdId = created.json().path("id").asString();

      assertThatThrownBy(() -> Nodes.start(null, embedded()))
          .as("a second server on the same data directory fails fast")
          .hasStackTraceContaining("Another Octopost server is already running on the data directory");
    }
    assertThat(Files.getPosixFilePermissions(dataDir.resolve("secret.key")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));

    try (var second = Nodes.start(null, embedded())) {
      assertThat(second.api().get("/v1/me", key).status()).isEqualTo(200);
      var list = second.api().get("/v1/api-keys", key);
      assertThat(list.text()).contains(createdId).contains("survives restarts");
    }
    assertThat(output.getOut().split("Octopost is set up", -1)).as("banner printed once").hasSize(2);
  }

  @Test
  void aWrongSecretKey_refusesToStart_insteadOfCorruptingCredentials() {
    try (var first = Nodes.start(null, embedded())) {
      assertThat(first.api().request("GET", "/actuator/health").send().status()).isEqualTo(200);
    }
    var wrong = new java.util.HashMap<>(embedded());
    wrong.put("octopost.secret-key", "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVowMTIzNDU=");
    assertThatThrownBy(() -> Nodes.start(null, wrong))
        .hasStackTraceContaining("The secret key is not the one this database's credentials were sealed with");
  }
}

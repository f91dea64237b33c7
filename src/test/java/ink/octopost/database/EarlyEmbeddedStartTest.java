package ink.octopost.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.testing.Nodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL starts alongside the context, and never outlives a failed start. */
class EarlyEmbeddedStartTest {

  @TempDir Path dataDir;

  @Test
  void aStartThatFails_stopsItsPostgres_andFreesTheDataDirectory() throws Exception {
    var settings = new HashMap<String, Object>(Map.of(
        "octopost.database.url", "", "octopost.secret-key", "", "octopost.data-dir", dataDir.toString()));
    var broken = new HashMap<>(settings);
    broken.put("octopost.workspaces.default-tier", "no-such-tier");
    assertThatThrownBy(() -> Nodes.start(null, broken)).hasStackTraceContaining("no-such-tier");

    Path pid = dataDir.resolve("postgres/postmaster.pid");
    assertThat(pid).as("the PostgreSQL started for the failed context was stopped").doesNotExist();
    try (var node = Nodes.start(null, settings)) {
      assertThat(node.api().request("GET", "/actuator/health").send().status()).isEqualTo(200);
      assertThat(Files.readString(pid)).isNotBlank();
    }
  }
}

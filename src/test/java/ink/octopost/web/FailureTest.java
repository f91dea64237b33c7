package ink.octopost.web;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.testing.ApiTestBase;
import ink.octopost.testing.Nodes;
import ink.octopost.testing.TestDatabase;
import ink.octopost.testing.TestSupport;
import java.sql.DriverManager;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a client sees when the server itself fails. */
class FailureTest extends ApiTestBase {

  @Test
  void aBug_isA500Envelope_thatRevealsNothing() {
    var r = assertError(api.get("/v1/testing/bug", tenant.key()), 500, "internal_error");
    assertThat(r.text()).doesNotContain("hunter2").doesNotContain("jdbc").doesNotContain("IllegalState");
  }

  @Test
  void databaseDown_is503_withRetryAfter_andReadinessGoesDown() throws Exception {
    String url = TestDatabase.newDatabase("outage");
    try (var node = Nodes.start(url, Map.of("spring.datasource.hikari.connection-timeout", "1000"))) {
      assertThat(node.api().get("/v1/me", TestSupport.BOOTSTRAP_KEY).status()).isEqualTo(401);
      String name = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
      String admin = url.replace("/" + name + "?", "/postgres?");
      try (var c = DriverManager.getConnection(admin); var s = c.createStatement()) {
        s.execute("DROP DATABASE " + name + " WITH (FORCE)");
      }

      var r = node.api().request("GET", "/v1/me").header("Authorization", "Bearer " + TestSupport.BOOTSTRAP_KEY).send();
      assertError(r, 503, "unavailable");
      assertThat(r.header("Retry-After")).isEqualTo("5");
      assertThat(node.api().request("GET", "/actuator/health/readiness").send().status()).isEqualTo(503);
      assertThat(node.api().request("GET", "/actuator/health/liveness").send().status()).isEqualTo(200);
    }
  }
}

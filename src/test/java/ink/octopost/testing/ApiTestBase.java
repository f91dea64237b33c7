package ink.octopost.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Base of end-to-end tests on the shared context: a client, a fresh tenant, a resettable clock. */
@OctopostTest
public abstract class ApiTestBase {

  @LocalServerPort protected int port;
  @Autowired protected Tenants tenants;
  @Autowired protected TestClock clock;

  protected Api api;
  protected Tenants.Tenant tenant;

  @BeforeEach
  void setUpApi() {
    api = new Api(port);
    tenant = tenants.create();
  }

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  /** Asserts the documented error envelope and returns the response. */
  protected static Api.Response assertError(Api.Response r, int status, String code) {
    assertThat(r.status()).as("status of %s", r).isEqualTo(status);
    var json = r.json();
    assertThat(json.path("code").asString()).as("code of %s", r).isEqualTo(code);
    assertThat(json.path("error").asString()).as("message of %s", r).isNotBlank();
    assertThat(json.path("details").isObject()).as("details of %s", r).isTrue();
    assertThat(json.path("request_id").asString()).isEqualTo(r.header("X-Request-Id"));
    return r;
  }
}

package ink.octopost.web;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.testing.ApiTestBase;
import ink.octopost.testing.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class OperationsTest extends ApiTestBase {

  @Test
  void health_livenessAndReadiness_areUp_withoutAuth() {
    for (String path : new String[] {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"}) {
      var r = api.request("GET", path).send();
      assertThat(r.status()).as(path).isEqualTo(200);
      assertThat(r.json().path("status").asString()).isEqualTo("UP");
      assertThat(r.text()).doesNotContain("jdbc:").doesNotContain("postgres");
    }
  }

  @Test
  void prometheus_exposesMetrics_butNoSecret() {
    api.get("/v1/me", tenant.key());
    var r = api.request("GET", "/actuator/prometheus").send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).contains("http_server_requests_seconds").contains("hikaricp_connections");
    assertThat(r.text()).doesNotContain(tenant.key()).doesNotContain(TestSupport.BOOTSTRAP_KEY)
        .doesNotContain(TestSupport.SECRET_KEY);
  }

  @Test
  void otherActuatorEndpoints_areNotExposed() {
    for (String path : new String[] {"/actuator/env", "/actuator/configprops", "/actuator/heapdump", "/actuator/beans"}) {
      assertError(api.request("GET", path).send(), 404, "not_found");
    }
  }

  @Test
  void openApi_isA31Document_ofTheRealEndpoints_inSnakeCase() {
    var r = api.request("GET", "/v1/openapi.json").send();
    assertThat(r.status()).isEqualTo(200);
    var doc = r.json();
    assertThat(doc.path("openapi").asString()).startsWith("3.1");
    assertThat(doc.path("paths").propertyNames()).contains("/v1/me", "/v1/api-keys", "/v1/api-keys/{id}")
        .noneMatch(p -> p.contains("testing"));
    assertThat(doc.path("components").path("security_schemes").isMissingNode()).isTrue();
    assertThat(doc.path("components").path("securitySchemes").propertyNames()).contains("bearer", "apiKey");
    var keyView = doc.path("components").path("schemas").path("KeyView").path("properties");
    assertThat(keyView.propertyNames()).contains("created_at", "last_used_at", "revoked_at").doesNotContain("createdAt");
    var create = doc.path("paths").path("/v1/api-keys").path("post");
    assertThat(create.path("responses").propertyNames()).contains("201", "401", "403", "413", "422", "429");
    assertThat(create.path("parameters").valueStream().map(p -> p.path("name").asString())).contains("Idempotency-Key");
    assertThat(doc.path("paths").path("/v1/me").path("get").path("parameters").toString()).doesNotContain("principal");
  }

  @Test
  void docsPage_isServed() {
    var redirect = api.request("GET", "/docs").send();
    assertThat(redirect.status()).isEqualTo(302);
    String location = redirect.header("Location");
    var page = api.request("GET", location.replaceFirst("^https?://[^/]+", "")).send();
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.text()).containsIgnoringCase("swagger");
    var config = api.request("GET", "/v1/openapi.json/swagger-config").send();
    assertThat(config.text()).contains("/v1/openapi.json");
  }

  @Test
  void secrets_neverAppearInTheLog(CapturedOutput output) {
    var created = api.post("/v1/api-keys", tenant.key(), "{\"name\": \"logged?\"}");
    String secret = created.json().path("secret").asString();
    api.get("/v1/me", secret);
    api.request("GET", "/v1/me").header("X-API-Key", secret).send();
    api.request("GET", "/v1/me").header("Authorization", "Bearer " + secret + "x").send();
    api.delete("/v1/api-keys/" + created.json().path("id").asString(), tenant.key());
    api.get("/v1/me", secret);

    assertThat(output.getAll()).doesNotContain(secret).doesNotContain(tenant.key())
        .doesNotContain(secret.substring(9));
  }
}

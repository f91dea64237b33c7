package ink.octopost.testing;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.MapPropertySource;
import java.util.Map;

/** Beans and properties every {@link OctopostTest} context shares. */
@TestConfiguration(proxyBeanMethods = false)
public class TestSupport {

  /** A fixed key the shared context bootstraps (OCTOPOST_BOOTSTRAP_API_KEY). */
  public static final String BOOTSTRAP_KEY = "oct_live_B00tstrapB00tstrapB00tstrapB00ts";

  /** A fixed secret key, so tests can restart contexts on the same database. */
  public static final String SECRET_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

  @Bean
  @Primary
  TestClock testClock() {
    return new TestClock();
  }

  @Bean
  Tenants tenants(
      ink.octopost.workspaces.WorkspaceService workspaces,
      ink.octopost.auth.ApiKeyService keys,
      ink.octopost.accounts.AccountService accounts) {
    return new Tenants(workspaces, keys, accounts);
  }

  /** Points the context at the shared test database. */
  public static class Initializer
      implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
      context
          .getEnvironment()
          .getPropertySources()
          .addFirst(
              new MapPropertySource(
                  "octopost-test",
                  Map.of(
                      "octopost.database.url", TestDatabase.sharedDatabase(),
                      "octopost.secret-key", SECRET_KEY,
                      "octopost.bootstrap-api-key", BOOTSTRAP_KEY)));
    }
  }

}

package ink.octopost.auth;

import ink.octopost.shared.Ids;
import ink.octopost.shared.OctopostProperties;
import ink.octopost.shared.StartupException;
import ink.octopost.workspaces.WorkspaceService;
import java.io.PrintStream;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On first start with an empty database: a workspace, its owner and a full-access live key,
 * printed once to the console (standard output, never the log). With {@code
 * OCTOPOST_BOOTSTRAP_API_KEY}: that exact key, with full access, in the first workspace. Runs
 * before the server accepts requests, under an advisory lock so nodes starting together agree.
 */
@Component
class Bootstrap implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);
  private static final long LOCK_ID = 0x6f63746f_626f6f74L; // "octoboot"

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final WorkspaceService workspaces;
  private final ApiKeyService keys;
  private final OctopostProperties properties;
  private final PrintStream console;

  Bootstrap(
      JdbcClient jdbc,
      TransactionTemplate tx,
      WorkspaceService workspaces,
      ApiKeyService keys,
      OctopostProperties properties) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.workspaces = workspaces;
    this.keys = keys;
    this.properties = properties;
    this.console = System.out;
    String configured = properties.bootstrapApiKey();
    if (configured != null && !configured.isBlank() && !ApiKeys.wellFormed(configured.strip())) {
      throw new StartupException(
          "OCTOPOST_BOOTSTRAP_API_KEY is not a well-formed Octopost key.",
          "Use 'oct_live_' or 'oct_test_' followed by exactly 32 letters and digits, or unset it.");
    }
  }

  @Override
  public void afterSingletonsInstantiated() {
    String configured = properties.bootstrapApiKey();
    String bootstrapKey = configured == null || configured.isBlank() ? null : configured.strip();
    var banner = tx.execute(status -> {
      jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(LOCK_ID).query().singleValue();
      String printed = null;
      var first = workspaces.first();
      if (first.isEmpty()) {
        var ws = workspaces.create("My workspace");
        String email = "owner@octopost.local";
        String password = Ids.base62(20);
        var owner = workspaces.createOwner(ws.id(), email, "Owner", password);
        if (bootstrapKey == null) {
          printed = keys.create(ws.id(), owner.id(), "Bootstrap key", KeyMode.LIVE, Set.of()).secret();
        }
        log.info("Created the first workspace {} and its owner", ws.id());
        first = java.util.Optional.of(ws);
        if (bootstrapKey == null) {
          return new Banner(printed, email, password);
        }
        ensure(bootstrapKey, ws.id(), owner.id());
        return new Banner(null, email, password);
      }
      if (bootstrapKey != null) {
        var ws = first.get();
        var owner = workspaces.owner(ws.id()).orElseThrow();
        ensure(bootstrapKey, ws.id(), owner.id());
      }
      return null;
    });
    if (banner != null) {
      banner.print(console);
    }
  }

  private void ensure(String key, String workspaceId, String userId) {
    boolean created = keys.ensureFullAccess(key, workspaceId, userId);
    log.info(
        "OCTOPOST_BOOTSTRAP_API_KEY {} ({})",
        created ? "installed" : "present",
        ApiKeys.hint(key));
  }

  private record Banner(String apiKey, String email, String password) {
    void print(PrintStream out) {
      var sb = new StringBuilder("\n");
      sb.append("=====================================================================\n");
      sb.append(" Octopost is set up. This is shown once; store it somewhere safe.\n");
      if (apiKey != null) {
        sb.append(" API key (full access):  ").append(apiKey).append('\n');
      } else {
        sb.append(" API key:                the one in OCTOPOST_BOOTSTRAP_API_KEY\n");
      }
      sb.append(" Dashboard login:        ").append(email).append(" / ").append(password).append('\n');
      sb.append("=====================================================================\n");
      out.print(sb);
      out.flush();
    }
  }
}

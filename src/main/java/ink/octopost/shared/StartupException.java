package ink.octopost.shared;

/**
 * A configuration or environment problem that must stop start-up with a clear, actionable message
 * (printed by {@code web.StartupFailureAnalyzer} instead of a stack trace).
 */
public class StartupException extends RuntimeException {

  private final String action;

  public StartupException(String description, String action) {
    super(description);
    this.action = action;
  }

  public String action() {
    return action;
  }
}

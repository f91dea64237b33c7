package ink.octopost.web;

import ink.octopost.shared.StartupException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a {@link StartupException} as a short description and what to do, not a stack trace. */
class StartupFailureAnalyzer extends AbstractFailureAnalyzer<StartupException> {

  @Override
  protected FailureAnalysis analyze(Throwable root, StartupException cause) {
    return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
  }
}

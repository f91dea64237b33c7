package ink.octopost.networks;

/**
 * Wraps every connector the registry hands out (instrumentation, tracing, a test's scripted
 * network). Optional: without a decorator bean, connectors are used as they are.
 */
@FunctionalInterface
public interface ConnectorDecorator {
  NetworkConnector decorate(NetworkConnector connector);
}

package ink.octopost.networks;

/**
 * One network. Each network package provides exactly one, as a Spring bean; the {@link
 * ConnectorRegistry} finds it by platform. Publishing, media and connection calls join this
 * interface with the engine and the connection flows.
 */
public interface NetworkConnector {

  Platform platform();

  NetworkCapabilities capabilities();
}

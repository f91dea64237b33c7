package ink.octopost.networks;

/**
 * One network. Each network package provides exactly one, as a Spring bean; the {@link
 * ConnectorRegistry} finds it by platform.
 */
public interface NetworkConnector {

  Platform platform();

  NetworkCapabilities capabilities();

  /**
   * Publishes one post (or one segment of a thread) and returns what the network made of it.
   *
   * @throws NetworkFailure classified by what the engine must do next
   */
  default Publication.Published publish(Publication publication) throws NetworkFailure {
    throw new NetworkFailure.Rejected(
        "not_supported", "Publishing to " + platform().id() + " is not available in this version of Octopost");
  }

  /**
   * New credentials for an account whose access token expired, or empty when this network's
   * credentials cannot be refreshed (then the account needs reconnecting).
   */
  default java.util.Optional<RefreshedCredentials> refresh(Publication.AccountContext account) throws NetworkFailure {
    return java.util.Optional.empty();
  }

  /** Credentials after a refresh (a rotated refresh token included) and when they expire. */
  record RefreshedCredentials(java.util.Map<String, String> credentials, java.time.Instant expiresAt) {}
}

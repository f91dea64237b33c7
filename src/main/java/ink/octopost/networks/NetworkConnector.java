package ink.octopost.networks;

/**
 * One network. Each network package provides exactly one, as a Spring bean; the {@link
 * ConnectorRegistry} finds it by platform.
 */
public interface NetworkConnector {

  Platform platform();

  /** The network's own capabilities: what holds for every account on it. */
  NetworkCapabilities capabilities();

  /**
   * One account's capabilities: the network's own, adjusted by the limits the network reported
   * for that account ({@link #limits}); {@code limits} is null when none are stored. Networks whose
   * limits are the same for everyone keep this default.
   */
  default NetworkCapabilities capabilities(AccountLimits limits) {
    return capabilities();
  }

  /**
   * Asks the network for this account's own limits (a Mastodon instance's configuration), where
   * they differ per account; empty where they never do. A connector that has them reports them at
   * connect time on the {@link Identity}; after that they are read again about once a day.
   *
   * @throws NetworkFailure when the network could not say just now: the stored limits stay
   */
  default java.util.Optional<AccountLimits> limits(Publication.AccountContext account) throws NetworkFailure {
    return java.util.Optional.empty();
  }

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

  /** Whether {@link #connect} takes pasted credentials ({@code POST /v1/accounts}) on this network. */
  default boolean connectsWithCredentials() {
    return false;
  }

  /**
   * Checks credentials a user pasted ({@code POST /v1/accounts}: an app password, a token, a
   * webhook URL) against the network, and returns the identity they belong to. Nothing is stored
   * unless this succeeds.
   *
   * @param fields the request body's fields, without {@code platform}
   * @throws NetworkFailure with the network's reason when the network refuses them
   * @throws IllegalArgumentException naming a missing or malformed field
   */
  default Identity connect(java.util.Map<String, String> fields) throws NetworkFailure {
    throw new NetworkFailure.Rejected("not_supported", platform().id() + " accounts do not connect with pasted credentials");
  }

  /** Deletes a published post, where the network allows it. */
  default void delete(Publication.AccountContext account, String postId) throws NetworkFailure {
    throw new NetworkFailure.Rejected("not_supported", platform().id() + " posts cannot be deleted through its API");
  }

  /**
   * Who a set of credentials belongs to, as the network says, and the account's own limits where
   * the network has them (null otherwise).
   */
  record Identity(
      String platformUserId, String username, String displayName, String avatarUrl, String instanceUrl,
      java.util.Map<String, String> credentials, java.time.Instant tokenExpiresAt, AccountLimits limits) {

    public Identity(String platformUserId, String username, String displayName, String avatarUrl, String instanceUrl,
        java.util.Map<String, String> credentials, java.time.Instant tokenExpiresAt) {
      this(platformUserId, username, displayName, avatarUrl, instanceUrl, credentials, tokenExpiresAt, null);
    }

    @Override
    public String toString() { // never print credentials
      return "Identity[" + platformUserId + ", " + username + "]";
    }
  }

  /** Credentials after a refresh (a rotated refresh token included) and when they expire. */
  record RefreshedCredentials(java.util.Map<String, String> credentials, java.time.Instant expiresAt) {}
}

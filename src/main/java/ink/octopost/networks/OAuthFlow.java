package ink.octopost.networks;

import java.net.URI;
import java.util.Optional;

/**
 * A network whose accounts connect through an OAuth 2.0 authorization-code flow with PKCE (S256).
 * The accounts feature owns the flow (the single-use state, the sealed code verifier, the callback)
 * and asks this only for what differs per network: which OAuth app to use, where to send the
 * browser, and how to turn a code into an identity with credentials. A network package provides it
 * as a Spring bean beside its connector.
 */
public interface OAuthFlow {

  Platform platform();

  /**
   * The instance an account lives on, normalized ({@code https://host[:port]}), or null for a
   * network with one host (the default, which refuses an instance URL).
   *
   * @throws IllegalArgumentException naming what is wrong with {@code instanceUrl}
   */
  default String instance(String instanceUrl) {
    if (instanceUrl != null && !instanceUrl.isBlank()) {
      throw new IllegalArgumentException("instance_url does not apply to " + platform().id()
          + ", which has one host (it is for Mastodon instances and Instagram's choice of login)");
    }
    return null;
  }

  /**
   * The OAuth app Octopost acts as on this instance: the configured one, or one registered on the
   * instance and remembered in {@code store}.
   *
   * @throws NetworkFailure when the app is not configured or the instance refuses to register one
   */
  Client client(String instance, String redirectUri, ClientStore store) throws NetworkFailure;

  /** Where to send the user's browser to approve Octopost. */
  URI authorizationUrl(Client client, String instance, String redirectUri, String state, String codeChallenge);

  /**
   * Exchanges the code the network sent back (with the PKCE verifier) for tokens, and asks the
   * network whose they are.
   */
  NetworkConnector.Identity exchange(Client client, String instance, String redirectUri, String code, String codeVerifier)
      throws NetworkFailure;

  /**
   * Whether one login can grant several accounts (a Facebook login's Pages, the Instagram accounts
   * linked to them, a LinkedIn member's organization pages). Then {@link #exchangeAll} is called and
   * the user chooses which accounts to connect (a pending connection).
   */
  default boolean grantsSeveralAccounts() {
    return false;
  }

  /**
   * Every account one login grants, each with its own credentials (a Page's access token), for
   * the user to choose from. The default is the one identity of {@link #exchange}.
   */
  default java.util.List<NetworkConnector.Identity> exchangeAll(Client client, String instance, String redirectUri, String code,
      String codeVerifier) throws NetworkFailure {
    return java.util.List.of(exchange(client, instance, redirectUri, code, codeVerifier));
  }

  /** An OAuth app: its public id and, for confidential clients, its secret. */
  record Client(String clientId, String clientSecret) {
    @Override
    public String toString() { // never print the secret
      return "Client[" + clientId + "]";
    }
  }

  /**
   * Remembers apps registered per instance (Mastodon's {@code POST /api/v1/apps}), so each instance
   * is asked once. Implemented where the database is.
   */
  interface ClientStore {
    Optional<Client> find(String instance, String redirectUri);

    /** Stores a newly registered app; when another node stored one first, returns that one. */
    Client save(String instance, String redirectUri, Client client);
  }
}

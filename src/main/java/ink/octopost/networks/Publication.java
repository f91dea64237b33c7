package ink.octopost.networks;

import java.util.Map;

/**
 * What one publish call asks of a network, and what it answers.
 *
 * @param account the account's id, network identity and decrypted credentials
 * @param content one post's text and media (a thread is published one segment at a time)
 * @param replyTo the network's reference to the post this one replies to, or null
 * @param threadRoot the first post of the thread (Bluesky needs both root and parent), or null
 * @param idempotencyKey the same on every attempt of this post: networks that support it use it
 *     so a retry can never create a second post
 * @param gate opened by the connector right before the request that creates the post (see {@link SendGate})
 * @param progress what the connector said last time it was called for this part and answered
 *     {@link NetworkFailure.InProgress}; empty on the first call
 */
public record Publication(
    AccountContext account, PostContent content, Published replyTo, Published threadRoot, String idempotencyKey,
    SendGate gate, java.util.Map<String, String> progress) {

  public Publication {
    gate = gate == null ? SendGate.NONE : gate;
    progress = progress == null ? Map.of() : Map.copyOf(progress);
  }

  /** A first call for this part (nothing in progress). */
  public Publication(AccountContext account, PostContent content, Published replyTo, Published threadRoot, String idempotencyKey,
      SendGate gate) {
    this(account, content, replyTo, threadRoot, idempotencyKey, gate, Map.of());
  }

  /** A publication whose gate records nothing (callers other than the engine). */
  public Publication(AccountContext account, PostContent content, Published replyTo, Published threadRoot, String idempotencyKey) {
    this(account, content, replyTo, threadRoot, idempotencyKey, SendGate.NONE);
  }

  /** The account a call acts for; {@code limits} are its own where the network has them, else null. */
  public record AccountContext(
      String id, Platform platform, String platformUserId, String username, String instanceUrl,
      Map<String, String> credentials, AccountLimits limits) {

    public AccountContext(String id, Platform platform, String platformUserId, String username, String instanceUrl,
        Map<String, String> credentials) {
      this(id, platform, platformUserId, username, instanceUrl, credentials, null);
    }

    /** The same account with other credentials (after a refresh). */
    public AccountContext withCredentials(Map<String, String> newCredentials) {
      return new AccountContext(id, platform, platformUserId, username, instanceUrl, newCredentials, limits);
    }

    @Override
    public String toString() { // never print credentials
      return "AccountContext[" + id + ", " + platform.id() + ", " + username + "]";
    }
  }

  /**
   * A published post: the network's id, its public URL, and whatever else a reply needs (a
   * Bluesky record's cid, a Slack message's channel).
   */
  public record Published(String postId, String postUrl, Map<String, String> refs) {}
}

package ink.octopost.posts;

/**
 * The publishing engine's entry point. Called inside the transaction that moves a post to
 * {@code publishing}; the engine makes its durable work part of that same transaction, so a
 * publish either happens with its work recorded or not at all.
 */
public interface PublishDispatcher {

  /** Publishes the post's pending targets. */
  void dispatch(Post post);
}

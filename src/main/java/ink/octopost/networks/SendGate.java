package ink.octopost.networks;

/**
 * What a connector opens right before the request that creates the post (or a thread reply):
 * everything before it (fetching media, uploading it, looking up a parent, refreshing limits)
 * creates nothing and may be repeated, so only what follows it can leave a post on the network.
 * The engine records there, durably, that the call may have reached the network; a crash before
 * it costs nothing, the target simply runs again.
 *
 * <p>Every {@link NetworkConnector#publish} opens it exactly once, after its preparatory work and
 * before that request, outside any handler that could swallow what it throws.
 */
@FunctionalInterface
public interface SendGate {

  /** For callers that are not the engine (tests, checks): opening it records nothing. */
  SendGate NONE = () -> {};

  /**
   * Returns once the request may be written.
   *
   * @throws TakenOver when this node no longer holds the target: no request may be written
   * @throws RuntimeException when the engine could not record the call: no request may be written
   */
  void open();

  /** This node no longer holds the target (another node took it over): the call must not be made. */
  final class TakenOver extends RuntimeException {
    public TakenOver() {
      super("the target was taken over by another node", null, false, false);
    }
  }
}

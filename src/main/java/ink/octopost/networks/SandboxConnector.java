package ink.octopost.networks;

import ink.octopost.shared.Ids;
import java.util.Map;

/**
 * What test keys publish through: the real network's capabilities and validation, no network
 * call, and a result shaped like the real network's: ids that look right, and URLs on the
 * reserved {@code sandbox.octopost.invalid} that point nowhere real.
 */
final class SandboxConnector implements NetworkConnector {

  private final NetworkCapabilities capabilities;

  SandboxConnector(NetworkCapabilities capabilities) {
    this.capabilities = capabilities;
  }

  @Override
  public Platform platform() {
    return capabilities.platform();
  }

  @Override
  public NetworkCapabilities capabilities() {
    return capabilities;
  }

  @Override
  public Publication.Published publish(Publication publication) throws NetworkFailure {
    var violations = ContentCheck.check(capabilities, publication.content().parts().getFirst());
    if (!violations.isEmpty()) {
      throw new NetworkFailure.Rejected(violations.getFirst().code(), violations.getFirst().message());
    }
    // No request goes out, but the engine records the call as it would for the real network.
    publication.gate().open();
    String id = switch (platform()) {
      case TWITTER, TELEGRAM, DISCORD ->
          String.valueOf(1_000_000_000_000_000_000L + java.util.concurrent.ThreadLocalRandom.current().nextLong(100_000_000_000_000_000L));
      default -> Ids.base62(16).toLowerCase(java.util.Locale.ROOT);
    };
    // A reserved name (RFC 6761 .invalid): a sandbox link can never open someone's real post.
    String url = "https://sandbox.octopost.invalid/" + platform().id() + "/" + id;
    String postId = platform() == Platform.BLUESKY ? "at://did:plc:sandbox/app.bsky.feed.post/" + id : id;
    return new Publication.Published(postId, url, Map.of("sandbox", "true"));
  }
}

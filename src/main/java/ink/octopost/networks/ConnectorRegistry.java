package ink.octopost.networks;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Every network's connector, by platform; start-up fails if one is missing or doubled. */
@Component
public class ConnectorRegistry {

  private final Map<Platform, NetworkConnector> connectors = new EnumMap<>(Platform.class);
  private final Map<Platform, NetworkConnector> sandboxes = new EnumMap<>(Platform.class);
  private final java.util.Set<Platform> withCredentials = java.util.EnumSet.noneOf(Platform.class);

  ConnectorRegistry(List<NetworkConnector> all, org.springframework.beans.factory.ObjectProvider<ConnectorDecorator> decorator) {
    for (var c : all) {
      if (connectors.put(c.platform(), c) != null) {
        throw new IllegalStateException("two connectors for " + c.platform().id());
      }
      if (c.connectsWithCredentials()) { // asked before decoration, so a decorator need not pass it on
        withCredentials.add(c.platform());
      }
    }
    decorator.ifAvailable(d -> connectors.replaceAll((platform, c) -> d.decorate(c)));
    for (var p : Platform.values()) {
      if (!connectors.containsKey(p)) {
        throw new IllegalStateException("no connector for " + p.id());
      }
      sandboxes.put(p, new SandboxConnector(connectors.get(p).capabilities()));
    }
  }

  public NetworkConnector connector(Platform platform) {
    return connectors.get(platform);
  }

  /** The built-in sandbox connector for test keys: real validation, no network call. */
  public NetworkConnector sandbox(Platform platform) {
    return sandboxes.get(platform);
  }

  /** Whether {@code POST /v1/accounts} can connect an account of this platform with pasted credentials. */
  public boolean connectsWithCredentials(Platform platform) {
    return withCredentials.contains(platform);
  }

  public NetworkCapabilities capabilities(Platform platform) {
    return connectors.get(platform).capabilities();
  }
}

package ink.octopost.auth;

import java.util.Arrays;
import java.util.Optional;

/** What a key may do. A key created with no scopes may do everything, including future scopes. */
public enum Scope {
  POSTS_READ("posts:read"),
  POSTS_WRITE("posts:write"),
  ACCOUNTS_READ("accounts:read"),
  ACCOUNTS_WRITE("accounts:write"),
  PRESETS_READ("presets:read"),
  PRESETS_WRITE("presets:write"),
  WEBHOOKS_READ("webhooks:read"),
  WEBHOOKS_WRITE("webhooks:write"),
  WORKSPACE_READ("workspace:read"),
  WORKSPACE_WRITE("workspace:write"),
  KEYS_WRITE("keys:write"),
  MEDIA_READ("media:read"),
  MEDIA_WRITE("media:write");

  private final String wire;

  Scope(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<Scope> fromWire(String value) {
    return Arrays.stream(values()).filter(s -> s.wire.equals(value)).findFirst();
  }
}

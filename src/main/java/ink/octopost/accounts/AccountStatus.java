package ink.octopost.accounts;

/** Whether an account can publish. */
public enum AccountStatus {
  ACTIVE,
  NEEDS_RECONNECT,
  DISCONNECTED;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  static AccountStatus fromWire(String s) {
    return valueOf(s.toUpperCase(java.util.Locale.ROOT));
  }
}

package ink.octopost.auth;

/** {@code live} keys act on real data; {@code test} keys see only sandbox data. */
public enum KeyMode {
  LIVE,
  TEST;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

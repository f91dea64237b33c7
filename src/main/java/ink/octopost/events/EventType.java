package ink.octopost.events;

/** The events of the v1 contract. */
public enum EventType {
  POST_CREATED("post.created"),
  POST_UPDATED("post.updated"),
  POST_DELETED("post.deleted"),
  POST_SCHEDULED("post.scheduled"),
  POST_PUBLISHED("post.published"),
  POST_FAILED("post.failed"),
  POST_PARTIALLY_FAILED("post.partially_failed"),
  ACCOUNT_CONNECTED("account.connected"),
  ACCOUNT_DISCONNECTED("account.disconnected"),
  ACCOUNT_NEEDS_RECONNECT("account.needs_reconnect"),
  MEDIA_READY("media.ready"),
  MEDIA_FAILED("media.failed");

  private final String wire;

  EventType(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static java.util.Optional<EventType> fromWire(String wire) {
    return java.util.Arrays.stream(values()).filter(t -> t.wire.equals(wire)).findFirst();
  }
}

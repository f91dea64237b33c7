package ink.octopost.networks;

/** How a network carries a thread's reply segments. */
public enum ThreadStyle {
  /** Each segment is a reply to the previous post (X, Bluesky, Mastodon, Threads). */
  REPLY_CHAIN,
  /** Each segment is a follow-up message in the same place (Discord, Slack thread, Telegram reply). */
  FOLLOW_UP,
  /** Segments cannot be published; a post with segments must drop them for this network. */
  NONE
}

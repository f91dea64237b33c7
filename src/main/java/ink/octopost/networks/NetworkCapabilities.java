package ink.octopost.networks;

/**
 * Everything generic code may ask about a network.
 *
 * @param text the main text's rules
 * @param caption the text's rules when media is attached (Telegram: 1024), usually {@code text}
 * @param title a title's rules (YouTube's video title), or null when the network has no title
 * @param media what media a post may carry
 * @param threads how reply segments are published
 * @param idempotentPublish whether a retried publish can never create a second post (an
 *     idempotency key or a chosen record key); otherwise an unknown outcome is never retried
 * @param asyncMediaProcessing whether uploaded media must be polled until processed
 * @param canDelete whether a published post can be deleted through the API
 */
public record NetworkCapabilities(
    Platform platform,
    TextRules text,
    TextRules caption,
    TextRules title,
    MediaRules media,
    ThreadStyle threads,
    boolean idempotentPublish,
    boolean asyncMediaProcessing,
    boolean canDelete) {

  /** The rules for this post's text: the caption's when it carries media. */
  public TextRules textFor(boolean withMedia) {
    return withMedia ? caption : text;
  }
}

package ink.octopost.networks;

import java.util.List;

/**
 * Everything generic code may ask about a network, or about one account on it: a connector may
 * derive an account's own from what the network said about that account ({@link
 * NetworkConnector#capabilities(AccountLimits)}).
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
 * @param options the per-post settings the network offers through {@code overrides.<platform>}
 * @param rules the network's rules that depend on the post itself ({@link ContentRules#NONE} for most)
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
    boolean canDelete,
    List<PostOption> options,
    ContentRules rules) {

  public NetworkCapabilities {
    options = options == null ? List.of() : List.copyOf(options);
    rules = rules == null ? ContentRules.NONE : rules;
  }

  /** A network whose rules do not depend on the post beyond its text and media limits. */
  public NetworkCapabilities(Platform platform, TextRules text, TextRules caption, TextRules title, MediaRules media,
      ThreadStyle threads, boolean idempotentPublish, boolean asyncMediaProcessing, boolean canDelete,
      List<PostOption> options) {
    this(platform, text, caption, title, media, threads, idempotentPublish, asyncMediaProcessing, canDelete, options,
        ContentRules.NONE);
  }

  /** A network without per-post options. */
  public NetworkCapabilities(Platform platform, TextRules text, TextRules caption, TextRules title, MediaRules media,
      ThreadStyle threads, boolean idempotentPublish, boolean asyncMediaProcessing, boolean canDelete) {
    this(platform, text, caption, title, media, threads, idempotentPublish, asyncMediaProcessing, canDelete, List.of(),
        ContentRules.NONE);
  }

  /** The rules for this post's text: the caption's when it carries media. */
  public TextRules textFor(boolean withMedia) {
    return withMedia ? caption : text;
  }

  /** The per-post option of this name, or null. */
  public PostOption option(String name) {
    return options.stream().filter(o -> o.name().equals(name)).findFirst().orElse(null);
  }

  /** The same network with other text and media limits (one account's own). */
  public NetworkCapabilities withLimits(TextRules text, TextRules caption, MediaRules media) {
    return new NetworkCapabilities(platform, text, caption, title, media, threads, idempotentPublish,
        asyncMediaProcessing, canDelete, options, rules);
  }

  /** The capabilities that hold for this content (see {@link ContentRules#adapt}). */
  public NetworkCapabilities forContent(PostContent content) {
    return rules.adapt(this, content);
  }
}

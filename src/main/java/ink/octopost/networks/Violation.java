package ink.octopost.networks;

/**
 * One rule a post breaks on one network, as {@code POST /v1/posts/validate} reports it.
 *
 * @param code a stable machine code ({@code text_too_long}, {@code too_many_images}, ...)
 * @param message for humans, naming the network and the numbers
 * @param field the request field ({@code content}, {@code media.images}, {@code segments[2].content})
 * @param limit the network's limit, or null
 * @param actual what the post has, counted the network's way, or null
 */
public record Violation(
    @io.swagger.v3.oas.annotations.media.Schema(example = "text_too_long") String code, String message, String field,
    @jakarta.annotation.Nullable Integer limit, @jakarta.annotation.Nullable Integer actual) {}

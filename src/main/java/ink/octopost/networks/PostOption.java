package ink.octopost.networks;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A per-post setting a network offers beyond text and media (Mastodon's visibility and content
 * warning), sent as {@code overrides.<platform>.<name>} and handed to the connector in {@link
 * PostContent#options()}. Generic code checks values by their kind and knows nothing else about
 * them; the connector decides what they mean.
 *
 * @param name the field under {@code overrides.<platform>}
 * @param kind how the value is written: one of {@code choices}, a text, or true/false
 * @param choices the allowed values of a {@link Kind#CHOICE}
 * @param maxLength the longest {@link Kind#TEXT}, in characters
 * @param countedWithText whether the network counts this text together with the post's text
 *     against its text limit (Mastodon's content warning)
 */
public record PostOption(String name, Kind kind, List<String> choices, int maxLength, boolean countedWithText) {

  public enum Kind {
    CHOICE,
    TEXT,
    FLAG
  }

  public static PostOption choice(String name, String... choices) {
    return new PostOption(name, Kind.CHOICE, List.of(choices), 0, false);
  }

  public static PostOption text(String name, int maxLength, boolean countedWithText) {
    return new PostOption(name, Kind.TEXT, List.of(), maxLength, countedWithText);
  }

  public static PostOption flag(String name) {
    return new PostOption(name, Kind.FLAG, List.of(), 0, false);
  }

  /**
   * The value as a connector gets it: a {@code String} (choice, text) or a {@code Boolean} (flag);
   * null for JSON null, which means "not set".
   *
   * @throws IllegalArgumentException saying what is wrong with it, for the field's message
   */
  public Object read(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    return switch (kind) {
      case CHOICE -> {
        if (!value.isString() || !choices.contains(value.asString())) {
          throw new IllegalArgumentException("must be one of " + String.join(", ", choices));
        }
        yield value.asString();
      }
      case TEXT -> {
        if (!value.isString()) {
          throw new IllegalArgumentException("must be a string");
        }
        String s = value.asString();
        if (s.codePointCount(0, s.length()) > maxLength) {
          throw new IllegalArgumentException("must be at most " + maxLength + " characters");
        }
        yield s;
      }
      case FLAG -> {
        if (!value.isBoolean()) {
          throw new IllegalArgumentException("must be true or false");
        }
        yield value.asBoolean();
      }
    };
  }
}

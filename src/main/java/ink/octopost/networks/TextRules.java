package ink.octopost.networks;

/**
 * One text field's limits on a network.
 *
 * @param maxLength the limit, in the unit the network counts
 * @param unit what is counted, for messages ("weighted characters", "graphemes", ...)
 * @param counter how the network counts
 * @param maxBytes a second limit in UTF-8 bytes (Bluesky), or 0 for none
 * @param required whether the text may be empty (some networks accept media alone)
 */
public record TextRules(int maxLength, String unit, TextCounter counter, int maxBytes, boolean required) {

  public static TextRules of(int maxLength, String unit, TextCounter counter) {
    return new TextRules(maxLength, unit, counter, 0, false);
  }

  public TextRules withMaxBytes(int bytes) {
    return new TextRules(maxLength, unit, counter, bytes, required);
  }

  public TextRules requiredText() {
    return new TextRules(maxLength, unit, counter, maxBytes, true);
  }

  public int count(String text) {
    return counter.count(text == null ? "" : text);
  }
}

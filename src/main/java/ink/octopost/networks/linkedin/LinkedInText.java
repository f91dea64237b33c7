package ink.octopost.networks.linkedin;

/**
 * LinkedIn's "little" text format (networks.md 4.4): in {@code commentary} the characters
 * {@code \ | { } @ [ ] ( ) < > # * _ ~} are markup, and an unescaped one silently cuts or garbles the
 * post. Every one is escaped with a backslash, so the text appears exactly as written (a {@code #word}
 * then shows as text, not as a hashtag link).
 */
final class LinkedInText {

  static final String RESERVED = "\\|{}@[]()<>#*_~";

  private LinkedInText() {}

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    var out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (RESERVED.indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}

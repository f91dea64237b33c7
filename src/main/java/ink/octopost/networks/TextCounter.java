package ink.octopost.networks;

/** Counts a text the way one network does (weighted characters, graphemes, UTF-16 units, ...). */
@FunctionalInterface
public interface TextCounter {
  int count(String text);
}

package ink.octopost.shared;

/** Edit distances between setting names, for suggesting the name a typo meant. */
final class NameDistance {

  private NameDistance() {}

  static int between(String a, String b) {
    return prefixDistances(a, b)[b.length()];
  }

  /**
   * How close {@code name} is to {@code prefix <key> suffix} for the best key it could hold, and
   * where that key lies in it: {@code [distance, keyStart, keyEnd]}. One pass each way, so a
   * pattern with a map key costs about as much as one without.
   */
  static int[] keySpan(String prefix, String suffix, String name) {
    int n = name.length();
    int[] head = prefixDistances(prefix, name);
    int[] tail = prefixDistances(reverse(suffix), reverse(name));
    int[] best = {Integer.MAX_VALUE, 0, 0};
    int headMin = Integer.MAX_VALUE;
    int headAt = 0;
    for (int end = 1; end <= n; end++) {
      if (head[end - 1] < headMin) {
        headMin = head[end - 1];
        headAt = end - 1;
      }
      int d = headMin + tail[n - end];
      if (d < best[0]) {
        best = new int[] {d, headAt, end};
      }
    }
    return best;
  }

  /** Element k: the edit distance from {@code a} to the first k characters of {@code b}. */
  private static int[] prefixDistances(String a, String b) {
    int[] row = new int[b.length() + 1];
    for (int k = 0; k <= b.length(); k++) {
      row[k] = k;
    }
    for (int x = 1; x <= a.length(); x++) {
      int diagonal = row[0];
      row[0] = x;
      for (int k = 1; k <= b.length(); k++) {
        int above = row[k];
        int cost = a.charAt(x - 1) == b.charAt(k - 1) ? 0 : 1;
        row[k] = Math.min(Math.min(row[k] + 1, row[k - 1] + 1), diagonal + cost);
        diagonal = above;
      }
    }
    return row;
  }

  private static String reverse(String s) {
    return new StringBuilder(s).reverse().toString();
  }
}

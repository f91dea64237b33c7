package ink.octopost.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documentation ships with the repository: every relative link in README.md and docs/*.md,
 * and every path written as code that starts with {@code ./} or {@code ../}, must name a file of
 * this repository (a clone has nothing beside it), and every {@code #anchor} must name a heading.
 */
class DocsTest {

  /** Maven runs tests in the project directory. */
  private static final Path ROOT = Path.of("").toAbsolutePath().normalize();

  /** {@code [text](target)} and {@code ![alt](target)}; the target ends at a space or ')'. */
  private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

  /** {@code [label]: target} reference definitions. */
  private static final Pattern REFERENCE = Pattern.compile("(?m)^\\s{0,3}\\[[^\\]]+]:\\s*<?(\\S+?)>?(?:\\s.*)?$");

  /**
   * Inline code that names a file beside or above the repository ({@code `../shared/docs/api-v1.md`},
   * {@code `./docs/api.md`}); runtime paths such as {@code `./data`} are not files of the clone.
   */
  private static final Pattern CODE_PATH = Pattern.compile("`(\\.\\./[^`\\s]*|\\./[^`\\s]+\\.md)[^`]*`");

  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*#*\\s*$");

  private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*```.*?^\\s*```\\s*$");

  @Test
  void theProjectCarriesItsOwnDocs() {
    for (String doc : List.of("README.md", "docs/api.md", "docs/architecture.md", "docs/operations.md")) {
      assertThat(ROOT.resolve(doc)).as(doc).isRegularFile();
    }
  }

  @Test
  void everyRelativeLinkNamesAFileOfThisRepository() throws IOException {
    var broken = new ArrayList<String>();
    for (Path doc : docs()) {
      String text = Files.readString(doc);
      String prose = FENCE.matcher(text).replaceAll(""); // shell examples are not links
      for (String target : targets(prose)) {
        String problem = problem(doc, target);
        if (problem != null) {
          broken.add(ROOT.relativize(doc) + ": " + target + " (" + problem + ")");
        }
      }
    }
    assertThat(broken).as("links to what a clone of the repository does not have").isEmpty();
  }

  @Test
  void theCheckCatchesLinksOutOfTheRepository() throws IOException {
    Path doc = ROOT.resolve("README.md");
    assertThat(problem(doc, "../shared/docs/api-v1.md")).isNotNull();
    assertThat(problem(doc, "docs/no-such-file.md")).isNotNull();
    assertThat(problem(doc, "docs/api.md#no-such-heading")).isNotNull();
    assertThat(problem(doc, "docs/api.md")).isNull();
    assertThat(targets("see `../shared/docs/architecture.md` and [x](../shared/x.md)"))
        .containsExactly("../shared/x.md", "../shared/docs/architecture.md");
    assertThat(targets("data in `./data`, run `./octopost run`, see [the site](https://octopost.ink)")).isEmpty();
  }

  private static List<Path> docs() throws IOException {
    var out = new ArrayList<Path>();
    out.add(ROOT.resolve("README.md"));
    try (Stream<Path> files = Files.walk(ROOT.resolve("docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
    }
    return out;
  }

  private static List<String> targets(String markdown) {
    var out = new ArrayList<String>();
    for (Pattern p : List.of(LINK, REFERENCE, CODE_PATH)) {
      Matcher m = p.matcher(markdown);
      while (m.find()) {
        String target = m.group(1);
        if (!isExternal(target)) {
          out.add(target);
        }
      }
    }
    return out;
  }

  private static boolean isExternal(String target) {
    return target.matches("(?i)[a-z][a-z0-9+.-]*:.*"); // http:, https:, mailto:, ...
  }

  /** Null when the target exists inside the repository (and its anchor names a heading), else why not. */
  private static String problem(Path doc, String target) throws IOException {
    int hash = target.indexOf('#');
    String path = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path file = path.isEmpty() ? doc : doc.getParent().resolve(path).normalize();
    if (!file.startsWith(ROOT)) {
      return "outside the repository";
    }
    if (!Files.exists(file)) {
      return "no such file";
    }
    if (anchor != null && !anchor.isEmpty() && file.toString().endsWith(".md")
        && !anchors(Files.readString(file)).contains(anchor)) {
      return "no heading #" + anchor;
    }
    return null;
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
  static Set<String> anchors(String markdown) {
    var seen = new HashMap<String, Integer>();
    var out = new HashSet<String>();
    Matcher m = HEADING.matcher(FENCE.matcher(markdown).replaceAll(""));
    while (m.find()) {
      String slug = m.group(1).toLowerCase(Locale.ROOT)
          .replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1")
          .replaceAll("[^\\p{L}\\p{N} _-]", "")
          .replace(' ', '-');
      int n = seen.merge(slug, 1, Integer::sum);
      out.add(n == 1 ? slug : slug + "-" + (n - 1));
    }
    return out;
  }

  @Test
  void anchorsFollowGithub() {
    assertThat(anchors("# Errors and codes\n## `POST /v1/posts`\n## Errors and codes\n"))
        .contains("errors-and-codes", "post-v1posts", "errors-and-codes-1");
  }
}

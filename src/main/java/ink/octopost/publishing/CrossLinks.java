package ink.octopost.publishing;

import ink.octopost.networks.Platform;
import ink.octopost.networks.PostContent;
import ink.octopost.posts.Post;
import ink.octopost.posts.TargetStatus;
import ink.octopost.presets.Preset;
import ink.octopost.presets.PresetService;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Component;

/**
 * Cross-linked presets: the primary platform's target publishes first; the others wait, then
 * carry the preset's template with {@code {link}} set to the primary post's URL. If the primary
 * does not publish, they publish without the link and say so.
 */
@Component
class CrossLinks {

  private final PresetService presets;
  private final TargetStore store;
  private final Clock clock;

  CrossLinks(PresetService presets, TargetStore store, Clock clock) {
    this.presets = presets;
    this.store = store;
    this.clock = clock;
  }

  /** How a secondary target's content changes, and what it should tell the user. */
  record Link(UnaryOperator<PostContent> change, String note) {
    static final Link NONE = new Link(UnaryOperator.identity(), null);

    PostContent apply(PostContent c) {
      return change.apply(c);
    }
  }

  /** The preset that cross-links this post, when its primary is one of the post's targets. */
  private Optional<Preset> preset(Post post) {
    if (post.presetId() == null) {
      return Optional.empty();
    }
    return presets.find(post.workspaceId(), post.presetId())
        .filter(Preset::crossLinkEnabled)
        .filter(p -> p.primaryPlatform() != null)
        .filter(p -> post.targets().stream().anyMatch(t -> t.platform() == p.primaryPlatform()))
        .filter(p -> post.targets().stream().anyMatch(t -> t.platform() != p.primaryPlatform()));
  }

  /** The targets that must wait for the primary (none when the primary already finished). */
  List<String> waiting(Post post) {
    return preset(post).map(p -> {
      boolean primaryPending = post.targets().stream()
          .anyMatch(t -> t.platform() == p.primaryPlatform() && !t.status().finished());
      return primaryPending
          ? post.targets().stream().filter(t -> t.platform() != p.primaryPlatform() && t.status() == TargetStatus.PENDING)
              .map(Post.Target::id).toList()
          : List.<String>of();
    }).orElse(List.of());
  }

  Link forSecondary(Post post, Platform platform, String targetId) {
    var preset = preset(post).filter(p -> p.primaryPlatform() != platform);
    if (preset.isEmpty()) {
      return Link.NONE;
    }
    Platform primary = preset.get().primaryPlatform();
    var state = store.target(post.id(), primary).orElse(null);
    if (state == null || !"published".equals(state.status()) || state.url() == null) {
      return new Link(UnaryOperator.identity(),
          "Published without the cross-link: the primary post on " + name(primary) + " did not publish");
    }
    String text = render(preset.get().crossLinkTemplate(), primary, state.url(), post.content());
    return new Link(c -> c.withText(c.text().isBlank() ? text : c.text() + "\n\n" + text),
        null);
  }

  /** When the primary finishes, however it finishes, the others may go. */
  void afterTarget(Post post, Platform finished) {
    preset(post).filter(p -> p.primaryPlatform() == finished)
        .ifPresent(p -> store.releaseWaiting(post.id(), null, clock.instant()));
  }

  static String render(String template, Platform primary, String link, String content) {
    String firstLine = content.lines().findFirst().orElse("").strip();
    return template
        .replace("{platform}", name(primary))
        .replace("{link}", link)
        .replace("{title}", cut(firstLine, 100))
        .replace("{excerpt}", cut(content.strip().replaceAll("\\s+", " "), 200));
  }

  private static String cut(String s, int max) {
    if (s.codePointCount(0, s.length()) <= max) {
      return s;
    }
    String head = s.substring(0, s.offsetByCodePoints(0, max - 1));
    int space = head.lastIndexOf(' ');
    return (space > max / 2 ? head.substring(0, space) : head) + "…";
  }

  static String name(Platform p) {
    return switch (p) {
      case TWITTER -> "X";
      case LINKEDIN -> "LinkedIn";
      case TIKTOK -> "TikTok";
      case YOUTUBE -> "YouTube";
      default -> p.id().substring(0, 1).toUpperCase(java.util.Locale.ROOT) + p.id().substring(1);
    };
  }
}

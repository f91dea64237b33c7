package ink.octopost.posts;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Where queued posts stand: their place in the queue (1 goes next) and the slot that place is
 * expected to take. Pending posts wait for approval and have no place until approved.
 */
@Component
class QueuePlaces {

  /** One queued post's place and the instant its slot is expected. */
  record Place(int position, Instant expectedAt) {}

  private final PostRepository posts;
  private final QueueForecast forecast;
  private final Clock clock;

  QueuePlaces(PostRepository posts, QueueForecast forecast, Clock clock) {
    this.posts = posts;
    this.forecast = forecast;
    this.clock = clock;
  }

  PostView view(Post post) {
    return views(List.of(post)).getFirst();
  }

  /**
   * The posts as the API shows them, queued ones with their place. A list is one caller's: one
   * workspace and one mode, so one queue and at most one query.
   */
  List<PostView> views(List<Post> list) {
    var queued = list.stream().filter(QueuePlaces::waiting).toList();
    Map<String, Place> places = queued.isEmpty() ? Map.of()
        : places(queued.getFirst().workspaceId(), queued.getFirst().sandbox(), queued.stream().map(Post::id).toList(),
            clock.instant().truncatedTo(ChronoUnit.SECONDS));
    return list.stream().map(p -> PostView.of(p, places.get(p.id()))).toList();
  }

  /** Queued and not yet started: what the engine's queue picks from. */
  private static boolean waiting(Post p) {
    return p.queueStatus() == Post.QueueStatus.QUEUED && p.status() == PostStatus.DRAFT;
  }

  private Map<String, Place> places(String ws, boolean sandbox, List<String> ids, Instant now) {
    Map<String, Integer> positions = posts.queuePositions(ws, sandbox, ids);
    if (positions.isEmpty()) {
      return Map.of();
    }
    int last = positions.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    var slots = forecast.nextSlots(ws, sandbox, last, now);
    var out = new HashMap<String, Place>();
    positions.forEach((id, position) ->
        out.put(id, new Place(position, position <= slots.size() ? slots.get(position - 1) : null)));
    return out;
  }
}

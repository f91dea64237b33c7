package ink.octopost.posts;

import java.time.Instant;
import java.util.List;

/**
 * When a queue's posts will go out: implemented by the publishing engine, which owns the queue's
 * slots and where it stands in them.
 */
public interface QueueForecast {

  /**
   * The instants at which the next {@code count} posts of the workspace's (live or sandbox) queue
   * are expected to start publishing, in queue order; fewer when the settings leave no slot.
   * A slot already due is reported as {@code now}.
   */
  List<Instant> nextSlots(String workspaceId, boolean sandbox, int count, Instant now);
}

package ink.octopost.presets;

import ink.octopost.networks.Platform;
import java.time.Instant;
import java.util.List;

/** A preset; {@code system} presets cannot be changed or deleted. */
public record Preset(
    String id,
    String workspaceId,
    boolean system,
    String name,
    List<Platform> platforms,
    Platform primaryPlatform,
    boolean crossLinkEnabled,
    String crossLinkTemplate,
    boolean isDefault,
    Instant createdAt,
    Instant updatedAt) {

  /** The template variables a cross-link text may use. */
  public static final List<String> VARIABLES = List.of("platform", "link", "title", "excerpt");
}

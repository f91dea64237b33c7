package ink.octopost.presets;

import ink.octopost.networks.Platform;
import ink.octopost.shared.ApiException;
import ink.octopost.shared.Cursor;
import ink.octopost.shared.Ids;
import ink.octopost.shared.Page;
import ink.octopost.workspaces.WorkspaceCreated;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Presets: the public face of this feature. */
@Service
public class PresetService {

  static final String DEFAULT_TEMPLATE = "Also on {platform}: {link}";

  private final PresetRepository presets;
  private final Clock clock;

  PresetService(PresetRepository presets, Clock clock) {
    this.presets = presets;
    this.clock = clock;
  }

  /** Every workspace starts with the two system presets; "All Platforms" names every platform there is. */
  @EventListener
  void onWorkspaceCreated(WorkspaceCreated created) {
    Instant now = now();
    presets.insert(new Preset(Ids.newId("preset_sys"), created.workspaceId(), true, "All Platforms",
        List.of(Platform.values()),
        null, false, null, false, now, now), "all_platforms");
    presets.insert(new Preset(Ids.newId("preset_sys"), created.workspaceId(), true, "Professional",
        List.of(Platform.LINKEDIN, Platform.TWITTER), null, false, null, false, now.plusNanos(1000), now.plusNanos(1000)),
        "professional");
  }

  public Page<Preset> page(String ws, Cursor after, int limit) {
    return Page.of(presets.page(ws, after, limit + 1), limit, Preset::createdAt, Preset::id);
  }

  public Preset get(String ws, String id) {
    return presets.find(ws, id).orElseThrow(() -> ApiException.notFound("Preset"));
  }

  public Optional<Preset> defaultPreset(String ws) {
    return presets.findDefault(ws);
  }

  public Optional<Preset> find(String ws, String id) {
    return presets.find(ws, id);
  }

  /** What a create or update sets; null fields are not set (an update keeps them). */
  record Changes(
      String name,
      List<Platform> platforms,
      boolean primaryPlatformSet,
      Platform primaryPlatform,
      Boolean crossLinkEnabled,
      boolean templateSet,
      String crossLinkTemplate) {}

  @Transactional
  Preset create(String ws, Changes c) {
    Instant now = now();
    var preset = apply(new Preset(Ids.newId("preset"), ws, false, null, List.of(), null, false, null, false, now, now), c, true);
    presets.insert(preset, null);
    return get(ws, preset.id());
  }

  @Transactional
  Preset update(String ws, String id, Changes c) {
    var current = get(ws, id);
    refuseSystem(current);
    presets.update(apply(current, c, false));
    return get(ws, id);
  }

  @Transactional
  void delete(String ws, String id) {
    refuseSystem(get(ws, id));
    presets.delete(id);
  }

  @Transactional
  Preset makeDefault(String ws, String id) {
    get(ws, id);
    presets.makeDefault(ws, id, now());
    return get(ws, id);
  }

  private static void refuseSystem(Preset p) {
    if (p.system()) {
      throw ApiException.forbidden("System presets cannot be changed or deleted; create your own preset instead");
    }
  }

  /** Applies changes and checks the whole result: platforms, primary platform, template. */
  private Preset apply(Preset p, Changes c, boolean creating) {
    var v = new ink.octopost.shared.Violations();
    String name = c.name() != null ? c.name().strip() : p.name();
    if (creating || c.name() != null) {
      v.text("name", name, 100);
    }
    List<Platform> platforms = c.platforms() != null ? c.platforms() : p.platforms();
    if (platforms.isEmpty()) {
      v.add("platforms", "must name at least one platform");
    }
    Platform primary = c.primaryPlatformSet() ? c.primaryPlatform() : p.primaryPlatform();
    if (primary != null && !platforms.contains(primary)) {
      v.add("primary_platform", "must be one of the preset's platforms");
    }
    boolean crossLink = c.crossLinkEnabled() != null ? c.crossLinkEnabled() : p.crossLinkEnabled();
    String template = c.templateSet() ? c.crossLinkTemplate() : p.crossLinkTemplate();
    if (template != null) {
      if (template.length() > 1000) {
        v.add("cross_link_template", "must be at most 1000 characters");
      }
      var matcher = java.util.regex.Pattern.compile("\\{([^{}]*)}").matcher(template);
      while (matcher.find()) {
        if (!Preset.VARIABLES.contains(matcher.group(1))) {
          v.add("cross_link_template", "unknown variable {" + matcher.group(1) + "}; use {platform}, {link}, {title} or {excerpt}");
        }
      }
    }
    if (crossLink) {
      if (primary == null) {
        v.add("primary_platform", "is required when cross_link_enabled is true: it publishes first");
      }
      if (template == null) {
        template = DEFAULT_TEMPLATE;
      } else if (!template.contains("{link}")) {
        v.add("cross_link_template", "must contain {link} when cross-linking is enabled");
      }
      if (platforms.size() < 2) {
        v.add("platforms", "cross-linking needs the primary platform and at least one other");
      }
    }
    v.throwIfAny();
    return new Preset(p.id(), p.workspaceId(), false, name, List.copyOf(platforms), primary, crossLink, template,
        p.isDefault(), p.createdAt(), now());
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}

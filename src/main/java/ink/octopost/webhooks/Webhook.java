package ink.octopost.webhooks;

import java.time.Instant;
import java.util.List;

/** A registered endpoint (its secrets stay sealed in the database). */
record Webhook(
    String id,
    String workspaceId,
    boolean sandbox,
    String url,
    List<String> events,
    String description,
    boolean active,
    String disabledReason,
    Instant createdAt,
    Instant updatedAt) {}

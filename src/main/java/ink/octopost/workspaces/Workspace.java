package ink.octopost.workspaces;

import java.time.Instant;

/** A tenant. {@code planTier} names a rate-limit tier ({@code free}, {@code pro}, ...). */
public record Workspace(String id, String name, String planTier, Instant createdAt) {}

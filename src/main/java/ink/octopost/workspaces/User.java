package ink.octopost.workspaces;

import java.time.Instant;

/** A person who can sign in to the dashboard and own API keys. */
public record User(String id, String email, String name, Instant createdAt) {}

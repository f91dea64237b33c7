package ink.octopost.workspaces;

/** Published, inside the creating transaction, when a workspace is created. */
public record WorkspaceCreated(String workspaceId) {}

package ink.octopost.workspaces;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param defaultTier the plan tier new workspaces get ({@code OCTOPOST_WORKSPACES_DEFAULT_TIER}).
 *     A self-hosted server defaults to {@code pro}: its owner should not be throttled like a
 *     free trial.
 */
@ConfigurationProperties("octopost.workspaces")
public record WorkspaceProperties(@DefaultValue("pro") String defaultTier) {}

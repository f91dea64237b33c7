package ink.octopost.shared;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param allowPrivateNetworks lets outbound calls (media, webhooks, self-hosted instances) reach
 *     loopback and private addresses ({@code OCTOPOST_OUTBOUND_ALLOW_PRIVATE_NETWORKS})
 */
@ConfigurationProperties("octopost.outbound")
public record OutboundProperties(@DefaultValue("false") boolean allowPrivateNetworks) {}

package ink.octopost.shared;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings every feature may read (environment {@code OCTOPOST_*}). Feature-specific settings
 * live next to their feature.
 *
 * @param dataDir where the embedded database and the generated secret key live
 * @param publicUrl the URL users and networks reach this server at (OAuth callbacks, media)
 * @param secretKey base64 AES-256 key sealing stored credentials; generated in embedded mode
 * @param bootstrapApiKey a key that must exist with full access in the first workspace
 */
@ConfigurationProperties("octopost")
public record OctopostProperties(
    @DefaultValue("./data") Path dataDir,
    @DefaultValue("http://localhost:8080") String publicUrl,
    String secretKey,
    String bootstrapApiKey) {}

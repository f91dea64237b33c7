package ink.octopost.networks.tiktok;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * TikTok settings beyond the base URL and OAuth app ({@code octopost.networks.tiktok.*}); the base
 * URL, client key and secret are in {@link ink.octopost.networks.NetworksProperties}.
 *
 * @param authorizeUrl the consent page; by default TikTok's own, or {@code <base-url>/v2/auth/authorize/}
 *     when a base URL is configured (a local fake serves both)
 * @param pullFromUrl send videos as {@code PULL_FROM_URL} (TikTok fetches Octopost's signed public
 *     link; the domain must be verified in TikTok's developer portal) instead of uploading them in
 *     chunks ({@code FILE_UPLOAD}, the default, which needs no verification)
 * @param publishTimeout how long a post may stay processing before it fails
 */
@ConfigurationProperties("octopost.networks.tiktok")
record TikTokProperties(String authorizeUrl, @DefaultValue("false") boolean pullFromUrl,
    @DefaultValue("PT2H") Duration publishTimeout) {

  static final TikTokProperties DEFAULTS = new TikTokProperties(null, false, Duration.ofHours(2));

  TikTokProperties {
    authorizeUrl = authorizeUrl == null || authorizeUrl.isBlank() ? null : authorizeUrl.strip();
    publishTimeout = publishTimeout == null || publishTimeout.isNegative() || publishTimeout.isZero()
        ? Duration.ofHours(2) : publishTimeout;
  }
}

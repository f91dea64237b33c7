package ink.octopost.media;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Resumable uploads ({@code octopost.uploads.*}, environment {@code OCTOPOST_UPLOADS_*}).
 *
 * @param expiry how long an unfinished upload may take from its creation; after that it answers
 *     410 and its parts are collected
 * @param maxUnfinished how many unfinished uploads one workspace may have at once
 * @param lease how long one PATCH holds its upload without showing signs of life (renewed while
 *     bytes arrive); a node that dies mid-PATCH frees the upload after this
 * @param failedRetention failed media objects are collected this long after they were created
 */
@ConfigurationProperties("octopost.uploads")
record UploadProperties(
    @DefaultValue("P1D") Duration expiry,
    @DefaultValue("100") int maxUnfinished,
    @DefaultValue("PT2M") Duration lease,
    @DefaultValue("P1D") Duration failedRetention) {

  UploadProperties {
    if (expiry.isNegative() || expiry.isZero() || lease.isNegative() || lease.isZero() || maxUnfinished < 1
        || failedRetention.isNegative()) {
      throw new ink.octopost.shared.StartupException(
          "octopost.uploads: expiry, lease and max-unfinished must be positive.",
          "Fix OCTOPOST_UPLOADS_EXPIRY, OCTOPOST_UPLOADS_LEASE or OCTOPOST_UPLOADS_MAX_UNFINISHED.");
    }
  }
}

package ink.octopost.media;

import jakarta.annotation.Nullable;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The media library's settings ({@code octopost.media.*}, environment {@code OCTOPOST_MEDIA_*}).
 *
 * @param dir where the filesystem store keeps media; default {@code <data dir>/media}
 * @param maxImageSize the largest image or GIF one upload or import may be
 * @param maxVideoSize the largest video one upload or import may be
 * @param workspaceQuota all media of one workspace together, at most
 * @param maxPixels images declaring more pixels than this are refused before decoding (a
 *     decompression bomb declares 50,000 x 50,000 in a few bytes)
 * @param keepMetadata keep EXIF/XMP metadata (location included) in what is sent to networks;
 *     stripped by default
 * @param urlTtl how long a signed public media URL stays valid
 * @param unusedRetention media that no post uses is deleted this long after it was last used
 * @param importTimeout how long a URL import may take in total (a server that answers slowly
 *     forever is cut off)
 * @param s3 an S3-compatible bucket instead of the filesystem (required with several nodes)
 */
@ConfigurationProperties("octopost.media")
public record MediaProperties(
    @Nullable Path dir,
    @DefaultValue("50MB") DataSize maxImageSize,
    @DefaultValue("1GB") DataSize maxVideoSize,
    @DefaultValue("20GB") DataSize workspaceQuota,
    @DefaultValue("100000000") long maxPixels,
    @DefaultValue("false") boolean keepMetadata,
    @DefaultValue("PT24H") Duration urlTtl,
    @DefaultValue("P30D") Duration unusedRetention,
    @DefaultValue("PT5M") Duration importTimeout,
    @DefaultValue S3 s3) {

  /**
   * An S3-compatible bucket (AWS S3, MinIO, Cloudflare R2, Garage, Ceph); used when {@code bucket}
   * is set.
   *
   * @param endpoint the service's URL; empty for AWS itself
   * @param pathStyle {@code true} for {@code endpoint/bucket/key} URLs (MinIO, Garage, most
   *     self-hosted stores) instead of {@code bucket.endpoint/key}
   * @param publicReads serve signed media links as presigned GET URLs straight from the bucket
   *     instead of through Octopost
   */
  public record S3(
      @Nullable String bucket,
      @Nullable String endpoint,
      @DefaultValue("us-east-1") String region,
      @Nullable String accessKeyId,
      @Nullable String secretAccessKey,
      @DefaultValue("false") boolean pathStyle,
      @DefaultValue("false") boolean publicReads) {

    public boolean enabled() {
      return bucket != null && !bucket.isBlank();
    }

    @Override
    public String toString() { // never print the secret
      return "S3[" + bucket + ", " + endpoint + ", " + region + "]";
    }
  }

  public MediaProperties {
    if (maxPixels < 1 || urlTtl.isNegative() || urlTtl.isZero()) {
      throw new ink.octopost.shared.StartupException(
          "octopost.media: max-pixels and url-ttl must be positive.", "Fix OCTOPOST_MEDIA_MAX_PIXELS or OCTOPOST_MEDIA_URL_TTL.");
    }
  }
}

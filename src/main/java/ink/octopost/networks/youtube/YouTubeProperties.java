package ink.octopost.networks.youtube;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * YouTube settings beyond the base URL and OAuth app ({@code OCTOPOST_NETWORKS_YOUTUBE_BASE_URL},
 * {@code _CLIENT_ID}, {@code _CLIENT_SECRET} in {@link ink.octopost.networks.NetworksProperties}).
 *
 * @param chunkBytes the size of each resumable upload chunk ({@code OCTOPOST_NETWORKS_YOUTUBE_CHUNK_BYTES},
 *     8 MiB by default); rounded down to a multiple of 256 KiB, as Google's resumable protocol requires
 * @param insertCost quota units one {@code videos.insert} costs ({@code OCTOPOST_NETWORKS_YOUTUBE_INSERT_COST},
 *     1600 as older pages state; the current cost table gives inserts their own bucket: networks.md 9.3)
 * @param dailyQuota the project's daily units, for the figure in the logs ({@code OCTOPOST_NETWORKS_YOUTUBE_DAILY_QUOTA})
 */
@ConfigurationProperties("octopost.networks.youtube")
record YouTubeProperties(
    @DefaultValue("8388608") long chunkBytes, @DefaultValue("1600") int insertCost, @DefaultValue("10000") int dailyQuota) {

  static final long QUANTUM = 256 * 1024;

  static final YouTubeProperties DEFAULTS = new YouTubeProperties(8 * 1024 * 1024, 1600, 10_000);

  YouTubeProperties {
    chunkBytes = Math.max(QUANTUM, chunkBytes - chunkBytes % QUANTUM);
    insertCost = Math.max(1, insertCost);
    dailyQuota = Math.max(1, dailyQuota);
  }
}

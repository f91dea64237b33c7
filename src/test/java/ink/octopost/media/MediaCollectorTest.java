package ink.octopost.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ink.octopost.shared.Ids;
import ink.octopost.testing.ApiTestBase;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.file.NoSuchFileException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Garbage collection of media: what no post uses goes after the retention (30 days by default),
 * objects first; what a post uses stays, even when the post takes it into use during the sweep;
 * two nodes sweeping at once never collect the same row twice.
 */
class MediaCollectorTest extends ApiTestBase {

  @Autowired MediaCollector collector;
  @Autowired MediaStore store;
  @Autowired JdbcClient jdbc;
  @Autowired DataSource dataSource;
  @Autowired MeterRegistry meters;

  @Test
  void unusedMediaPastTheRetention_isCollectedWithItsVariants_andUsedOrRecentMediaStays() throws Exception {
    clock.freezeAt(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    Instant now = clock.instant();
    String unused = media("ready", now.minus(Duration.ofDays(40)), null, 1000);
    variant(unused, "bluesky", 300);
    String used = media("ready", now.minus(Duration.ofDays(40)), null, 2000);
    String post = draftPost();
    jdbc.sql("INSERT INTO post_media (post_id, media_id) VALUES (?, ?)").params(post, used).update();
    String recentlyUsed = media("ready", now.minus(Duration.ofDays(40)), now.minus(Duration.ofDays(3)), 10);
    String young = media("ready", now.minus(Duration.ofDays(2)), null, 10);
    String failed = media("failed", now.minus(Duration.ofDays(2)), null, 50);
    String failedToday = media("failed", now.minus(Duration.ofHours(3)), null, 50);
    String stuck = media("processing", now.minus(Duration.ofDays(2)), null, 20);
    String processing = media("processing", now.minus(Duration.ofMinutes(5)), null, 20);
    double bytesBefore = meters.counter("octopost.media.collected.bytes").count();

    var sweep = collector.sweep();

    assertThat(sweep.skipped()).isFalse();
    assertThat(exists(unused)).isFalse();
    assertThat(exists(failed)).isFalse();
    assertThat(exists(stuck)).as("processing for two days: its ingest died").isFalse();
    assertThat(List.of(used, recentlyUsed, young, failedToday, processing)).allMatch(this::exists);
    assertThatThrownBy(() -> store.size("media/" + unused)).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> store.size("variants/" + unused + "/bluesky")).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> store.size("media/" + failed)).isInstanceOf(NoSuchFileException.class);
    assertThat(store.size("media/" + used)).isEqualTo(2000);
    assertThat(meters.counter("octopost.media.collected.bytes").count() - bytesBefore).isGreaterThanOrEqualTo(1350);
    assertThat(meters.counter("octopost.media.collected", "reason", "unused").count()).isGreaterThanOrEqualTo(1);

    // Thirty days after its last use, recently used media goes too; used media never does.
    clock.advance(Duration.ofDays(29));
    collector.sweep();
    assertThat(exists(recentlyUsed)).isFalse();
    assertThat(exists(young)).isFalse();
    assertThat(exists(used)).isTrue();
  }

  @Test
  void mediaAPostTakesIntoUseDuringTheSweep_isNotCollected() throws Exception {
    clock.freezeAt(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    String media = media("ready", clock.instant().minus(Duration.ofDays(40)), null, 100);
    String post = draftPost();
    try (var conn = dataSource.getConnection()) {
      conn.setAutoCommit(false);
      try (var st = conn.prepareStatement("INSERT INTO post_media (post_id, media_id) VALUES (?, ?)")) {
        st.setString(1, post);
        st.setString(2, media);
        st.executeUpdate(); // not committed: the post is being saved right now
      }
      collector.sweep();
      conn.commit();
    }
    assertThat(exists(media)).isTrue();
    assertThat(store.size("media/" + media)).isEqualTo(100);
    collector.sweep();
    assertThat(exists(media)).as("in use once the post is saved").isTrue();
  }

  @Test
  void twoNodesSweepingAtOnce_collectEachRowOnce() throws Exception {
    clock.freezeAt(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      ids.add(media("ready", clock.instant().minus(Duration.ofDays(31)), null, 10));
    }
    try (var pool = Executors.newFixedThreadPool(2)) {
      Callable<MediaCollector.Sweep> sweep = collector::sweep;
      var a = pool.submit(sweep);
      var b = pool.submit(sweep);
      int collected = a.get().media() + b.get().media();
      assertThat(collected).isGreaterThanOrEqualTo(250);
    }
    collector.sweep();
    assertThat(ids).noneMatch(this::exists);
  }

  private String media(String status, Instant createdAt, Instant lastUsedAt, int size) throws Exception {
    String id = Ids.newId("med");
    String key = "media/" + id;
    store.put(key, new ByteArrayInputStream(new byte[size]), size);
    jdbc.sql("""
            INSERT INTO media (id, workspace_id, status, type, mime_type, size_bytes, storage_key, created_at, updated_at, last_used_at)
            VALUES (?, ?, ?, 'image', 'image/png', ?, ?, ?, ?, ?)""")
        .params(id, tenant.workspaceId(), status, size, key, Timestamp.from(createdAt), Timestamp.from(createdAt),
            lastUsedAt == null ? null : Timestamp.from(lastUsedAt))
        .update();
    return id;
  }

  private void variant(String mediaId, String platform, int size) throws Exception {
    String key = "variants/" + mediaId + "/" + platform;
    store.put(key, new ByteArrayInputStream(new byte[size]), size);
    jdbc.sql("""
            INSERT INTO media_variants (media_id, variant, platform, mime_type, width, height, size_bytes, storage_key, created_at)
            VALUES (?, ?, ?, 'image/jpeg', 10, 10, ?, ?, now())""")
        .params(mediaId, platform, platform, size, key)
        .update();
  }

  private String draftPost() {
    tenants.account(tenant, ink.octopost.networks.Platform.MASTODON, "m" + Ids.base62(6));
    var r = api.post("/v1/posts", tenant.key(), "{\"content\": \"draft\", \"platforms\": [\"mastodon\"]}");
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    return r.json().path("id").asString();
  }

  private boolean exists(String id) {
    return jdbc.sql("SELECT count(*) FROM media WHERE id = ?").param(id).query(Integer.class).single() == 1;
  }
}

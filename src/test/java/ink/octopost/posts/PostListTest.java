package ink.octopost.posts;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.networks.Platform;
import ink.octopost.testing.ApiTestBase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostListTest extends ApiTestBase {

  private String create(String json) {
    var r = api.post("/v1/posts", tenant.key(), json);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().path("id").asString();
  }

  private List<String> all(String query, int pageSize, Runnable betweenPages) {
    var ids = new ArrayList<String>();
    String cursor = null;
    do {
      String sep = query.isEmpty() ? "?" : query + "&";
      var page = api.get("/v1/posts" + sep + "limit=" + pageSize + (cursor == null ? "" : "&cursor=" + cursor), tenant.key());
      assertThat(page.status()).as(page.toString()).isEqualTo(200);
      page.json().path("posts").forEach(p -> ids.add(p.path("id").asString()));
      cursor = page.json().path("has_more").asBoolean() ? page.json().path("next_cursor").asString() : null;
      betweenPages.run();
    } while (cursor != null);
    return ids;
  }

  @Test
  void pagesCoverEveryPostOnce_newestFirst_evenWhenPostsArriveBetweenPages() {
    tenants.account(tenant, Platform.TWITTER, "x");
    var created = new ArrayList<String>();
    for (int i = 0; i < 23; i++) {
      created.add(create("{\"content\": \"post " + i + "\", \"platforms\": [\"twitter\"]}"));
    }
    var inserted = new ArrayList<String>();
    var seen = all("", 5, () -> inserted.add(create("{\"content\": \"late\", \"platforms\": [\"twitter\"]}")));

    assertThat(seen).doesNotHaveDuplicates().containsAll(created);
    assertThat(seen.subList(0, 23)).containsExactlyElementsOf(created.reversed());
    assertThat(seen).doesNotContainAnyElementsOf(inserted.subList(0, inserted.size()));
  }

  @Test
  void filters_combineWithPaging() {
    String x = tenants.account(tenant, Platform.TWITTER, "x");
    String x2 = tenants.account(tenant, Platform.TWITTER, "x2");
    tenants.account(tenant, Platform.BLUESKY, "b");
    Instant soon = clock.instant().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    Instant later = clock.instant().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
    var onlyX = new ArrayList<String>();
    var scheduledSoon = new ArrayList<String>();
    for (int i = 0; i < 7; i++) {
      onlyX.add(create("{\"content\": \"x" + i + "\", \"platforms\": [\"twitter\"]}"));
      create("{\"content\": \"b" + i + "\", \"platforms\": [\"bluesky\"]}");
      scheduledSoon.add(create("{\"content\": \"s" + i + "\", \"platforms\": [\"bluesky\"], \"scheduled_for\": \"" + soon + "\"}"));
      create("{\"content\": \"l" + i + "\", \"platforms\": [\"bluesky\"], \"scheduled_for\": \"" + later + "\"}");
    }
    String second = create("{\"content\": \"second account\", \"account_ids\": [\"" + x2 + "\"]}");

    assertThat(all("?platform=twitter", 3, () -> {})).containsExactlyInAnyOrderElementsOf(append(onlyX, second));
    assertThat(all("?account_id=" + x, 2, () -> {})).containsExactlyInAnyOrderElementsOf(onlyX);
    assertThat(all("?status=scheduled&scheduled_before=" + soon.plusSeconds(60), 4, () -> {}))
        .containsExactlyInAnyOrderElementsOf(scheduledSoon);
    assertThat(all("?scheduled_after=" + soon.plusSeconds(60), 4, () -> {})).hasSize(7);
    assertThat(all("?status=draft&platform=bluesky", 4, () -> {})).hasSize(7);
    assertThat(all("?created_after=" + clock.instant().plus(Duration.ofMinutes(1)), 4, () -> {})).isEmpty();
    assertThat(all("?created_before=" + clock.instant().plus(Duration.ofMinutes(1)), 50, () -> {})).hasSize(29);

    assertError(api.get("/v1/posts?status=done", tenant.key()), 400, "bad_request");
    assertError(api.get("/v1/posts?platform=myspace", tenant.key()), 400, "bad_request");
    assertError(api.get("/v1/posts?created_after=yesterday", tenant.key()), 400, "bad_request");
  }

  private static List<String> append(List<String> list, String one) {
    var out = new ArrayList<>(list);
    out.add(one);
    return out;
  }
}

package ink.octopost.publishing;

import static ink.octopost.testing.ScriptedNetwork.otherwise;
import static ink.octopost.testing.ScriptedNetwork.script;
import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.networks.Platform;
import ink.octopost.testing.ScriptedNetwork.Delay;
import ink.octopost.testing.ScriptedNetwork.SucceedAs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Results are committed in groups (many targets per transaction): every post must still settle
 * exactly once, and one result the database refuses must not take its group down with it.
 */
class EngineGroupCommitTest extends EngineTestBase {

  @Test
  void manyResultsAtOnce_eachPostSettlesOnce_withOneEvent() {
    var accounts = List.of(tenants.account(tenant, Platform.TWITTER, "gx"), tenants.account(tenant, Platform.BLUESKY, "gb"),
        tenants.account(tenant, Platform.MASTODON, "gm"));
    accounts.forEach(a -> otherwise(a, new Delay(15)));
    var ids = new ArrayList<String>();
    for (int i = 0; i < 40; i++) {
      ids.add(create("{\"content\": \"group " + i + "\", \"account_ids\": [\"" + String.join("\", \"", accounts) + "\"]}"));
    }
    ids.forEach(this::publish);

    for (String id : ids) {
      var post = awaitStatus(id, "published", "failed");
      assertThat(post.path("status").asString()).isEqualTo("published");
      assertThat(post.path("targets").valueStream().map(t -> t.path("status").asString())).containsOnly("published");
      assertThat(post.path("published_at").isNull()).isFalse();
    }
    Map<String, Long> published = jdbc.sql(
            "SELECT payload->'data'->'post'->>'id' FROM events WHERE workspace_id = ? AND type = 'post.published'")
        .param(tenant.workspaceId()).query(String.class).list().stream()
        .collect(Collectors.groupingBy(s -> s, Collectors.counting()));
    assertThat(published).hasSize(40).allSatisfy((post, n) -> assertThat(n).as(post).isEqualTo(1L));
    assertThat(eventTypes()).doesNotContain("post.partially_failed", "post.failed");
  }

  @Test
  void aResultTheDatabaseRefuses_doesNotSinkTheOthersInItsGroup() {
    String good1 = tenants.account(tenant, Platform.TWITTER, "ok1");
    String good2 = tenants.account(tenant, Platform.BLUESKY, "ok2");
    String hostile = tenants.account(tenant, Platform.MASTODON, "nul");
    otherwise(good1, new Delay(10));
    otherwise(good2, new Delay(10));
    script(hostile);
    // A network answering with a NUL byte in its post id: PostgreSQL cannot store that text.
    otherwise(hostile, new SucceedAs("123\u0000456", 10));
    var ids = new ArrayList<String>();
    for (int i = 0; i < 12; i++) {
      ids.add(create("{\"content\": \"nul " + i + "\", \"account_ids\": [\"" + good1 + "\", \"" + good2 + "\", \"" + hostile + "\"]}"));
    }
    ids.forEach(this::publish);

    for (String id : ids) {
      var post = awaitStatus(id, "published", "failed");
      assertThat(post.path("status").asString()).isEqualTo("published");
      assertThat(target(post, "twitter").path("status").asString()).isEqualTo("published");
      assertThat(target(post, "bluesky").path("status").asString()).isEqualTo("published");
      var refused = target(post, "mastodon");
      assertThat(refused.path("status").asString()).isEqualTo("unconfirmed");
      assertThat(refused.path("error_code").asString()).isEqualTo("internal_error");
    }
    assertThat(eventTypes().stream().filter("post.partially_failed"::equals)).hasSize(12);
  }
}

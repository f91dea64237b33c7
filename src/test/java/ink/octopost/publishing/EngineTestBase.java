package ink.octopost.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import ink.octopost.testing.ApiTestBase;
import java.time.Duration;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

abstract class EngineTestBase extends ApiTestBase {

  @Autowired PublishingEngine engine;
  @Autowired JdbcClient jdbc;

  String create(String json) {
    var r = api.post("/v1/posts", tenant.key(), json);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().path("id").asString();
  }

  JsonNode publish(String postId) {
    var r = api.post("/v1/posts/" + postId + "/publish", tenant.key(), "{}");
    assertThat(r.status()).as(r.toString()).isEqualTo(202);
    return r.json();
  }

  JsonNode get(String postId) {
    return api.get("/v1/posts/" + postId, tenant.key()).json();
  }

  /** Runs engine passes (the background loop runs too) until the post reaches a status. */
  JsonNode awaitStatus(String postId, String... statuses) {
    var wanted = Set.of(statuses);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    JsonNode post = get(postId);
    while (!wanted.contains(post.path("status").asString())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("post " + postId + " stayed " + post.path("status").asString() + ": " + post);
      }
      engine.pass();
      sleep(20);
      post = get(postId);
    }
    return post;
  }

  /** Runs passes until the given target (by platform) reaches a status. */
  JsonNode awaitTarget(String postId, String platform, String status) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      var post = get(postId);
      var t = target(post, platform);
      if (t.path("status").asString().equals(status)) {
        return t;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("target " + platform + " stayed " + t.path("status").asString() + ": " + post);
      }
      engine.pass();
      sleep(20);
    }
  }

  static JsonNode target(JsonNode post, String platform) {
    return post.path("targets").valueStream().filter(t -> t.path("platform").asString().equals(platform)).findFirst().orElseThrow();
  }

  java.util.List<String> eventTypes() {
    return jdbc.sql("SELECT type FROM events WHERE workspace_id = ? ORDER BY seq").param(tenant.workspaceId()).query(String.class).list();
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

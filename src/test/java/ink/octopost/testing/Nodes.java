package ink.octopost.testing;

import ink.octopost.OctopostApplication;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts extra, independent Octopost servers (nodes) in this JVM, for multi-node tests. */
public final class Nodes {

  private Nodes() {}

  /** A running node and a client for it. */
  public record Node(ConfigurableApplicationContext context, Api api) implements AutoCloseable {
    public <T> T bean(Class<T> type) {
      return context.getBean(type);
    }

    /** A new workspace on this node, with an owner and a full-access live key; returns the key. */
    public String tenantKey(String name) {
      var workspaces = bean(ink.octopost.workspaces.WorkspaceService.class);
      var ws = workspaces.create(name, "pro");
      var owner = workspaces.createOwner(ws.id(), ws.id() + "@example.test", "Owner", "password");
      return bean(ink.octopost.auth.ApiKeyService.class)
          .create(ws.id(), owner.id(), "k", ink.octopost.auth.KeyMode.LIVE, java.util.Set.of()).secret();
    }

    /** Creates and publishes a post through the API, then waits (20 s at most) until it settles. */
    public tools.jackson.databind.JsonNode publishAndWait(String key, String json) {
      var created = api.post("/v1/posts", key, json);
      if (created.status() != 201) {
        throw new AssertionError("create failed: " + created);
      }
      String id = created.json().path("id").asString();
      var published = api.post("/v1/posts/" + id + "/publish", key, "{}");
      if (published.status() != 202) {
        throw new AssertionError("publish failed: " + published);
      }
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
      tools.jackson.databind.JsonNode post;
      do {
        post = api.get("/v1/posts/" + id, key).json();
        if (java.util.Set.of("published", "failed").contains(post.path("status").asString())) {
          return post;
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      } while (System.nanoTime() < deadline);
      throw new AssertionError("still publishing: " + post);
    }

    @Override
    public void close() {
      context.close();
    }
  }

  /** A node on the given database URL with the fixed test secret key, plus extra properties. */
  public static Node start(String databaseUrl, Map<String, Object> extra) {
    return start(databaseUrl, extra, new Class<?>[0]);
  }

  /**
   * A node with extra bean sources besides the application (plain classes with {@code @Bean}
   * methods, not {@code @Configuration}, so that component scanning never adds them elsewhere).
   */
  public static Node start(String databaseUrl, Map<String, Object> extra, Class<?>... sources) {
    var props = new LinkedHashMap<String, Object>();
    props.put("server.port", "0");
    props.put("octopost.database.url", databaseUrl == null ? "" : databaseUrl);
    props.put("octopost.secret-key", TestSupport.SECRET_KEY);
    props.put("spring.jmx.enabled", "false");
    props.putAll(extra);
    String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    var builder = new SpringApplicationBuilder(OctopostApplication.class);
    if (sources.length > 0) {
      builder.sources(sources);
    }
    var context = builder.run(args);
    int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    return new Node(context, new Api(port));
  }
}

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

    @Override
    public void close() {
      context.close();
    }
  }

  /** A node on the given database URL with the fixed test secret key, plus extra properties. */
  public static Node start(String databaseUrl, Map<String, Object> extra) {
    var props = new LinkedHashMap<String, Object>();
    props.put("server.port", "0");
    props.put("octopost.database.url", databaseUrl == null ? "" : databaseUrl);
    props.put("octopost.secret-key", TestSupport.SECRET_KEY);
    props.put("spring.jmx.enabled", "false");
    props.putAll(extra);
    String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    var context = new SpringApplicationBuilder(OctopostApplication.class).run(args);
    int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    return new Node(context, new Api(port));
  }
}

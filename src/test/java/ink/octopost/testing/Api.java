package ink.octopost.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for tests: real requests to the running server. */
public final class Api {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;

  public Api(int port) {
    this.base = "http://localhost:" + port;
  }

  public String base() {
    return base;
  }

  /** A response: status, headers, and the body as JSON (MissingNode when not JSON). */
  public record Response(int status, Map<String, String> headers, String text) {
    public JsonNode json() {
      try {
        return JSON.readTree(text);
      } catch (RuntimeException e) {
        return tools.jackson.databind.node.MissingNode.getInstance();
      }
    }

    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(Map.Entry::getValue)
          .findFirst()
          .orElse(null);
    }

    public Optional<String> optionalHeader(String name) {
      return Optional.ofNullable(header(name));
    }

    @Override
    public String toString() {
      return status + " " + text;
    }
  }

  public Request request(String method, String path) {
    return new Request(method, path);
  }

  public Response get(String path, String key) {
    return request("GET", path).key(key).send();
  }

  public Response post(String path, String key, String json) {
    return request("POST", path).key(key).json(json).send();
  }

  public Response delete(String path, String key) {
    return request("DELETE", path).key(key).send();
  }

  public final class Request {
    private final String method;
    private final String path;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();

    Request(String method, String path) {
      this.method = method;
      this.path = path;
    }

    public Request key(String key) {
      return key == null ? this : header("Authorization", "Bearer " + key);
    }

    public Request header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    public Request json(String json) {
      header("Content-Type", "application/json");
      return body(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public Request body(byte[] bytes) {
      body = HttpRequest.BodyPublishers.ofByteArray(bytes);
      return this;
    }

    /** A body sent with chunked transfer encoding (no Content-Length). */
    public Request chunked(byte[] bytes) {
      body =
          HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes));
      return this;
    }

    public Response send() {
      var builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
      headers.forEach(builder::header);
      builder.method(method, body);
      try {
        HttpResponse<String> r = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        var h = new LinkedHashMap<String, String>();
        r.headers().map().forEach((k, v) -> h.put(k, String.join(",", v)));
        return new Response(r.statusCode(), h, r.body());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}

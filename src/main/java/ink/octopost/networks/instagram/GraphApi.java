package ink.octopost.networks.instagram;

import ink.octopost.networks.NetworkCalls;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.shared.OutboundHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls to one Graph host ({@code graph.instagram.com} or {@code graph.facebook.com}, with the
 * version in the path) for one token. The token travels as the {@code access_token} parameter
 * (a form field on POST) and never appears in a message.
 */
final class GraphApi {

  private final OutboundHttp http;
  private final JsonMapper json;
  private final Clock clock;
  private final String base;
  private final String token;
  private final boolean refreshable;

  /**
   * @param base the host and version, e.g. {@code https://graph.instagram.com/v25.0}
   * @param refreshable whether an expired token can be refreshed (Instagram Login)
   */
  GraphApi(OutboundHttp http, JsonMapper json, Clock clock, String base, String token, boolean refreshable) {
    this.http = http;
    this.json = json;
    this.clock = clock;
    this.base = base;
    this.token = token;
    this.refreshable = refreshable;
  }

  JsonNode get(String path, Map<String, String> query) throws NetworkFailure {
    var q = new LinkedHashMap<>(query);
    q.put("access_token", token);
    var req = OutboundHttp.request(URI.create(base + path + "?" + form(q))).GET().build();
    return ok(NetworkCalls.send(http, req, "Instagram"));
  }

  JsonNode post(String path, Map<String, String> fields) throws NetworkFailure {
    var f = new LinkedHashMap<>(fields);
    f.put("access_token", token);
    var req = OutboundHttp.request(URI.create(base + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(f)))
        .build();
    return ok(NetworkCalls.send(http, req, "Instagram"));
  }

  private JsonNode ok(HttpResponse<byte[]> response) throws NetworkFailure {
    if (response.statusCode() / 100 == 2) {
      try {
        return json.readTree(response.body());
      } catch (RuntimeException e) {
        throw new NetworkFailure.Unavailable("Instagram answered something that is not JSON (HTTP " + response.statusCode() + ")");
      }
    }
    throw MetaErrors.classify(response, json, clock.instant(), refreshable);
  }

  static String form(Map<String, String> fields) {
    var out = new StringJoiner("&");
    fields.forEach((k, v) -> out.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20")));
    return out.toString();
  }

  static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}

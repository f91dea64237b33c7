package ink.octopost.networks.facebook;

import ink.octopost.networks.Multipart;
import ink.octopost.networks.NetworkCalls;
import ink.octopost.networks.NetworkFailure;
import ink.octopost.networks.NetworksProperties;
import ink.octopost.networks.Platform;
import ink.octopost.shared.OutboundHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Graph API calls the Facebook connector and login make (networks.md 7). Every call names the
 * configured version; the token travels as the {@code access_token} parameter, in the body of a
 * POST, and is never logged (OutboundHttp logs no URLs, and no message here carries one).
 */
final class GraphApi {

  static final String DEFAULT_GRAPH = "https://graph.facebook.com";
  /** Video uploads go to their own host (networks.md 7.2), unless a base URL (a local fake) is configured. */
  static final String DEFAULT_VIDEO = "https://graph-video.facebook.com";

  private final OutboundHttp http;
  private final JsonMapper json;
  private final MetaErrors errors;
  private final String graph;
  private final String video;

  GraphApi(OutboundHttp http, JsonMapper json, Clock clock, NetworksProperties props, FacebookProperties facebook) {
    this.http = http;
    this.json = json;
    this.errors = new MetaErrors(json, clock);
    String configured = props.of(Platform.FACEBOOK).baseUrl();
    boolean custom = configured != null && !configured.isBlank();
    String host = props.baseUrl(Platform.FACEBOOK, DEFAULT_GRAPH);
    this.graph = host + "/" + facebook.graphVersion();
    this.video = (custom ? host : DEFAULT_VIDEO) + "/" + facebook.graphVersion();
  }

  /** The graph host without the version (the login dialog of a local fake lives there too). */
  String graphHost() {
    return graph.substring(0, graph.lastIndexOf('/'));
  }

  /** A POST with form fields that creates something people see (a post, a comment): a lost answer is an unknown outcome. */
  JsonNode post(String path, String token, Map<String, String> fields) throws NetworkFailure {
    return errors.ok(NetworkCalls.send(http, formPost(graph, path, token, fields), "Facebook"));
  }

  /**
   * A POST that creates nothing anyone sees (an unpublished photo, a video upload phase): a lost answer
   * is as good as none, so it is retried like an outage.
   */
  JsonNode upload(String path, String token, Map<String, String> fields) throws NetworkFailure {
    return quiet(formPost(graph, path, token, fields));
  }

  /** An upload with a streamed file part (a photo's {@code source}), on the graph host. */
  JsonNode uploadFile(String path, String token, Map<String, String> fields, String fileField, String fileName,
      String contentType, HttpRequest.BodyPublisher content) throws NetworkFailure {
    return quiet(multipart(graph, path, token, fields, fileField, fileName, contentType, content));
  }

  /** A video upload phase with a streamed chunk, on the video host. */
  JsonNode uploadVideo(String path, String token, Map<String, String> fields, String fileField, String fileName,
      HttpRequest.BodyPublisher chunk) throws NetworkFailure {
    return quiet(multipart(video, path, token, fields, fileField, fileName, "application/octet-stream", chunk));
  }

  private static HttpRequest multipart(String base, String path, String token, Map<String, String> fields, String fileField,
      String fileName, String contentType, HttpRequest.BodyPublisher content) {
    var form = new Multipart();
    fields.forEach(form::field);
    form.field("access_token", token);
    form.file(fileField, fileName, contentType, content);
    return OutboundHttp.request(URI.create(base + "/" + path))
        .timeout(Duration.ofMinutes(5))
        .header("Content-Type", form.contentType())
        .POST(form.body())
        .build();
  }

  /** A video phase without a file (start), on the video host. */
  JsonNode uploadVideo(String path, String token, Map<String, String> fields) throws NetworkFailure {
    return quiet(formPost(video, path, token, fields));
  }

  /** The video phase that publishes (finish): its answer lost means the video post may exist. */
  JsonNode publishVideo(String path, String token, Map<String, String> fields) throws NetworkFailure {
    return errors.ok(NetworkCalls.send(http, formPost(video, path, token, fields), "Facebook"));
  }

  JsonNode get(String path, String token, Map<String, String> query) throws NetworkFailure {
    var all = new LinkedHashMap<>(query);
    if (token != null) {
      all.put("access_token", token);
    }
    var req = OutboundHttp.request(URI.create(graph + "/" + path + "?" + form(all))).GET().build();
    return errors.ok(sendQuietly(req));
  }

  /** GET on an absolute URL Meta gave (a {@code paging.next} link, which carries its own token). */
  JsonNode getNext(String url) throws NetworkFailure {
    URI uri = URI.create(url);
    if (!url.startsWith(graphHost() + "/")) {
      throw new NetworkFailure.Rejected("rejected", "Facebook gave a paging link to another host");
    }
    return errors.ok(sendQuietly(OutboundHttp.request(uri).GET().build()));
  }

  /** DELETE; the token goes in the query, as for a GET. */
  JsonNode delete(String path, String token) throws NetworkFailure {
    var req = OutboundHttp.request(URI.create(graph + "/" + path + "?" + form(Map.of("access_token", token)))).DELETE().build();
    return errors.ok(NetworkCalls.send(http, req, "Facebook"));
  }

  /** The error envelope of an answer, for callers that treat some errors as fine. */
  MetaErrors errors() {
    return errors;
  }

  private HttpRequest formPost(String base, String path, String token, Map<String, String> fields) {
    var all = new LinkedHashMap<>(fields);
    if (token != null) {
      all.put("access_token", token);
    }
    return OutboundHttp.request(URI.create(base + "/" + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(all)))
        .build();
  }

  private JsonNode quiet(HttpRequest req) throws NetworkFailure {
    return errors.ok(sendQuietly(req));
  }

  private HttpResponse<byte[]> sendQuietly(HttpRequest req) throws NetworkFailure {
    try {
      return NetworkCalls.send(http, req, "Facebook");
    } catch (NetworkFailure.OutcomeUnknown e) {
      throw new NetworkFailure.Unavailable(e.getMessage());
    }
  }

  static String form(Map<String, String> fields) {
    var out = new StringJoiner("&");
    fields.forEach((k, v) -> out.add(encode(k) + "=" + encode(v)));
    return out.toString();
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}

package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;

/**
 * A local LinkedIn, built from networks.md 4: the versioned {@code /rest} API (every call needs a valid
 * Bearer token, a {@code LinkedIn-Version: YYYYMM} that is not sunset and {@code X-Restli-Protocol-Version:
 * 2.0.0}), {@code POST /rest/posts} validated like LinkedIn (author URN is the token's member or an
 * organization the member administers, visibility, the little text format: an unescaped reserved character
 * cuts the text there, as LinkedIn silently does), the Images and Videos APIs (upload URLs, video parts with
 * their ETags, finalize, processing status), comments, delete, and LinkedIn's error bodies. The OAuth side
 * ({@code /oauth/v2/authorization}, {@code /oauth/v2/accessToken}, {@code /v2/userinfo},
 * {@code /rest/organizationAcls}) is {@link FakeLinkedInAuth}, served on the same host.
 */
public final class FakeLinkedIn implements FakeNetwork {

  public static final String RESERVED = "\\|{}@[]()<>#*_~";
  /** LinkedIn sunsets a version about a year after release; older ones are refused. */
  public static final int OLDEST_VERSION = 202501;

  public record Post(String urn, String author, String commentary, String text, String visibility, List<String> images,
      List<String> altTexts, String video, String article, List<String> comments) {}

  private final HttpServer server;
  private final FakeLinkedInAuth auth;
  private final FakeLinkedInMedia uploads = new FakeLinkedInMedia(this);
  private final List<Post> posts = new CopyOnWriteArrayList<>();
  final AtomicLong ids = new AtomicLong(7_100_000_000L);
  private final AtomicInteger publishCalls = new AtomicInteger();
  final AtomicInteger mediaUploads = new AtomicInteger();
  private final AtomicReference<Fault> next = new AtomicReference<>();
  private final List<String> versionsSeen = new CopyOnWriteArrayList<>();

  public FakeLinkedIn() throws IOException {
    server = LoopbackHttp.server();
    auth = new FakeLinkedInAuth(this);
    server.createContext("/", this::handle);
    server.start();
  }

  public String url() {
    return LoopbackHttp.origin(server);
  }

  public FakeLinkedInAuth auth() {
    return auth;
  }

  public List<Post> posts() {
    return List.copyOf(posts);
  }

  public List<FakeLinkedInMedia.Video> videos() {
    return uploads.videos();
  }

  public List<String> versionsSeen() {
    return List.copyOf(versionsSeen);
  }

  /** The size of each video part LinkedIn's upload instructions ask for. */
  public FakeLinkedIn partBytes(long bytes) {
    uploads.partBytes = bytes;
    return this;
  }

  /** Status checks answered {@code PROCESSING} before a finalized video is {@code AVAILABLE}. */
  public FakeLinkedIn processingChecks(int checks) {
    uploads.processingChecks = checks;
    return this;
  }

  public FakeLinkedIn processingFails(boolean fails) {
    uploads.processingFails = fails;
    return this;
  }

  @Override
  public List<Held> held() {
    return posts.stream().map(p -> new Held(p.urn(), p.text(), null, p.images().size(), p.altTexts(), p.video() != null)).toList();
  }

  @Override
  public int publishCalls() {
    return publishCalls.get();
  }

  @Override
  public int mediaUploads() {
    return mediaUploads.get();
  }

  @Override
  public void failNext(Fault fault) {
    next.set(fault);
  }

  /** LinkedIn's limits are daily and reset at midnight UTC; it sends no reset header. */
  @Override
  public long rateLimitResetSeconds() {
    Instant now = Instant.now();
    return LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() - now.getEpochSecond();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** What LinkedIn would show for a commentary in the little text format: escapes undone, cut at an unescaped reserved character. */
  public static String shown(String commentary) {
    var out = new StringBuilder();
    for (int i = 0; i < commentary.length(); i++) {
      char c = commentary.charAt(i);
      if (c == '\\' && i + 1 < commentary.length() && RESERVED.indexOf(commentary.charAt(i + 1)) >= 0) {
        out.append(commentary.charAt(++i));
      } else if (RESERVED.indexOf(c) >= 0) {
        break; // markup LinkedIn could not parse: the rest is lost
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      String path = ex.getRequestURI().getRawPath();
      if (path.startsWith("/oauth/v2/") || path.equals("/v2/userinfo")) {
        auth.handle(ex, path);
      } else if (path.startsWith("/dms-uploads/")) {
        uploads.upload(ex, path);
      } else if (path.startsWith("/rest/")) {
        rest(ex, path.substring("/rest/".length()));
      } else {
        error(ex, 404, "NOT_FOUND", "No route " + path);
      }
    } catch (RuntimeException e) {
      error(ex, 500, "INTERNAL_SERVER_ERROR", "fake failed: " + e);
    }
  }

  static void error(HttpExchange ex, int status, String code, String message) throws IOException {
    var body = new LinkedHashMap<String, Object>();
    body.put("status", status);
    if (code != null) {
      body.put("code", code);
    }
    if (status == 401) {
      body.put("serviceErrorCode", "REVOKED_ACCESS_TOKEN".equals(code) ? 65601 : 65600);
    }
    body.put("message", message);
    LoopbackHttp.json(ex, status, body);
  }

  FakeLinkedInAuth.Token bearer(HttpExchange ex) throws IOException {
    String header = LoopbackHttp.header(ex, "Authorization");
    var token = header.startsWith("Bearer ") ? auth.token(header.substring(7)) : null;
    if (token == null) {
      error(ex, 401, "INVALID_ACCESS_TOKEN", "Invalid access token");
      return null;
    }
    if (token.revoked) {
      error(ex, 401, "REVOKED_ACCESS_TOKEN", "The token used in the request has been revoked by the user");
      return null;
    }
    if (token.expired) {
      error(ex, 401, "EXPIRED_ACCESS_TOKEN", "The token used in the request has expired");
      return null;
    }
    return token;
  }

  private boolean versioned(HttpExchange ex) throws IOException {
    String version = LoopbackHttp.header(ex, "LinkedIn-Version");
    versionsSeen.add(version);
    if (version.isEmpty()) {
      error(ex, 400, "VERSION_MISSING", "A version must be present. Please specify a version by adding the LinkedIn-Version header.");
      return false;
    }
    if (!version.matches("20\\d\\d(0[1-9]|1[0-2])(\\.\\d\\d)?") || Integer.parseInt(version.substring(0, 6)) < OLDEST_VERSION) {
      error(ex, 426, "NONEXISTENT_VERSION", "Requested version " + version + " is not active");
      return false;
    }
    if (!"2.0.0".equals(LoopbackHttp.header(ex, "X-Restli-Protocol-Version"))) {
      error(ex, 400, "ILLEGAL_ARGUMENT", "X-Restli-Protocol-Version 2.0.0 is required");
      return false;
    }
    return true;
  }

  /** Whether the token's member may act as {@code urn} (itself, or an organization it administers). */
  boolean actsAs(FakeLinkedInAuth.Token token, String urn) {
    return urn != null && (urn.equals("urn:li:person:" + token.person)
        || (urn.startsWith("urn:li:organization:") && token.scopes.contains("w_organization_social")
            && auth.administers(token.person, urn)));
  }

  private void rest(HttpExchange ex, String path) throws IOException {
    if (!versioned(ex)) {
      return;
    }
    String method = ex.getRequestMethod();
    String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
    boolean isPublish = "POST".equals(method) && path.equals("posts");
    if (isPublish) {
      publishCalls.incrementAndGet();
      var fault = next.get();
      if (fault != null && fault != Fault.DROP_AFTER_SEND && next.compareAndSet(fault, null)) {
        switch (fault) {
          case EXPIRED_TOKEN -> error(ex, 401, "EXPIRED_ACCESS_TOKEN", "The token used in the request has expired");
          case REVOKED -> error(ex, 401, "REVOKED_ACCESS_TOKEN", "The token used in the request has been revoked by the user");
          case RATE_LIMITED -> error(ex, 429, null, "Resource level throttle MEMBER DAY limit for calls to this resource is reached.");
          default -> error(ex, 500, "INTERNAL_SERVER_ERROR", "Internal Server Error");
        }
        return;
      }
    }
    var token = bearer(ex);
    if (token == null) {
      return;
    }
    if (path.startsWith("organizationAcls") || path.startsWith("organizations/")) {
      auth.organizations(ex, token, path);
    } else if (isPublish) {
      createPost(ex, token, LoopbackHttp.JSON.readTree(ex.getRequestBody().readAllBytes()));
    } else if ("DELETE".equals(method) && path.startsWith("posts/")) {
      deletePost(ex, token, decode(path.substring("posts/".length())));
    } else if ("POST".equals(method) && path.equals("images") && query.equals("action=initializeUpload")) {
      uploads.initImage(ex, token, LoopbackHttp.JSON.readTree(ex.getRequestBody().readAllBytes()));
    } else if ("POST".equals(method) && path.equals("videos") && query.equals("action=initializeUpload")) {
      uploads.initVideo(ex, token, LoopbackHttp.JSON.readTree(ex.getRequestBody().readAllBytes()));
    } else if ("POST".equals(method) && path.equals("videos") && query.equals("action=finalizeUpload")) {
      uploads.finalizeVideo(ex, token, LoopbackHttp.JSON.readTree(ex.getRequestBody().readAllBytes()));
    } else if ("GET".equals(method) && path.startsWith("videos/")) {
      uploads.videoStatus(ex, token, decode(path.substring("videos/".length())));
    } else if ("POST".equals(method) && path.startsWith("socialActions/") && path.endsWith("/comments")) {
      comment(ex, token, decode(path.substring("socialActions/".length(), path.length() - "/comments".length())),
          LoopbackHttp.JSON.readTree(ex.getRequestBody().readAllBytes()));
    } else {
      error(ex, 404, "NOT_FOUND", "No resource " + path);
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private void createPost(HttpExchange ex, FakeLinkedInAuth.Token token, JsonNode body) throws IOException {
    for (String field : List.of("author", "commentary", "visibility", "distribution", "lifecycleState")) {
      if (body.path(field).isMissingNode()) {
        error(ex, 422, "UNPROCESSABLE_ENTITY", "ERROR :: /" + field + " :: field is required but not found and has no default value");
        return;
      }
    }
    String author = body.path("author").asString("");
    if (!author.matches("urn:li:(person|organization):[A-Za-z0-9_-]+")) {
      error(ex, 422, "UNPROCESSABLE_ENTITY", "ERROR :: /author :: " + author + " is not a valid person or organization URN");
      return;
    }
    if (!actsAs(token, author)) {
      error(ex, 403, "ACCESS_DENIED", "Not enough permissions to post as " + author);
      return;
    }
    String visibility = body.path("visibility").asString("");
    if (!Set.of("PUBLIC", "CONNECTIONS", "LOGGED_IN").contains(visibility)
        || (author.startsWith("urn:li:organization:") && "CONNECTIONS".equals(visibility))) {
      error(ex, 422, "UNPROCESSABLE_ENTITY", "ERROR :: /visibility :: " + visibility + " is not allowed for " + author);
      return;
    }
    String commentary = body.path("commentary").asString("");
    if (commentary.length() > 3000) {
      error(ex, 422, "UNPROCESSABLE_ENTITY", "ERROR :: /commentary :: length exceeds 3000");
      return;
    }
    var imageUrns = new ArrayList<String>();
    var alts = new ArrayList<String>();
    String video = null;
    String article = null;
    JsonNode content = body.path("content");
    if (content.isObject()) {
      if (content.size() != 1) {
        error(ex, 422, "UNPROCESSABLE_ENTITY", "ERROR :: /content :: exactly one of media, multiImage, article");
        return;
      }
      JsonNode media = content.path("media");
      if (media.isObject()) {
        String id = media.path("id").asString("");
        if (id.startsWith("urn:li:video:")) {
          if (!uploads.videoAvailable(author, id)) {
            error(ex, 422, "UNPROCESSABLE_ENTITY", "ERROR :: /content/media/id :: video " + id + " is not AVAILABLE for " + author);
            return;
          }
          video = id;
        } else if (!image(ex, author, id)) {
          return;
        } else {
          imageUrns.add(id);
          alts.add(media.path("altText").asString(""));
        }
      } else if (content.path("multiImage").isObject()) {
        JsonNode list = content.path("multiImage").path("images");
        if (!list.isArray() || list.size() < 2 || list.size() > 20) {
          error(ex, 422, "UNPROCESSABLE_ENTITY", "ERROR :: /content/multiImage/images :: 2 to 20 images");
          return;
        }
        for (JsonNode i : list) {
          if (!image(ex, author, i.path("id").asString(""))) {
            return;
          }
          imageUrns.add(i.path("id").asString());
          alts.add(i.path("altText").asString(""));
        }
      } else if (content.path("article").isObject()) {
        article = content.path("article").path("source").asString("");
        if (!article.matches("https?://.+")) {
          error(ex, 422, "UNPROCESSABLE_ENTITY", "ERROR :: /content/article/source :: not a URL");
          return;
        }
      } else {
        error(ex, 422, "UNPROCESSABLE_ENTITY", "ERROR :: /content :: unknown content");
        return;
      }
    }
    String urn = "urn:li:share:" + ids.incrementAndGet();
    posts.add(new Post(urn, author, commentary, shown(commentary), visibility, List.copyOf(imageUrns), List.copyOf(alts), video,
        article, new CopyOnWriteArrayList<>()));
    if (next.compareAndSet(Fault.DROP_AFTER_SEND, null)) {
      ex.close();
      return;
    }
    ex.getResponseHeaders().add("x-restli-id", urn);
    LoopbackHttp.empty(ex, 201);
  }

  private boolean image(HttpExchange ex, String author, String id) throws IOException {
    if (!id.matches("urn:li:image:[A-Za-z0-9_-]+") || !uploads.imageUploaded(author, id)) {
      error(ex, 422, "UNPROCESSABLE_ENTITY", "ERROR :: /content :: image " + id + " is not an uploaded image of " + author);
      return false;
    }
    return true;
  }

  private void deletePost(HttpExchange ex, FakeLinkedInAuth.Token token, String urn) throws IOException {
    if (!"DELETE".equals(LoopbackHttp.header(ex, "X-RestLi-Method"))) {
      error(ex, 400, "ILLEGAL_ARGUMENT", "X-RestLi-Method DELETE expected");
      return;
    }
    var post = posts.stream().filter(p -> p.urn().equals(urn)).findFirst().orElse(null);
    if (post == null) {
      error(ex, 404, "NOT_FOUND", "Post " + urn + " does not exist");
      return;
    }
    if (!actsAs(token, post.author())) {
      error(ex, 403, "ACCESS_DENIED", "Not enough permissions to delete " + urn);
      return;
    }
    posts.remove(post);
    LoopbackHttp.empty(ex, 204);
  }

  private void comment(HttpExchange ex, FakeLinkedInAuth.Token token, String urn, JsonNode body) throws IOException {
    var post = posts.stream().filter(p -> p.urn().equals(urn)).findFirst().orElse(null);
    String actor = body.path("actor").asString("");
    if (post == null || !urn.equals(body.path("object").asString(""))) {
      error(ex, 404, "NOT_FOUND", "No post " + urn);
      return;
    }
    if (!actsAs(token, actor)) {
      error(ex, 403, "ACCESS_DENIED", "Not enough permissions to comment as " + actor);
      return;
    }
    post.comments().add(body.path("message").path("text").asString(""));
    ex.getResponseHeaders().add("x-restli-id", "urn:li:comment:(" + urn + "," + ids.incrementAndGet() + ")");
    LoopbackHttp.empty(ex, 201);
  }
}

package ink.octopost.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local Graph API for Facebook Pages, built from networks.md 7: {@code /{page-id}/feed} (message,
 * link, {@code attached_media} of the Page's own unpublished photos), {@code /{page-id}/photos} (Meta
 * fetches the {@code url} itself and checks it is an image), the resumable {@code /{page-id}/videos}
 * phases with their offsets, {@code GET /{video-id}?fields=status}, comments, delete, every call
 * checked against the Page's own token, and Meta's error envelope with its usage headers. The login
 * side (dialog, tokens, {@code /me/accounts}) is {@link FakeFacebookAuth}, served on the same host.
 */
public final class FakeFacebook implements FakeNetwork {

  /** How far ahead the rate-limit fault's {@code estimated_time_to_regain_access} points, in minutes. */
  public static final int REGAIN_MINUTES = 2;

  /** A post on a Page. */
  public record Post(String id, String pageId, String message, String link, List<String> photoIds, String videoId,
      String videoTitle, List<String> comments) {}

  /** A photo: unpublished until a post attaches it. */
  public record Photo(String id, String pageId, byte[] bytes, boolean published, String attachedTo) {}

  /** A resumable video upload. */
  public static final class VideoUpload {
    public final String sessionId;
    public final String videoId;
    public final String pageId;
    public final long size;
    public final java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
    public int transfers;
    public String sha256;
    public int statusChecks;

    VideoUpload(String sessionId, String videoId, String pageId, long size) {
      this.sessionId = sessionId;
      this.videoId = videoId;
      this.pageId = pageId;
      this.size = size;
    }
  }

  private final HttpServer server;
  private final FakeFacebookAuth auth;
  private final HttpClient fetcher = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<Post> posts = new CopyOnWriteArrayList<>();
  private final Map<String, Photo> photos = new ConcurrentHashMap<>();
  private final Map<String, VideoUpload> uploads = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong(100_000);
  private final AtomicInteger publishCalls = new AtomicInteger();
  private final AtomicInteger mediaUploads = new AtomicInteger();
  private final AtomicReference<Fault> next = new AtomicReference<>();
  private volatile long chunkBytes = 1024 * 1024;
  private volatile int processingChecks;
  private volatile String processingError;
  private volatile boolean refuseComments;
  private volatile String usageHeader = "X-Business-Use-Case-Usage";

  public FakeFacebook() throws IOException {
    server = LoopbackHttp.server();
    auth = new FakeFacebookAuth(this);
    server.createContext("/", this::handle);
    server.start();
  }

  public String url() {
    return LoopbackHttp.origin(server);
  }

  public FakeFacebookAuth auth() {
    return auth;
  }

  /** A Page and its token; returns the token. */
  public String page(String pageId, String name) {
    return auth.page(pageId, name);
  }

  public List<Post> posts() {
    return List.copyOf(posts);
  }

  public Map<String, Photo> photos() {
    return Map.copyOf(photos);
  }

  public List<VideoUpload> videoUploads() {
    return List.copyOf(uploads.values());
  }

  /** The size of each transfer Meta asks for. */
  public FakeFacebook chunkBytes(long bytes) {
    this.chunkBytes = bytes;
    return this;
  }

  /** Status checks answered {@code processing} before a video is ready. */
  public FakeFacebook processingChecks(int checks) {
    this.processingChecks = checks;
    return this;
  }

  /** Every video's processing fails with this reason. */
  public FakeFacebook processingError(String reason) {
    this.processingError = reason;
    return this;
  }

  public FakeFacebook refuseComments(boolean refuse) {
    this.refuseComments = refuse;
    return this;
  }

  /** Which header the rate-limit fault carries its window in ({@code X-Business-Use-Case-Usage} or {@code X-App-Usage}). */
  public FakeFacebook usageHeader(String header) {
    this.usageHeader = header;
    return this;
  }

  @Override
  public List<Held> held() {
    return posts.stream().map(p -> new Held(p.id(), p.message(), null, p.photoIds().size(), List.of(), p.videoId() != null))
        .toList();
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

  @Override
  public long rateLimitResetSeconds() {
    return REGAIN_MINUTES * 60L;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  String newId() {
    return Long.toString(ids.incrementAndGet());
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      route(ex);
    } catch (RuntimeException e) {
      error(ex, 500, 2, 0, "An unexpected error has occurred: " + e, true);
    }
  }

  private void route(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String[] parts = path.substring(1).split("/");
    if (parts.length < 2 || !parts[0].matches("v\\d+\\.\\d+")) {
      error(ex, 400, 2500, 0, "Unknown path components: " + path, false);
      return;
    }
    if (auth.handles(ex, parts)) {
      return;
    }
    var params = LoopbackHttp.params(ex);
    var values = params.values();
    String token = values.get("access_token");
    String method = ex.getRequestMethod();
    String object = parts[1];
    String edge = parts.length > 2 ? parts[2] : null;
    String tokenPage = auth.pageOf(token);
    if (tokenPage == null) {
      error(ex, 400, 190, 0, "Invalid OAuth access token - Cannot parse access token", false);
      return;
    }
    if (auth.revoked(tokenPage)) {
      error(ex, 400, 190, 460, "Error validating access token: The session has been invalidated because the user changed their password", false);
      return;
    }
    if (edge != null && auth.isPage(object) && !object.equals(tokenPage)) {
      error(ex, 403, 200, 0, "(#200) The user hasn't authorized the application to perform this action", false);
      return;
    }
    switch (method + " " + (edge == null ? "object" : edge)) {
      case "POST feed" -> feed(ex, object, values);
      case "POST photos" -> FakeFacebookPhotos.photo(this, ex, object, values, params.files());
      case "POST videos" -> FakeFacebookVideos.handle(this, ex, object, values, params.files());
      case "POST comments" -> comment(ex, object, tokenPage, values);
      case "GET object" -> read(ex, object, tokenPage);
      case "DELETE object" -> delete(ex, object, tokenPage);
      default -> error(ex, 400, 100, 0, "Unsupported " + method + " request on " + path, false);
    }
  }

  /** Applies the fault the test set for the next publishing request; true when it answered. */
  boolean fault(HttpExchange ex) throws IOException {
    publishCalls.incrementAndGet();
    Fault fault = next.getAndSet(null);
    if (fault == null || fault == Fault.DROP_AFTER_SEND) {
      if (fault == Fault.DROP_AFTER_SEND) {
        next.set(Fault.DROP_AFTER_SEND); // consumed by the request once the post exists
      }
      return false;
    }
    switch (fault) {
      case EXPIRED_TOKEN -> error(ex, 400, 190, 463, "Error validating access token: Session has expired", false);
      case REVOKED -> error(ex, 400, 190, 460, "Error validating access token: The user has changed their password", false);
      case RATE_LIMITED -> {
        usage(ex, REGAIN_MINUTES);
        error(ex, 400, 32, 0, "(#32) Page request limit reached", false);
      }
      case SERVER_ERROR -> error(ex, 500, 2, 0, "An unexpected error has occurred. Please retry your request later.", true);
      default -> throw new IllegalStateException();
    }
    return true;
  }

  /** After the post exists: drops the connection instead of answering when the test asked for it. */
  boolean dropped(HttpExchange ex) {
    if (next.compareAndSet(Fault.DROP_AFTER_SEND, null)) {
      ex.close();
      return true;
    }
    return false;
  }

  void countUpload() {
    mediaUploads.incrementAndGet();
  }

  void usage(HttpExchange ex, int minutes) {
    String value = usageHeader.equals("X-App-Usage")
        ? "{\"call_count\":100,\"total_cputime\":12,\"total_time\":20,\"estimated_time_to_regain_access\":" + minutes + "}"
        : "{\"112233\":[{\"type\":\"pages\",\"call_count\":100,\"total_cputime\":25,\"total_time\":25,"
            + "\"estimated_time_to_regain_access\":" + minutes + "}]}";
    ex.getResponseHeaders().add(usageHeader, value);
  }

  private void feed(HttpExchange ex, String pageId, Map<String, String> values) throws IOException {
    if (fault(ex)) {
      return;
    }
    String message = values.get("message");
    String link = values.get("link");
    var attached = FakeFacebookPhotos.attached(values);
    if (attached == null) {
      error(ex, 400, 100, 0, "(#100) param attached_media must be an array of objects with media_fbid", false);
      return;
    }
    if (blank(message) && blank(link) && attached.isEmpty()) {
      error(ex, 400, 100, 0, "(#100) Missing message or attachment", false);
      return;
    }
    if (!blank(link) && !link.matches("https?://[^\\s/]+.*")) {
      error(ex, 400, 100, 0, "(#100) link URL is not properly formatted", false);
      return;
    }
    for (String id : attached) {
      Photo p = photos.get(id);
      if (p == null || !p.pageId().equals(pageId) || p.published() || p.attachedTo() != null) {
        error(ex, 400, 100, 0, "(#100) attached_media " + id + " is not an unpublished photo of this Page", false);
        return;
      }
    }
    if (attached.isEmpty() && !blank(message)
        && posts.stream().anyMatch(p -> p.pageId().equals(pageId) && message.equals(p.message()) && p.photoIds().isEmpty())) {
      error(ex, 400, 506, 0, "(#506) Duplicate status message", false);
      return;
    }
    String id = pageId + "_" + newId();
    for (String photo : attached) {
      photos.computeIfPresent(photo, (k, p) -> new Photo(p.id(), p.pageId(), p.bytes(), true, id));
    }
    posts.add(new Post(id, pageId, message, link, attached, null, null, new CopyOnWriteArrayList<>()));
    if (dropped(ex)) {
      return;
    }
    var answer = new LinkedHashMap<String, Object>();
    answer.put("id", id);
    if (values.getOrDefault("fields", "").contains("permalink_url")) {
      answer.put("permalink_url", permalink(id));
    }
    LoopbackHttp.json(ex, 200, answer);
  }

  private void comment(HttpExchange ex, String objectId, String tokenPage, Map<String, String> values) throws IOException {
    Post post = find(objectId);
    if (post == null || !post.pageId().equals(tokenPage)) {
      error(ex, 400, 100, 33, "Unsupported post request. Object with ID '" + objectId + "' does not exist", false);
      return;
    }
    if (refuseComments) {
      error(ex, 403, 10, 0, "(#10) This endpoint requires the 'pages_manage_engagement' permission", false);
      return;
    }
    if (blank(values.get("message"))) {
      error(ex, 400, 100, 0, "(#100) A comment needs a message or an attachment", false);
      return;
    }
    post.comments().add(values.get("message"));
    LoopbackHttp.json(ex, 200, Map.of("id", objectId + "_" + newId()));
  }

  private void read(HttpExchange ex, String objectId, String tokenPage) throws IOException {
    var upload = uploads.values().stream().filter(u -> u.videoId.equals(objectId)).findFirst().orElse(null);
    if (upload != null && upload.pageId.equals(tokenPage)) {
      FakeFacebookVideos.status(this, ex, upload, processingChecks);
      return;
    }
    Post post = find(objectId);
    if (post == null || !post.pageId().equals(tokenPage)) {
      error(ex, 400, 100, 33, "Unsupported get request. Object with ID '" + objectId + "' does not exist", false);
      return;
    }
    LoopbackHttp.json(ex, 200, Map.of("id", post.id(), "permalink_url", permalink(post.id())));
  }

  private void delete(HttpExchange ex, String objectId, String tokenPage) throws IOException {
    Post post = find(objectId);
    if (post == null || !post.pageId().equals(tokenPage)) {
      error(ex, 400, 100, 33, "Unsupported delete request. Object with ID '" + objectId + "' does not exist", false);
      return;
    }
    posts.remove(post);
    LoopbackHttp.json(ex, 200, Map.of("success", true));
  }

  private Post find(String id) {
    return posts.stream().filter(p -> p.id().equals(id) || id.equals(p.videoId())).findFirst().orElse(null);
  }

  Map<String, Photo> photoMap() {
    return photos;
  }

  HttpClient fetcher() {
    return fetcher;
  }

  void addPost(Post post) {
    posts.add(post);
  }

  Map<String, VideoUpload> uploadsById() {
    return uploads;
  }

  String processingError() {
    return processingError;
  }

  long chunk() {
    return chunkBytes;
  }

  static String permalink(String postId) {
    String[] p = postId.split("_");
    return "https://www.facebook.com/" + p[0] + "/posts/" + p[p.length - 1];
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** Meta's error envelope. */
  static void error(HttpExchange ex, int status, int code, int subcode, String message, boolean transientError)
      throws IOException {
    var error = new LinkedHashMap<String, Object>();
    error.put("message", message);
    error.put("type", code == 190 ? "OAuthException" : "GraphMethodException");
    error.put("code", code);
    if (subcode != 0) {
      error.put("error_subcode", subcode);
    }
    error.put("is_transient", transientError);
    error.put("fbtrace_id", "AbCdEf" + code);
    LoopbackHttp.json(ex, status, Map.of("error", error));
  }
}
